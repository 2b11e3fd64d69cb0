package dev.sjl.kit.engine;

import dev.sjl.kit.model.Lab;
import dev.sjl.kit.model.LabSources;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Mutation testing (PIT) of one lab's reference in a JVM of its own, as the self-test runs it beside the lab engine
 * instead of in the reactor's chain of modules (where it was two thirds of {@code kit check}'s time).
 * <p>
 * PIT mutates the lines of the reference's task regions: it loads the classes of the files that hold them
 * ({@link #targetClasses}) and tools/pit-task-regions' feature ({@link #TASK_REGIONS_FEATURE}) drops every mutant
 * outside a region. The score is about the code a learner writes, and the lab's tests are written for it. Code the
 * learner is given is tested by the labs that write it, or is plumbing (a handler's wiring, a record). Tests whose
 * name ends in {@code FuzzTest} or {@code OutageTest} are left out of the mutant runs (thousands of requests, or a
 * whole pipeline through an outage for about a minute: a property of the whole lab, proven by every plain run; under
 * PIT each covered mutant times out), and so are those ending in {@code StackTest}: they synthesize a CDK app, whose
 * construct library runs in a Node process that takes 5-14 s to start in each minion, to check a template against
 * rules that the lab's own tests of those rules (lab 08's {@code ReachabilityTest} on the hand-written template) hold
 * to every mutant first.
 * Its minion JVMs run with the lab's test flags (C1 only, serial GC, the lab's default charset), as Surefire's do,
 * unless the reference's POM says {@code <kit.mutation.fullJit>true</kit.mutation.fullJit>}: then the JIT's full
 * tiers, for a lab whose tests spend their time in this JVM's own computing (lab 03's bcrypt and RSA: 200 s with C1
 * only, 78 s with C2, alone on a quiet machine, the same mutants caught). Where the time goes to the emulators, C2's
 * compiling is CPU taken from them: lab 07, 132 s with C1 only (68 s of CPU), 144 s with C2 (114 s).
 * Each keeps one local cloud for all the tests it runs ({@code -Dlocalcloud.session=jvm}, reset between tests).
 * <p>
 * The report lands where {@code ./mvnw -Pmutation verify} puts it ({@code solutions/NN-x/target/pit-reports}), with
 * {@value #TIME_FILE} beside it (how long it took); the caller judges the score against the threshold.
 */
public final class MutationRun {

    /**
     * A mutation minion lists its tests by running each relevant class whole (pitest-junit5-plugin), before its first
     * mutant; kit-junit's {@code SkipBodiesWhilePitListsTests}, switched on here, skips the bodies of that listing run.
     */
    static final List<String> LIST_TESTS_WITHOUT_RUNNING = List.of(
            "-Djunit.jupiter.extensions.autodetection.enabled=true",
            "-Djunit.jupiter.extensions.autodetection.include=dev.sjl.kit.junit.SkipBodiesWhilePitListsTests");

    /** tools/pit-task-regions' PIT feature, which the PIT jars handed to {@link #command} must include. */
    static final String TASK_REGIONS_FEATURE = "KIT_TASK_REGIONS";

    /** PIT's command-line entry point (pitest-command-line). */
    public static final String MAIN = "org.pitest.mutationtest.commandline.MutationCoverageReport";

    /** Under {@code solutions/NN-x}. */
    public static final String REPORT_DIR = "target/pit-reports";

    /** In {@link #REPORT_DIR}: {@code millis=} and {@code exit=} of the last run. */
    public static final String TIME_FILE = "kit-mutation.properties";

    private static final String JAVA_SOURCES = "src/main/java/";

    /**
     * How PIT runs.
     *
     * @param threads       minion JVMs at a time (one per lab when several labs share the cores)
     * @param timeoutMillis PIT's constant per test on top of 1.25 times its normal time: a mutant that loops forever
     *                      costs this much; less lets a test whose class builds RSA keys in a fresh minion, on a
     *                      loaded machine, time out and count as a kill (10 s gave lab 03 14 timeouts at load 15,
     *                      20 s gave 3), so it stays where the references' -Pmutation profile has it
     * @param excludedTests test class globs that never run against mutants
     * @param awaitMillis   the longest a test waits for something in the background ({@link #awaitCeilingMillis})
     */
    public record Settings(int threads, long timeoutMillis, List<String> excludedTests, long awaitMillis) {

        /**
         * A background hop (a stream read, a queue poll, a delivery) takes well under a second on the unmutated
         * reference even with the machine busy. The longest single wait of lab 07's reference tests (its OutageTest
         * aside, which PIT leaves out), timed around {@code Await.until}: 0.32 s on a quiet machine, 0.47 s beside 3
         * busy loops, 0.81 s beside 6 (a load of 5.4 on 2 cores). 2.5 s is three times the last, and a wait cut off
         * there is a mutant caught by the wait's rule. Most of lab 07's mutation time is such waits: its PIT run took
         * 85 s at 5 s and 53 s at 2.5 s, with the same 70 of 72 mutants caught.
         */
        static final long AWAIT_MILLIS = 2_500;

        public Settings(int threads, long timeoutMillis, List<String> excludedTests) {
            this(threads, timeoutMillis, excludedTests, AWAIT_MILLIS);
        }

        public static Settings defaults(int threads) {
            return new Settings(threads, Long.getLong("kit.mutation.timeoutMillis", 20_000), List.of("*FuzzTest", "*OutageTest", "*StackTest"),
                    Long.getLong("kit.mutation.awaitMillis", AWAIT_MILLIS));
        }
    }

    private MutationRun() {
    }

    /**
     * PIT's target classes: for each {@code src/main/java} file with a task region, its class and the classes nested
     * in it ({@code dev.sjl.jwt.TokenIssuer}, {@code dev.sjl.jwt.TokenIssuer$*}). Empty when the lab has no regions.
     */
    public static List<String> targetClasses(LabSources sources) {
        List<String> globs = new ArrayList<>();
        for (String file : sources.taskFiles()) {
            if (file.startsWith(JAVA_SOURCES) && file.endsWith(".java")) {
                String name = file.substring(JAVA_SOURCES.length(), file.length() - ".java".length()).replace('/', '.');
                globs.add(name);
                globs.add(name + "$*");
            }
        }
        return globs;
    }

    /** Where PIT looks for tests: every top-level package of the lab's compiled tests ({@code dev.*}). */
    static List<String> targetTests(Path testClasses) throws IOException {
        try (Stream<Path> children = Files.list(testClasses)) {
            return children.filter(Files::isDirectory).map(dir -> dir.getFileName() + ".*").sorted().toList();
        }
    }

    /**
     * The PIT command for {@code solutions/<lab>}, which must have been built (its classes, test classes and
     * {@code target/kit-test-classpath.txt}). Writes the minions' classpath to a file beside the report.
     *
     * @param pitJars PIT and its plugins (pitest-command-line, pitest-junit5-plugin, kit-pit-task-regions and what
     *                they need)
     */
    public static List<String> command(List<Path> pitJars, Path root, String lab, Settings settings) throws IOException {
        Lab parts = Lab.in(root, lab);
        Path module = parts.solutionDir();
        LabClasspath built = LabClasspath.of(module, parts.solutionPath());
        List<String> targets = targetClasses(LabSources.read(parts));
        if (targets.isEmpty()) {
            throw new EngineException(parts.solutionPath()
                    + "/src/main has no // BEGIN TASK regions: nothing to mutate");
        }
        // The lab's own classpath first, as Surefire orders it; PIT's jars after it, for the minions to load PIT from.
        List<Path> classpath = new ArrayList<>();
        classpath.add(module.resolve("target/classes"));
        classpath.add(built.testClasses());
        classpath.addAll(built.testJars());
        pitJars.stream().filter(jar -> !classpath.contains(jar)).forEach(classpath::add);
        Path reports = module.resolve(REPORT_DIR);
        Files.createDirectories(reports);
        Path classpathFile = module.resolve("target/kit-mutation-classpath.txt");
        Files.write(classpathFile, classpath.stream().map(Path::toString).toList(), StandardCharsets.UTF_8);

        // One local cloud per minion, reset between tests (localcloud-junit): PIT runs each test of each mutant on a
        // launcher of its own, and each would otherwise start and stop every emulator it uses.
        List<String> minion = new ArrayList<>(fullJit(parts) ? List.of() : List.of("-XX:TieredStopAtLevel=1"));
        minion.addAll(List.of("-XX:+UseSerialGC", "-Xshare:auto",
                "-Dkit.lab=" + lab, "-Dkit.role=mutation", "-Dlocalcloud.session=jvm",
                // PIT runs in the kit's root, which has no target/ for the local cloud's logs to default to
                "-Dlocalcloud.logs=" + module.resolve("target/localcloud-logs-mutation"),
                "-Dkit.await.ceilingMillis=" + awaitCeilingMillis(settings)));
        minion.addAll(LIST_TESTS_WITHOUT_RUNNING);
        minion.addAll(EngineProcess.testJvmFlags(root, List.of(lab)));

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", pitJars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)), MAIN,
                "--reportDir", reports.toString(),
                "--targetClasses", String.join(",", targets),
                "--targetTests", String.join(",", targetTests(built.testClasses())),
                "--excludedTestClasses", String.join(",", settings.excludedTests()),
                "--sourceDirs", module.resolve("src/main/java").toString(),
                "--classPathFile", classpathFile.toString(),
                "--includeLaunchClasspath=false",
                // Only the mutants on the lines of the task regions (kit-pit-task-regions, on PIT's classpath): the
                // code a learner writes. The code around it is given; a bug planted there is one no learner can make.
                "--features=+" + TASK_REGIONS_FEATURE,
                "--threads", String.valueOf(settings.threads()),
                "--timeoutConst", String.valueOf(settings.timeoutMillis()),
                "--outputFormats", "XML,HTML",
                "--timestampedReports=false",
                "--jvmArgs", String.join(",", minion)));
        return command;
    }

    private static final Pattern FULL_JIT = Pattern.compile("<kit\\.mutation\\.fullJit>\\s*true\\s*</kit\\.mutation\\.fullJit>");

    /** Whether the lab's reference POM asks for the JIT's full tiers in PIT's minions (see the class comment). */
    static boolean fullJit(Lab parts) {
        try {
            Path pom = parts.solutionPom();
            return Files.isRegularFile(pom) && FULL_JIT.matcher(Files.readString(pom, StandardCharsets.UTF_8)).find();
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * How long a lab test may wait for something in the background under PIT ({@code -Dkit.await.ceilingMillis}, read by
     * lab 07's {@code Await}): {@link Settings#awaitMillis}, and always under PIT's own timeout per test (1.25 times
     * its normal time plus the constant), so a mutant that stops a pipeline fails the wait with its rule and PIT does
     * not kill and replace the JVM. Lab 07's tests wait 60 s in a learner's run; under PIT, waiting out the timeout for
     * each mutant that stops the pipeline was most of the lab's mutation time (146 tests in 332 s, against about
     * 0.5 s a test in labs 03 and 06).
     */
    static long awaitCeilingMillis(Settings settings) {
        return Math.min(settings.awaitMillis(), Math.max(1_000, settings.timeoutMillis() - 2_000));
    }

    /** {@code solutions/<lab>/}{@value #REPORT_DIR}: PIT's report and {@value #TIME_FILE}. */
    public static Path reportDir(Path root, String lab) {
        return Lab.in(root, lab).solutionDir().resolve(REPORT_DIR);
    }

    /** Starts PIT with everything it prints going to {@code log}. */
    public static Process start(List<Path> pitJars, Path root, String lab, Settings settings, Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Path mutations = reportDir(root, lab).resolve("mutations.xml");
        Files.deleteIfExists(mutations); // a report from an earlier run must never pass for this one's
        Process process = new ProcessBuilder(command(pitJars, root, lab, settings)).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        return process;
    }

    /** Records how long a lab's run took and how PIT exited, for {@code kit check}'s table of phases. */
    public static void recordTime(Path root, String lab, long millis, int exitCode) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("millis", String.valueOf(millis));
        properties.setProperty("exit", String.valueOf(exitCode));
        Path file = reportDir(root, lab).resolve(TIME_FILE);
        Files.createDirectories(file.getParent());
        try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "kit check: PIT on " + Lab.in(root, lab).solutionPath());
        }
    }

    /** The milliseconds {@link #recordTime} wrote, or -1 when there is no record. */
    public static long recordedMillis(Path root, String lab) {
        Path file = reportDir(root, lab).resolve(TIME_FILE);
        if (!Files.isRegularFile(file)) {
            return -1;
        }
        Properties properties = new Properties();
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(in);
            return Long.parseLong(properties.getProperty("millis", "-1"));
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
