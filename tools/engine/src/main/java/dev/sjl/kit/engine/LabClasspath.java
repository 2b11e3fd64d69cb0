package dev.sjl.kit.engine;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * What Maven resolved for one reference module, read from the files its build writes (solutions/pom.xml's
 * {@code build-classpath} executions): the lab's compiled tests and the jars to compile and run a variant with.
 *
 * @param testClasses  {@code target/test-classes}: the lab's tests, compiled against the reference, with their resources
 * @param compileJars  the compile classpath of {@code src/main} (compile and provided scope)
 * @param testJars     the test classpath without the module's own folders (every scope): JUnit, AssertJ, kit-junit...
 */
public record LabClasspath(Path testClasses, List<Path> compileJars, List<Path> testJars) {

    public static final String COMPILE_FILE = "kit-compile-classpath.txt";
    public static final String TEST_FILE = "kit-test-classpath.txt";

    /**
     * Reads {@code <module>/target}.
     *
     * @throws EngineException naming the command that writes what is missing
     */
    public static LabClasspath of(Path module, String shown) {
        Path target = module.resolve("target");
        Path testClasses = target.resolve("test-classes");
        Path compile = target.resolve(COMPILE_FILE);
        Path test = target.resolve(TEST_FILE);
        for (Path needed : List.of(testClasses, compile, test)) {
            if (!Files.exists(needed)) {
                throw new EngineException(shown + "/target/" + needed.getFileName() + " is missing: build the reference "
                        + "first (./mvnw -o -q test-compile -pl " + shown + ")");
            }
        }
        return new LabClasspath(testClasses, read(compile), read(test));
    }

    /** A classpath file as Maven writes it: one line, entries separated by the platform's path separator. */
    public static List<Path> read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return List.of();
            }
            return Arrays.stream(text.split(java.io.File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
