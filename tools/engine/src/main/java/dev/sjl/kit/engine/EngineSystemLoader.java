package dev.sjl.kit.engine;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;

/**
 * A system class loader that falls back to the variant being tested. Some test libraries look classes up through
 * {@link ClassLoader#getSystemClassLoader()} instead of their own loader or the context loader (aws-lambda-java-tests'
 * {@code EventLoader} does, for the event classes and Joda-Time); in the engine, the lab's classes and jars are not on
 * the system classpath but in the variant's loader. Installed with
 * {@code -Djava.system.class.loader=dev.sjl.kit.engine.EngineSystemLoader}: everything the JVM's own classpath holds
 * still comes from there first, and only what it lacks is asked of the variant while one runs.
 */
public final class EngineSystemLoader extends ClassLoader {

    /** The JVM option that installs it. */
    public static final String OPTION = "-Djava.system.class.loader=" + EngineSystemLoader.class.getName();

    static {
        registerAsParallelCapable();
    }

    private volatile ClassLoader variant;

    /** Called by the JVM with the application class loader as the parent. */
    public EngineSystemLoader(ClassLoader parent) {
        super("kit-engine-system", parent);
    }

    /** Whether this JVM runs with it: without it, such tests fail with a ClassNotFoundException in the engine only. */
    static boolean installed() {
        return ClassLoader.getSystemClassLoader() instanceof EngineSystemLoader;
    }

    /** Makes a variant's loader the fallback for the duration of its run; null ends it. */
    static void fallBackTo(ClassLoader loader) {
        if (ClassLoader.getSystemClassLoader() instanceof EngineSystemLoader system) {
            system.variant = loader;
        }
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        ClassLoader fallback = variant;
        if (fallback == null) {
            throw new ClassNotFoundException(name);
        }
        return fallback.loadClass(name);
    }

    @Override
    protected URL findResource(String name) {
        ClassLoader fallback = variant;
        return fallback == null ? null : fallback.getResource(name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
        ClassLoader fallback = variant;
        return fallback == null ? Collections.emptyEnumeration() : fallback.getResources(name);
    }
}
