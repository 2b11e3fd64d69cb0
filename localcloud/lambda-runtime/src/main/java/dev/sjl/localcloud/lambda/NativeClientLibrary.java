package dev.sjl.localcloud.lambda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The runtime interface client's JNI library, unpacked where no other execution environment writes.
 * <p>
 * Why: at every start the client copies its library from its jar to one fixed path,
 * {@code /tmp/.libaws-lambda-jni.so}, and loads it from there, trying each platform's build in turn. On Lambda every
 * execution environment has a {@code /tmp} of its own. Here all of them share the machine's, and two runtimes starting
 * at once rewrite the file under each other: of 90 JVMs started six at a time, 28 could not load it ("file too short",
 * "cannot open shared object file"), and a runtime that had loaded it could crash with SIGBUS when it was rewritten. A
 * lab's test met that as a function whose init crashed before its first log line (twice in three runs of
 * {@code kit check 01}). The client skips its copy when the system property {@value #PROPERTY} names a library, so this
 * unpacks the build for this platform once per classpath into a directory of this JVM's own (created private, deleted
 * when the JVM ends) and names it there.
 */
final class NativeClientLibrary {

    /** Read by the client's {@code JniHelper} before it unpacks anything. */
    static final String PROPERTY = "com.amazonaws.services.lambda.runtime.api.client.runtimeapi.NativeClient.JNI";

    private static final Map<String, Optional<Path>> BY_CLASSPATH = new ConcurrentHashMap<>();

    private NativeClientLibrary() {
    }

    /**
     * The JVM option that points the function's runtime at its own copy of the library; empty where the function's
     * JVM options already name one, or where this platform has no build in the client's jar (the client then does as
     * it always does).
     *
     * @param classpath the function's classpath, whose client the library must match
     * @param jvmArgs   the function's JVM options
     */
    static Optional<String> jvmOption(String classpath, List<String> jvmArgs) {
        String option = "-D" + PROPERTY + "=";
        if (jvmArgs.stream().anyMatch(arg -> arg.startsWith(option))) {
            return Optional.empty();
        }
        return BY_CLASSPATH.computeIfAbsent(classpath, NativeClientLibrary::unpack).map(file -> option + file);
    }

    private static Optional<Path> unpack(String classpath) {
        Optional<String> resource = resourceName(System.getProperty("os.name", ""), System.getProperty("os.arch", ""),
                Files::exists);
        if (resource.isEmpty()) {
            return Optional.empty();
        }
        try (URLClassLoader jars = new URLClassLoader(urls(classpath), null);
             InputStream library = jars.getResourceAsStream(resource.get())) {
            if (library == null) {
                return Optional.empty();
            }
            // createTempDirectory makes it readable by this user only: nobody else can swap the library for their own.
            Path dir = Files.createTempDirectory("lambda-jni-");
            // deleteOnExit works in the reverse order: the file goes first, then its directory.
            dir.toFile().deleteOnExit();
            Path file = dir.resolve("libaws-lambda-jni.so");
            file.toFile().deleteOnExit();
            Files.copy(library, file);
            return Optional.of(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack the runtime interface client's native library", e);
        }
    }

    /**
     * The client's jar entry for this platform: {@code jni/libaws-lambda-jni.linux-x86_64.so} and its siblings for
     * arm64 and musl, as the client names them; empty off Linux or on another architecture.
     *
     * @param exists whether a file is there (the C library is musl when only musl's dynamic loader is)
     */
    static Optional<String> resourceName(String osName, String osArch, Predicate<Path> exists) {
        if (!osName.toLowerCase(Locale.ROOT).startsWith("linux")) {
            return Optional.empty();
        }
        String arch = switch (osArch.toLowerCase(Locale.ROOT)) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "aarch_64";
            default -> null;
        };
        if (arch == null) {
            return Optional.empty();
        }
        boolean x86 = arch.equals("x86_64");
        Path glibcLoader = Path.of(x86 ? "/lib64/ld-linux-x86-64.so.2" : "/lib/ld-linux-aarch64.so.1");
        Path muslLoader = Path.of(x86 ? "/lib/ld-musl-x86_64.so.1" : "/lib/ld-musl-aarch64.so.1");
        boolean musl = !exists.test(glibcLoader) && exists.test(muslLoader);
        return Optional.of("jni/libaws-lambda-jni.linux" + (musl ? "_musl-" : "-") + arch + ".so");
    }

    private static URL[] urls(String classpath) {
        List<URL> urls = new ArrayList<>();
        for (Path entry : Sandbox.entries(classpath)) {
            try {
                urls.add(entry.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("Not a classpath entry: " + entry, e);
            }
        }
        return urls.toArray(URL[]::new);
    }
}
