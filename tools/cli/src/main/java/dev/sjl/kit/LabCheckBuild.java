package dev.sjl.kit;

import dev.sjl.kit.build.Maven;
import dev.sjl.kit.engine.JobSlots;
import dev.sjl.kit.lab.Poms;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How {@code kit check NN} builds a few labs: their starters and references in one Maven, and the self-test's jobs (the
 * lab engine and PIT: tools/check's LabEngineSelfTest) in a second one, started once every reference has compiled and
 * the cores have room ({@link JobSlots#IDLE_TO_START} idle over the last 5 s), or when the lab's Maven ends. In one
 * reactor, tools/check could only start after the references' tests, and lab 07's take about 40 s, most of it
 * waiting for messages to come back after their visibility timeout, with a core idle: beside them, its check takes
 * 96-103 s instead of 112-146 s. Lab 08's tests keep both cores busy (a CDK synth, PostgreSQL): a self-test started
 * beside them regardless made its check slower (117-126 s against 106-117 s); waiting for idle cores, it takes
 * 104-106 s. Inside the self-test, jobs wait the same way until the lab's Maven has ended
 * ({@link JobSlots#besideABuild}). A lab whose tests leave no core idle pays for the second Maven's start (labs 02 and
 * 05: 50 s instead of 46 s). {@code kit check} of every lab keeps one reactor: there the other modules keep the cores
 * busy.
 * <p>
 * The two meet in files: the engine's top step reads the reference's results of this build
 * ({@code target/lab-results.json}, written after {@code -Dkit.checkSince}), waiting for them until the file
 * {@code -Dkit.engine.labBuildEnded} names appears, which this class writes when the lab's Maven ends. The verdict is
 * the kit's own ({@link CheckReport}), over both Mavens' output.
 */
final class LabCheckBuild {

    /** Runs Maven ({@link Maven#run}, or a stand-in in tests). */
    interface Runner {
        Maven.Run run(Path tree, List<String> args, Path log, Consumer<String> onLine);
    }

    /** Both builds, as one for the report, and how long the self-test's own took. */
    record Result(Maven.Run run, Duration selfTest) {
    }

    /** The self-test's Maven output, beside the lab's {@code check.log}. */
    static final String SELF_TEST_LOG = "check-self-test.log";

    /** Surefire starting in a module: everything it tests has compiled. */
    private static final Pattern TESTS_START = Pattern.compile("^\\[INFO\\] --- surefire:\\S+:test \\(.*\\) @ (\\S+) ---$");
    /** A one-module build's "Building Labs :: Kit :: Self-test 1.0.0-SNAPSHOT" (a reactor's ends in [n/m]). */
    private static final Pattern BUILDING_ONE = Pattern.compile("^\\[INFO\\] Building .+ \\d\\S*$");

    private LabCheckBuild() {
    }

    /**
     * @param common   what both Mavens get: the profile and the -D options of the whole check
     * @param labs     the labs' folder names
     * @param checkDir tools/check's path in the tree
     * @param log      the lab's build log ({@code .kit/logs/check.log}); the self-test's log ({@value #SELF_TEST_LOG})
     *                 and the end marker go beside it
     */
    static Result run(Runner maven, Path tree, List<String> common, List<String> labs, String checkDir, Path log,
                      Consumer<String> onLine) {
        return run(maven, JobSlots.machineIdle(), tree, common, labs, checkDir, log, onLine);
    }

    /** @param idle the machine's idle share of CPU time lately ({@link JobSlots#machineIdle}) */
    static Result run(Runner maven, DoubleSupplier idle, Path tree, List<String> common, List<String> labs,
                      String checkDir, Path log, Consumer<String> onLine) {
        Consumer<String> shown = line -> {
            synchronized (onLine) {
                onLine.accept(line);
            }
        };
        Path ended = log.resolveSibling("check-lab-build.ended");
        try {
            Files.createDirectories(log.getParent());
            Files.deleteIfExists(ended);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> modules = new ArrayList<>();
        Set<String> compiling = new HashSet<>();
        for (String lab : labs) {
            modules.addAll(List.of("labs/" + lab, "solutions/" + lab));
            compiling.add(Poms.artifactId(tree.resolve("solutions").resolve(lab).resolve("pom.xml"))
                    .orElse("solution-" + lab));
        }
        List<String> labBuild = new ArrayList<>(common);
        labBuild.addAll(List.of("install", "--fail-at-end", "-T", "1C", "-pl", String.join(",", modules),
                "-Dkit.labs=" + String.join(",", labs)));
        List<String> selfTestBuild = new ArrayList<>(common);
        selfTestBuild.addAll(List.of("test", "-pl", checkDir, "-Dkit.check.alone=true", "-Dtest=LabEngineSelfTest",
                "-Dkit.labs=" + String.join(",", labs), "-Dkit.engine.labs=" + String.join(",", labs),
                "-Dkit.engine.labBuildEnded=" + ended.toAbsolutePath()));
        // Its one module is numbered after the lab's, so the progress line reads [3/3] as it did in one reactor.
        String step = "[" + (modules.size() + 1) + "/" + (modules.size() + 1) + "]";
        Consumer<String> selfTestLines = line ->
                shown.accept(BUILDING_ONE.matcher(line).matches() ? line + " " + step : line);
        long start = System.nanoTime();
        Path selfTestLog = log.resolveSibling(SELF_TEST_LOG);
        AtomicBoolean selfTestStarted = new AtomicBoolean();
        CompletableFuture<Maven.Run> selfTestRun = new CompletableFuture<>();
        Runnable startSelfTest = () -> {
            if (selfTestStarted.compareAndSet(false, true)) {
                daemon("kit-check-self-test", () -> {
                    try {
                        selfTestRun.complete(maven.run(tree, selfTestBuild, selfTestLog, selfTestLines));
                    } catch (RuntimeException | Error e) {
                        selfTestRun.completeExceptionally(e);
                    }
                });
            }
        };
        AtomicBoolean labBuildRunning = new AtomicBoolean(true);
        AtomicBoolean compiled = new AtomicBoolean();
        idle.getAsDouble(); // the first sample, so a share is known by the time the references have compiled
        Maven.Run lab = maven.run(tree, labBuild, log, line -> {
            shown.accept(line);
            Matcher tests = TESTS_START.matcher(line);
            if (tests.matches() && compiling.remove(tests.group(1)) && compiling.isEmpty()) {
                compiled.set(true);
                daemon("kit-check-idle-watch", () -> {
                    while (labBuildRunning.get() && !selfTestStarted.get()) {
                        if (idle.getAsDouble() >= JobSlots.IDLE_TO_START) {
                            startSelfTest.run();
                        } else {
                            sleep(IDLE_POLL);
                        }
                    }
                });
            }
        });
        labBuildRunning.set(false);
        try {
            Files.writeString(ended, lab.exitCode() + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // No Surefire line seen but a build that passed: tests skipped, or another Maven's wording. Judge it all the same.
        if (compiled.get() || lab.ok()) {
            startSelfTest.run();
        }
        if (!selfTestStarted.get()) {
            return new Result(lab, null);
        }
        Maven.Run self;
        try {
            self = selfTestRun.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KitException("the build was interrupted");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new KitException(e.getCause().toString());
        }
        List<String> lines = new ArrayList<>(lab.lines());
        lines.addAll(self.lines());
        int exit = lab.exitCode() != 0 ? lab.exitCode() : self.exitCode();
        return new Result(new Maven.Run(exit, lines, Duration.ofNanos(System.nanoTime() - start), lab.log()), self.took());
    }

    private static final Duration IDLE_POLL = Duration.ofMillis(500);

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
