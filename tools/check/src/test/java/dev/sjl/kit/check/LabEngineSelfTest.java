package dev.sjl.kit.check;

import dev.sjl.kit.engine.EngineProcess;
import dev.sjl.kit.engine.EngineReport;
import dev.sjl.kit.lab.Lab;
import dev.sjl.kit.lab.Workspace;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
 * core). A lab's report goes to {@code solutions/NN-x/target/kit-engine.json}, where {@code kit check} reads its
 * one-line summary; what the engine printed to {@code solutions/NN-x/target/kit-engine*.log}.
 * {@code -Dkit.engine.labs=03-jwt,...} runs only those labs, {@code -Dkit.engine.skip} none, {@code -Dkit.engine.jobs=N}
 * N at a time.
 */
@DisplayName("Every lab climbs its staircase and catches its shortcuts")
class LabEngineSelfTest {

    private static final Path ROOT = Path.of(System.getProperty("kit.root", "../..")).toAbsolutePath().normalize();
    private static final long TIMEOUT_MINUTES = Long.getLong("kit.engine.timeoutMinutes", 20);
    private static final int JOB_COUNT = Integer.getInteger("kit.engine.jobs",
            Math.min(2, Runtime.getRuntime().availableProcessors()));
    private static final ExecutorService JOBS = Executors.newFixedThreadPool(JOB_COUNT, runnable -> {
                Thread thread = new Thread(runnable, "kit-engine-job");
                thread.setDaemon(true);
                return thread;
            });

    @TestFactory
    @DisplayName("Lab engine")
    Stream<DynamicNode> everyLab() {
        if (Boolean.getBoolean("kit.engine.skip")) {
            return Stream.empty();
        }
        Set<String> only = Arrays.stream(System.getProperty("kit.engine.labs", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        List<Lab> labs = new Workspace(ROOT).labs().stream()
                .filter(lab -> only.isEmpty() || only.contains(lab.name()))
                .filter(lab -> Files.isRegularFile(lab.solutionDir().resolve("pom.xml"))) // FOLDERS reports the rest
                .toList();
        // Every lab is queued now, the most shortcuts first (the longest jobs first keeps both cores busy to the end);
        // a lab is split into shards only when there are fewer labs than cores. Each container waits for its own lab.
        int shards = labs.size() >= JOB_COUNT ? 1 : JOB_COUNT;
        Map<String, CompletableFuture<Outcome>> runs = new HashMap<>();
        labs.stream().sorted(Comparator.comparingInt((Lab lab) -> -EngineProcess.shortcutCount(ROOT, lab.name())))
                .forEach(lab -> runs.put(lab.name(), start(lab, Math.min(shards,
                        EngineProcess.shards(ROOT, lab.name(), JOB_COUNT)))));
        return labs.stream().map(lab -> container(lab, runs.get(lab.name())));
    }

    @AfterAll
    static void stop() {
        JOBS.shutdownNow();
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
        List<CompletableFuture<String>> parts = IntStream.range(0, shards).mapToObj(shard -> CompletableFuture.supplyAsync(
                () -> runShard(lab, shard, shards), JOBS)).toList();
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
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
    private static String runShard(Lab lab, int shard, int shards) {
        Path log = log(lab, shard);
        try {
            List<String> args = new ArrayList<>(EngineProcess.shardArgs(shard, shards));
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

    private static DynamicContainer container(Lab lab, Future<Outcome> run) {
        return dynamicContainer(lab.name(), Stream.of(lab).flatMap(l -> {
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
        }));
    }

    /**
     * Why the engine would test a leftover, or null: under {@code kit check} the reference must have run its tests in
     * this build (a reference that did not compile leaves last week's classes behind).
     */
    private static String notBuiltInThisBuild(Lab lab) {
        String since = System.getProperty("kit.checkSince", "");
        if (since.isBlank()) {
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
