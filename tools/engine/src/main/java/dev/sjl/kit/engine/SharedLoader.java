package dev.sjl.kit.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The lab's jars (JUnit, AssertJ, the SDKs, earlier references) in one loader for a whole session: each variant's
 * loader is a child of it, so the jars are opened, verified and JIT-compiled once, not once per variant. Its parent is
 * the platform loader, so nothing of the kit (its own JUnit, Jackson, picocli) is visible to the lab's tests.
 * <p>
 * It also serves the test classes folder's <em>resources</em> but never its classes: a library in a jar that reads a
 * test's file through its own class loader (aws-lambda-java-tests' {@code EventLoader} reads {@code events/*.json} so)
 * finds it, as it would on Surefire's single classpath, while the test classes themselves are defined by the variant's
 * loader, where they see the variant's code.
 * <p>
 * It defines the engine's {@code dev.sjl.kit.engine.isolated} classes from the kit's own class files, so they link
 * against the lab's JUnit Platform.
 */
final class SharedLoader extends URLClassLoader {

    static final String ISOLATED = "dev.sjl.kit.engine.isolated.";

    static {
        registerAsParallelCapable();
    }

    private final Path resourcesOnly;

    /**
     * @param entries       the classpath: jars and folders
     * @param resourcesOnly one of the entries whose classes this loader must leave to a child, or null
     */
    SharedLoader(String name, List<Path> entries, Path resourcesOnly) {
        super(name, urls(entries), ClassLoader.getPlatformClassLoader());
        this.resourcesOnly = resourcesOnly;
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (!name.startsWith(ISOLATED)) {
            if (resourcesOnly != null && Files.isRegularFile(resourcesOnly.resolve(name.replace('.', '/') + ".class"))) {
                throw new ClassNotFoundException(name + " is a test class: the variant's loader defines it");
            }
            return super.findClass(name);
        }
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = SharedLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            byte[] bytes = in.readAllBytes();
            return defineClass(name, bytes, 0, bytes.length);
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }

    /** The class of that name if this loader has defined it, else null (never loads it). */
    Class<?> loaded(String name) {
        synchronized (getClassLoadingLock(name)) {
            return findLoadedClass(name);
        }
    }

    static URL[] urls(List<Path> entries) {
        return entries.stream().map(path -> {
            try {
                return path.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new UncheckedIOException(new IOException("not a classpath entry: " + path, e));
            }
        }).toArray(URL[]::new);
    }
}
