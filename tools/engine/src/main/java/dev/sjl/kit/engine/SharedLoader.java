package dev.sjl.kit.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

/**
 * The lab's jars (JUnit, AssertJ, the SDKs, earlier references) in one loader for a whole session: each variant's
 * loader is a child of it, so the jars are opened, verified and JIT-compiled once, not once per variant. Its parent is
 * the platform loader, so nothing of the kit (its own JUnit, Jackson, picocli) is visible to the lab's tests.
 * <p>
 * It also defines the engine's {@code dev.sjl.kit.engine.isolated} classes from the kit's own class files, so they link
 * against the lab's JUnit Platform.
 */
final class SharedLoader extends URLClassLoader {

    static final String ISOLATED = "dev.sjl.kit.engine.isolated.";

    static {
        registerAsParallelCapable();
    }

    SharedLoader(String name, List<Path> jars) {
        super(name, urls(jars), ClassLoader.getPlatformClassLoader());
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        if (!name.startsWith(ISOLATED)) {
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
