package dev.sjl.kit.engine;

import dev.sjl.kit.junit.LabResults;
import dev.sjl.kit.junit.LabResults.TestResult;
import dev.sjl.kit.model.Lab;
import dev.sjl.kit.model.LabSources;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One lab's session: compiles variants of its {@code src/main} in-process and runs the lab's compiled tests against
 * each, in a class loader of its own over one shared loader of the lab's jars. Works in {@code
 * solutions/NN-x/target/kit-engine/}: a snapshot of the lab's test classes, each variant's classes and results, and
 * {@code tests.log} with what the tests printed. Not thread-safe: a session runs one variant at a time.
 */
public final class LabEngine implements AutoCloseable {

    static final String WORK = "kit-engine";

    /**
     * The longest the top step waits for the reference's tests in the lab's Maven (lab 07's take about 40 s); past it,
     * the engine runs them itself.
     */
    static final Duration REFERENCE_RUN_WAIT = Duration.ofMinutes(10);

    private final Path root;
    private final String lab;
    private final Lab parts;
    private final LabSources sources;
    private final LabClasspath classpath;
    private final Path work;
    private final Options options;
    private final VariantCompiler compiler;
    private final PrintStream log;
    private final TestRunner runner;

    /**
     * How a session runs.
     *
     * @param freshLoaders one loader with everything per variant, Surefire's layout exactly (slower: every jar is loaded
     *                     and compiled again); for a lab whose libraries the shared jar loader confuses
     * @param testTimeout  JUnit's default timeout per test, so a shortcut that loops forever ends as a TIMEOUT
     * @param progress     one line per variant (compile and test times), or nothing
     * @param reuseReferenceRun the top of the staircase (the reference) takes Surefire's results of the same build
     *                     instead of running every test again; for the self-test, whose reactor has just run them
     * @param buildStarted when the build began ({@code -Dkit.checkSince}): results written before it are another
     *                     build's; null for a build run by hand (see {@link #referenceResultsOfThisBuild})
     * @param labBuildEnded a file that appears when the Maven running the reference's tests has ended
     *                     ({@code -Dkit.engine.labBuildEnded}): {@code kit check NN} runs them beside this engine, so
     *                     the top step waits for them; null when they ran before the engine started
     */
    public record Options(boolean freshLoaders, Duration testTimeout, Consumer<String> progress,
                          boolean reuseReferenceRun, Instant buildStarted, Path labBuildEnded) {

        public Options(boolean freshLoaders, Duration testTimeout, Consumer<String> progress) {
            this(freshLoaders, testTimeout, progress, false);
        }

        public Options(boolean freshLoaders, Duration testTimeout, Consumer<String> progress, boolean reuseReferenceRun) {
            this(freshLoaders, testTimeout, progress, reuseReferenceRun, null, null);
        }

        public static Options defaults(Consumer<String> progress) {
            String since = System.getProperty("kit.checkSince", "");
            String ended = System.getProperty("kit.engine.labBuildEnded", "");
            return new Options(Boolean.getBoolean("kit.engine.freshLoaders"),
                    Duration.ofSeconds(Long.getLong("kit.engine.testTimeoutSeconds", 120)), progress,
                    Boolean.getBoolean("kit.engine.reuseReferenceRun"), since.isBlank() ? null : Instant.parse(since),
                    ended.isBlank() ? null : Path.of(ended));
        }
    }

    private LabEngine(Path root, String lab, Options options, String workName) {
        this.root = root;
        this.lab = lab;
        this.parts = Lab.in(root, lab);
        this.options = options;
        this.sources = LabSources.read(parts);
        LabClasspath built = LabClasspath.of(parts.solutionDir(), parts.solutionPath());
        this.work = parts.solutionTarget().resolve(workName);
        LabSources.deleteTree(work);
        try {
            Files.createDirectories(work);
            // A snapshot: a build of the same module while the session runs must not change the tests under it.
            Path testClasses = work.resolve("test-classes");
            copyTree(built.testClasses(), testClasses);
            this.classpath = new LabClasspath(testClasses, built.compileJars(), built.testJars());
            this.log = new PrintStream(new FileOutputStream(work.resolve("tests.log").toFile()), true,
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + work, e);
        }
        this.compiler = new VariantCompiler();
        if (!EngineSystemLoader.installed()) {
            progress("note: this JVM runs without " + EngineSystemLoader.OPTION + ", so a test library that loads "
                    + "classes through the system class loader (aws-lambda-java-tests' EventLoader) fails here only");
        }
        // One local cloud for the session's runs: each variant (and each test class of a shortcut) is a JUnit run of
        // its own, which would otherwise start and stop every emulator its tests use. -Dkit.engine.cloudPerRun goes
        // back to a cloud per run, to tell a lab's problem from one the shared cloud makes.
        this.runner = new TestRunner(lab, parts.dir(), classpath, options.freshLoaders(), log,
                Map.of("junit.jupiter.execution.timeout.default", options.testTimeout().toSeconds() + " s"),
                !Boolean.getBoolean("kit.engine.cloudPerRun"), work.resolve("localcloud-logs"));
        runner.knownClassTimes(SurefireClassTimes.read(parts.solutionTarget().resolve("surefire-reports")));
    }

    /**
     * Opens a session on {@code solutions/<lab>}, which must have been built ({@code test-compile}).
     *
     * @throws EngineException when the reference's build output is missing
     */
    public static LabEngine open(Path root, String lab, Options options) {
        return new LabEngine(root, lab, options, WORK);
    }

    /** A session working in {@code solutions/<lab>/target/<workName>}, so that shards of one lab do not collide. */
    static LabEngine open(Path root, String lab, Options options, String workName) {
        return new LabEngine(root, lab, options, workName);
    }

    public String lab() {
        return lab;
    }

    public Path root() {
        return root;
    }

    /** Where the lab's folders and files are. */
    public Lab parts() {
        return parts;
    }

    public LabSources sources() {
        return sources;
    }

    public Options options() {
        return options;
    }

    /**
     * {@link #referenceResults()} when they come from this build: written after {@link Options#buildStarted}, or, for a
     * build run by hand without it, after {@code target/kit-test-classpath.txt} (rewritten whenever the lab's classpath
     * changes: the weaker test); else empty, so a build that skipped the tests never passes last week's results off as
     * this one's. With {@link Options#labBuildEnded} the tests are still running in the lab's own Maven: waits for their
     * results until that Maven has ended, at most {@link #REFERENCE_RUN_WAIT}.
     */
    public Map<String, TestResult> referenceResultsOfThisBuild() {
        if (options.labBuildEnded() != null) {
            long deadline = System.nanoTime() + REFERENCE_RUN_WAIT.toNanos();
            while (!referenceRanInThisBuild() && !Files.exists(options.labBuildEnded())
                    && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Map.of();
                }
            }
        }
        return referenceRanInThisBuild() ? referenceResults() : Map.of();
    }

    private boolean referenceRanInThisBuild() {
        try {
            Path results = parts.referenceResults();
            if (!Files.isRegularFile(results)) {
                return false;
            }
            if (options.buildStarted() != null) {
                return !Files.getLastModifiedTime(results).toInstant().isBefore(options.buildStarted());
            }
            Path classpath = parts.solutionTarget().resolve(LabClasspath.TEST_FILE);
            return Files.isRegularFile(classpath)
                    && Files.getLastModifiedTime(results).compareTo(Files.getLastModifiedTime(classpath)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The reference's own run under Surefire ({@code target/lab-results.json}), by test id; empty when it has not run
     * or cannot be read. The engine compares its run of the reference with it.
     */
    public Map<String, TestResult> referenceResults() {
        Path file = parts.referenceResults();
        Map<String, TestResult> byId = new LinkedHashMap<>();
        try {
            if (Files.isRegularFile(file)) {
                LabResults.read(file).tests().forEach(test -> byId.putIfAbsent(test.id(), test));
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return byId;
    }

    /**
     * Compiles a variant and runs the lab's tests for the given tasks against it (all tests when none are given).
     *
     * @param name  a folder name, unique in the session
     * @param label how findings name the variant
     * @param main  the variant's {@code src/main} files, as {@link LabSources#mainSources} gives them
     */
    public VariantRun run(String name, String label, SortedMap<String, byte[]> main, Collection<Integer> tasks) {
        return run(name, label, main, tasks, null);
    }

    /**
     * Like {@link #run(String, String, SortedMap, Collection)}, and stops at the first test that failed with an
     * assertion whose message contains every phrase of {@code stopWhen} (when not null): enough to know a shortcut is
     * caught by name.
     */
    public VariantRun run(String name, String label, SortedMap<String, byte[]> main, Collection<Integer> tasks,
                          List<String> stopWhen) {
        Path dir = work.resolve(name);
        log.println();
        log.println("==== " + lab + " · " + label + " ====");
        VariantCompiler.Result compiled = compiler.compile(main, classpath.compileJars(), dir.resolve("classes"));
        if (!compiled.ok()) {
            compiled.errors().forEach(log::println);
            progress(label + ": does not compile (" + compiled.millis() + " ms)");
            return new VariantRun(name, label, compiled.errors(), null, null, compiled.millis(), 0);
        }
        TestRunner.Outcome outcome = runner.run(compiled.output(), tasks, dir.resolve("lab-results.json"), stopWhen);
        VariantRun run = new VariantRun(name, label, compiled.errors(), outcome.results(), outcome.error(),
                compiled.millis(), outcome.millis());
        int ran = run.ran().size();
        int leftOut = run.tests().size() - ran;
        progress(label + ": compiled in " + seconds(compiled.millis()) + ", " + ran + " tests in "
                + seconds(outcome.millis()) + ", " + run.red() + " red" + (leftOut == 0 ? "" : ", " + leftOut + " left out")
                + (outcome.error() == null ? "" : " · " + outcome.error()));
        return run;
    }

    private void progress(String line) {
        if (options.progress() != null) {
            options.progress().accept(line);
        }
    }

    static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    @Override
    public void close() {
        try {
            runner.close();
        } finally {
            compiler.close();
            log.close();
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
