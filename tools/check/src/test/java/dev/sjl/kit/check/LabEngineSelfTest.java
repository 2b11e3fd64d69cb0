package dev.sjl.kit.check;

import dev.sjl.kit.build.MutationReport;
import dev.sjl.kit.engine.EngineProcess;
import dev.sjl.kit.engine.EngineReport;
import dev.sjl.kit.engine.JobSlots;
import dev.sjl.kit.engine.LabClasspath;
import dev.sjl.kit.engine.MutationRun;
import dev.sjl.kit.lab.Workspace;
import dev.sjl.kit.model.Lab;
import dev.sjl.kit.model.LabSources;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The lab engine (tools/engine) on every lab: the staircase (each task's tests red for that task, earlier tasks' tests
 * green) and the shortcut suite (each plausible wrong implementation caught by a message that names it). One engine JVM
 * per lab, or per shard of a lab with many shortcuts, {@code kit.engine.jobs} at a time (default: up to two, one per
 * core, and a third while the cores sit idle: {@link JobSlots}). A lab's report goes to
 * {@code solutions/NN-x/target/kit-engine.json}, where {@code kit check} reads its one-line summary; what the engine
 * printed to {@code solutions/NN-x/target/kit-engine*.log}.
 * {@code -Dkit.engine.labs=03-jwt,...} runs only those labs, {@code -Dkit.engine.skip} none, {@code -Dkit.engine.jobs=N}
 * N at a time.
 * <p>
 * With {@code -Dkit.mutation=true} (set by {@code -Pselftest}) the same pool also runs PIT on every reference
 * ({@link MutationRun}: the task regions, one JVM per lab), queued first because it is a lab's longest job: off
 * the reactor's chain of modules, where it ran one lab after another, and beside the engine's shards, so both cores stay
 * busy. Each lab's score must reach the threshold in solutions/pom.xml; the report is in
 * {@code solutions/NN-x/target/pit-reports}, what PIT printed in {@code solutions/NN-x/target/kit-mutation.log}.
 */
@DisplayName("Every lab climbs its staircase and catches its shortcuts")
class LabEngineSelfTest {

    private static final Path ROOT = Path.of(System.getProperty("kit.root", "../..")).toAbsolutePath().normalize();
    private static final long TIMEOUT_MINUTES = Long.getLong("kit.engine.timeoutMinutes", 20);
    /**
     * Set by {@code kit check NN}, which starts this module beside the lab's own build (LabCheckBuild): the file that
     * appears when that build ends. Until then a job starts only while the cores are idle (JobSlots#besideABuild).
     */
    private static final String LAB_BUILD_ENDED = System.getProperty("kit.engine.labBuildEnded", "");
    private static final int JOB_COUNT = Integer.getInteger("kit.engine.jobs",
            Math.min(2, Runtime.getRuntime().availableProcessors()));
    /**
     * One job per core, and one more while the cores sit idle (jobs wait on queues, PostgreSQL and PIT): see
     * {@link JobSlots}. An explicit {@code -Dkit.engine.jobs} is exactly that many, for measuring one job alone.
     */
    private static final JobSlots SLOTS = System.getProperty("kit.engine.jobs") != null
            ? new JobSlots(JOB_COUNT, 0, () -> 0)
            : LAB_BUILD_ENDED.isBlank() ? JobSlots.forMachine(JOB_COUNT)
            : JobSlots.besideABuild(JOB_COUNT, () -> !Files.exists(Path.of(LAB_BUILD_ENDED)));
    private static final ExecutorService JOBS = Executors.newFixedThreadPool(JOB_COUNT + 1, runnable -> {
                Thread thread = new Thread(runnable, "kit-engine-job");
                thread.setDaemon(true);
                return thread;
            });

    private static final boolean MUTATION = Boolean.getBoolean("kit.mutation");

    @TestFactory
    @DisplayName("Lab engine")
    Stream<DynamicNode> everyLab() {
        boolean engine = !Boolean.getBoolean("kit.engine.skip");
        if (!engine && !MUTATION) {
            return Stream.empty();
        }
        Set<String> only = Arrays.stream(System.getProperty("kit.engine.labs", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        List<Lab> labs = new Workspace(ROOT).labs().stream()
                .filter(lab -> only.isEmpty() || only.contains(lab.name()))
                .filter(lab -> Files.isRegularFile(lab.solutionDir().resolve("pom.xml"))) // FOLDERS reports the rest
                .toList();
        // Every job is queued now, the longest first, so the last jobs to start are short and both cores stay busy to
        // the end (a long job started last is the run's tail). A lab is split into shards only when there are fewer
        // labs than cores. Each container waits for its own lab.
        int shards = labs.size() >= JOB_COUNT ? 1 : JOB_COUNT;
        // One PIT minion per lab when labs share the cores; one lab alone (kit check NN) gives PIT every core, beside
        // the engine's shards.
        int threads = labs.size() == 1 ? JOB_COUNT : 1;
        Map<String, CompletableFuture<Mutation>> mutations = new HashMap<>();
        Map<String, CompletableFuture<Outcome>> runs = new HashMap<>();
        List<QueuedJob> queue = new ArrayList<>();
        for (Lab lab : labs) {
            double suite = referenceSuiteSeconds(lab.solutionDir());
            if (MUTATION) {
                queue.add(new QueuedJob(PIT_PER_SUITE_SECOND * suite,
                        () -> mutations.put(lab.name(), mutate(lab, threads))));
            }
            if (engine) {
                queue.add(new QueuedJob(ENGINE_PER_SUITE_SECOND * suite, () -> runs.put(lab.name(), start(lab,
                        Math.min(shards, EngineProcess.shards(ROOT, lab.name(), JOB_COUNT))))));
            }
        }
        queue.stream().sorted(Comparator.comparingDouble(QueuedJob::estimate).reversed()).map(QueuedJob::enqueue)
                .forEach(Runnable::run);
        return labs.stream().map(lab -> container(lab, runs.get(lab.name()), mutations.get(lab.name())));
    }

    /**
     * How long a lab's jobs take grows with its reference's own test time: the engine reruns the suite once per step and
     * shortcut, PIT once per covered mutant. Seen on the 8 labs (fresh-clone CI, 2 cores): the engine took 4-10 times
     * the suite's time, PIT 6-30 times. Only the order matters: replaying those 16 jobs' times on two workers, this
     * order ends in 23.9 min for each pair of factors tried (7/15, 7/10, 8/5, 1/1), the old one (all PIT, then the
     * engine by shortcut count) in 27.4 min, because lab 07's 10-minute engine job started last.
     */
    private static final double ENGINE_PER_SUITE_SECOND = 7;
    private static final double PIT_PER_SUITE_SECOND = 15;

    /** A job waiting for its turn in the pool, with how long it is expected to take (any unit, for the order). */
    private record QueuedJob(double estimate, Runnable enqueue) {
    }

    /**
     * The reference's test time in this build, from Surefire's reports (the reactor ran them before this module): a
     * lab whose tests take a minute (lab 07's outage scenarios) is a long job for the engine and for PIT alike. Zero
     * when there is no report: the job then goes last, which costs time, never a result.
     */
    static double referenceSuiteSeconds(Path solutionDir) {
        Path reports = solutionDir.resolve("target").resolve("surefire-reports");
        if (!Files.isDirectory(reports)) {
            return 0;
        }
        double seconds = 0;
        try (Stream<Path> files = Files.list(reports)) {
            for (Path xml : files.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml")).toList()) {
                Matcher time = SUITE_TIME.matcher(Files.readString(xml, StandardCharsets.UTF_8));
                if (time.find()) {
                    seconds += Double.parseDouble(time.group(1));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return seconds;
        }
        return seconds;
    }

    private static final Pattern SUITE_TIME = Pattern.compile("<testsuite\\b[^>]*?\\btime=\"([0-9.]+)\"");

    /** A lab's mutation testing: PIT's report, or why there is none, and how long it took. */
    private record Mutation(MutationReport report, String problem, long millis) {
    }

    private static CompletableFuture<Mutation> mutate(Lab lab, int threads) {
        String notBuilt = notBuiltInThisBuild(lab);
        if (notBuilt != null) {
            return CompletableFuture.completedFuture(new Mutation(null, notBuilt, 0));
        }
        return inASlot(() -> runMutation(lab, threads), new Mutation(null, "interrupted", 0));
    }

    private static Mutation runMutation(Lab lab, int threads) {
        Path log = lab.solutionDir().resolve("target").resolve("kit-mutation.log");
        long start = System.nanoTime();
        Process pit = null;
        try {
            List<Path> jars = new ArrayList<>(LabClasspath.read(Path.of(System.getProperty("kit.mutation.classpath",
                    "target/kit-pit-classpath.txt"))));
            jars.addAll(LabClasspath.read(Path.of(System.getProperty("kit.mutation.pluginClasspath",
                    "target/kit-pit-plugin-classpath.txt"))));
            pit = MutationRun.start(jars, ROOT, lab.name(), MutationRun.Settings.defaults(threads), log);
            RUNNING_PIT.add(pit);
            if (!pit.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                destroyTree(pit);
                return new Mutation(null, "PIT did not finish in " + TIMEOUT_MINUTES + " minutes (log: "
                        + ROOT.relativize(log) + ")", 0);
            }
            RUNNING_PIT.remove(pit);
            long millis = (System.nanoTime() - start) / 1_000_000;
            MutationRun.recordTime(ROOT, lab.name(), millis, pit.exitValue());
            Path xml = lab.solutionDir().resolve(MutationRun.REPORT_DIR).resolve("mutations.xml");
            if (pit.exitValue() != 0 || !Files.isRegularFile(xml)) {
                return new Mutation(null, "PIT failed (exit " + pit.exitValue() + "): " + tail(log), millis);
            }
            return new Mutation(MutationReport.read(xml), null, millis);
        } catch (InterruptedException e) {
            destroyTree(pit);
            Thread.currentThread().interrupt();
            return new Mutation(null, "interrupted", 0);
        } catch (Exception e) {
            return new Mutation(null, "cannot run PIT: " + e.getMessage() + " (log: " + ROOT.relativize(log) + ")", 0);
        }
    }

    /** PIT runs not yet ended, which this JVM's end (a killed build) takes down with it. */
    private static final Set<Process> RUNNING_PIT = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING_PIT.forEach(LabEngineSelfTest::destroyTree),
                "kit-pit-stop"));
    }

    /**
     * PIT's minions are JVMs of their own that outlive PIT when it is killed (each still holding a local cloud, a
     * PostgreSQL server among them): they go first, then PIT.
     */
    private static void destroyTree(Process process) {
        if (process != null && process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static DynamicNode mutationTest(Lab lab, Future<Mutation> run) {
        return dynamicTest(lab.name() + " · mutation score of the task code", () -> {
            Mutation mutation = run.get();
            assertThat(mutation.problem()).as(lab.name() + ": mutation testing ran").isNull();
            MutationReport report = mutation.report();
            int threshold = MutationReport.threshold(ROOT.resolve("solutions/pom.xml"));
            System.out.println(lab.name() + ": mutation " + report.score() + "% (" + report.detected() + " of "
                    + report.total() + " mutants of the task code caught) in " + mutation.millis() / 1000 + " s");
            assertThat(report.score()).withFailMessage(() -> lab.name() + ": mutation score " + report.score()
                    + "% is below the threshold of " + threshold + "% (solutions/pom.xml); survived: "
                    + report.survivors().stream().limit(5).collect(Collectors.joining("; ")))
                    .isGreaterThanOrEqualTo(threshold);
        });
    }

    /**
     * Queues a job on {@link #JOBS}, to run once {@link #SLOTS} lets it start; {@code interrupted} when the wait for a
     * slot was interrupted. Its turn is taken here, on the caller's thread, so jobs start in the order they were queued
     * (turns taken on the pool's threads came in whatever order the threads got there).
     */
    private static <T> CompletableFuture<T> inASlot(Supplier<T> job, T interrupted) {
        long ticket = SLOTS.ticket();
        return CompletableFuture.supplyAsync(() -> {
            try {
                SLOTS.acquire(ticket);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return interrupted;
            }
            try {
                return job.get();
            } finally {
                SLOTS.release();
            }
        }, JOBS);
    }

    @AfterAll
    static void stop() {
        JOBS.shutdownNow();
        if (SLOTS.peak() > 0) {
            System.out.println("Self-test jobs: up to " + SLOTS.peak() + " at once on " + JOB_COUNT + " slots"
                    + (SLOTS.peak() > JOB_COUNT ? " (the extra one while the cores sat idle)" : ""));
        }
    }

    /** A lab's report, or why there is none. */
    private record Outcome(EngineReport report, String problem, int shards) {
    }

    private static CompletableFuture<Outcome> start(Lab lab, int shards) {
        String notBuilt = notBuiltInThisBuild(lab);
        if (notBuilt != null) {
            return CompletableFuture.completedFuture(new Outcome(null, notBuilt, 0));
        }
        Instant started = Instant.now();
        Path claims;
        try {
            claims = shards == 1 ? null : EngineProcess.newClaims(ROOT, lab.name());
        } catch (IOException e) {
            return CompletableFuture.completedFuture(new Outcome(null, "cannot start the engine: " + e.getMessage(), 0));
        }
        // In shard order: shard 0, which climbs the staircase, starts first.
        List<CompletableFuture<String>> parts = IntStream.range(0, shards)
                .mapToObj(shard -> inASlot(() -> runShard(lab, shard, shards, claims), "interrupted")).toList();
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            if (claims != null) {
                LabSources.deleteTree(claims);
            }
            String problems = parts.stream().map(CompletableFuture::join).filter(p -> p != null)
                    .collect(Collectors.joining("; "));
            if (!problems.isEmpty()) {
                return new Outcome(null, problems, shards);
            }
            try {
                EngineReport report = EngineProcess.collect(ROOT, lab.name(), shards, started);
                return report != null ? new Outcome(report, null, shards)
                        : new Outcome(null, "the engine wrote no report: " + tail(log(lab, 0)), shards);
            } catch (IOException e) {
                return new Outcome(null, "cannot read the engine's report: " + e.getMessage(), shards);
            }
        });
    }

    /** Runs one shard of a lab; null when it ended, else why not. */
    private static String runShard(Lab lab, int shard, int shards, Path claims) {
        Path log = log(lab, shard);
        try {
            List<String> args = new ArrayList<>(EngineProcess.shardArgs(shard, shards, claims));
            args.add(lab.name());
            Process engine = EngineProcess.start(System.getProperty("java.class.path"), ROOT, args, log);
            if (!engine.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                engine.destroyForcibly();
                return "the engine did not finish in " + TIMEOUT_MINUTES + " minutes (log: " + ROOT.relativize(log) + ")";
            }
            return null;
        } catch (IOException e) {
            return "cannot start the engine: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static Path log(Lab lab, int shard) {
        return lab.solutionDir().resolve("target").resolve("kit-engine" + (shard == 0 ? "" : "-shard-" + shard) + ".log");
    }

    private static DynamicContainer container(Lab lab, Future<Outcome> run, Future<Mutation> mutation) {
        Stream<DynamicNode> engine = run == null ? Stream.empty() : engineTests(lab, run);
        Stream<DynamicNode> pit = mutation == null ? Stream.empty() : Stream.of(mutationTest(lab, mutation));
        return dynamicContainer(lab.name(), Stream.concat(engine, pit));
    }

    private static Stream<DynamicNode> engineTests(Lab lab, Future<Outcome> run) {
        return Stream.of(lab).flatMap(l -> {
            Outcome outcome;
            try {
                outcome = run.get();
            } catch (Exception e) {
                outcome = new Outcome(null, "the engine could not be run: " + e, 0);
            }
            for (int shard = 0; shard < outcome.shards(); shard++) {
                printLog(l, log(l, shard));
            }
            if (outcome.report() == null) {
                String problem = outcome.problem();
                return Stream.of(dynamicTest(l.name() + " · the lab engine ran",
                        () -> assertThat(problem).as(l.name() + ": the lab engine ran").isNull()));
            }
            EngineReport report = outcome.report();
            System.out.println(l.name() + ": " + report.line() + " in " + report.millis() / 1000 + " s");
            return Arrays.stream(EngineReport.Rule.values()).map(rule -> dynamicTest(l.name() + " · " + rule.title(),
                    () -> {
                        List<String> problems = report.findings(rule).stream().map(EngineReport.Finding::message).toList();
                        assertThat(problems).withFailMessage(() -> l.name() + " · " + rule.title() + ": "
                                + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                                + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining())).isEmpty();
                    }));
        });
    }

    /**
     * Why the engine would test a leftover, or null: under {@code kit check} the reference must have run its tests in
     * this build (a reference that did not compile leaves last week's classes behind).
     */
    private static String notBuiltInThisBuild(Lab lab) {
        String since = System.getProperty("kit.checkSince", "");
        if (since.isBlank() || !LAB_BUILD_ENDED.isBlank()) {
            // kit check NN starts this module beside the lab's own build once the reference has compiled
            // (LabCheckBuild): its tests are running now, and the engine's top step waits for their results.
            return null;
        }
        Results reference = Results.read(lab.referenceResults(), lab.solutionPath() + "/target/lab-results.json",
                Instant.parse(since));
        return reference.present() ? null : "not run: " + reference.missing();
    }

    /** The engine's own lines (variant times) in this module's output, for the build log. */
    private static void printLog(Lab lab, Path log) {
        try {
            if (Files.isRegularFile(log)) {
                Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(line -> line.startsWith("  ")
                        && !line.startsWith("  - ")).forEach(line -> System.out.println(lab.name() + ":" + line));
            }
        } catch (IOException ignored) {
            // the report is what counts
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
