package dev.sjl.kit.engine.watch;

import dev.sjl.kit.engine.EngineException;
import dev.sjl.kit.engine.LearnerBuild.TestRun;
import dev.sjl.kit.engine.LearnerBuild;
import dev.sjl.kit.engine.VariantCompiler;
import dev.sjl.kit.junit.Hints;
import dev.sjl.kit.junit.LabResults;
import dev.sjl.kit.model.Lab;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code kit watch}: {@code Watch [--root DIR] LAB} watches {@code labs/LAB/src} and rebuilds on every save until
 * Ctrl-C; {@code Watch [--root DIR] --benchmark N [--solved 1,2] LAB} times N saves instead (see {@link WatchBenchmark}).
 * Started by the kit in a JVM of its own, with the engine's system class loader (see {@code EngineProcess}).
 */
public final class Watch {

    /** Long enough to gather an editor's save (temporary file, rename) into one, short enough not to be felt. */
    static final long QUIET_MILLIS = 60;

    private Watch() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(System.getProperty("kit.root", "."));
        Integer benchmark = null;
        String solved = "";
        String lab = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]);
                case "--benchmark" -> benchmark = Integer.valueOf(args[++i]);
                case "--solved" -> solved = args[++i];
                default -> lab = args[i];
            }
        }
        if (lab == null) {
            System.err.println("usage: Watch [--root DIR] [--benchmark N [--solved 1,2]] LAB");
            System.exit(2);
        }
        endWithTheParent();
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        try {
            if (benchmark != null) {
                WatchBenchmark.run(root.toAbsolutePath().normalize(), lab, benchmark, solved, out);
                System.exit(0);
            }
            watch(root.toAbsolutePath().normalize(), lab, out, new WatchLoop.Listener() { }, null);
        } catch (EngineException e) {
            out.println("kit watch: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Watches until the JVM ends (or {@code running} says to stop, for the benchmark).
     *
     * @param started called once the watcher is listening and the first run is done, with the loop's debouncer
     */
    static void watch(Path root, String lab, PrintStream out, WatchLoop.Listener listener, Consumer<Debouncer> started)
            throws InterruptedException {
        Lab parts = Lab.in(root, lab);
        Path labDir = parts.dir();
        Path resultsFile = parts.starterResults();
        try (LearnerBuild build = LearnerBuild.open(root, lab, Duration.ofSeconds(60))) {
            WatchLoop[] loop = new WatchLoop[1];
            Debouncer debouncer = new Debouncer(QUIET_MILLIS, () -> loop[0].savedAgain());
            loop[0] = new WatchLoop(lab, adapt(build), Hints.ofLab(labDir), out, debouncer::hasPending, listener,
                    results -> WatchLoop.write(results, resultsFile, out));
            loop[0].seed(previous(resultsFile));
            if (!LearnerBuild.systemLoaderInstalled()) {
                out.println("note: started without the engine's system class loader; tests that load classes through it "
                        + "(aws-lambda-java-tests' EventLoader) fail here only");
            }
            try (SourceWatcher watcher = new SourceWatcher(labDir, debouncer).start()) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    debouncer.close();
                    loop[0].savedAgain();
                }, "kit-watch-stop"));
                loop[0].round(Set.of());
                if (started != null) {
                    started.accept(debouncer);
                }
                for (Set<String> changed; !(changed = debouncer.await()).isEmpty(); ) {
                    loop[0].round(changed);
                }
            }
        }
    }

    private static WatchLoop.Build adapt(LearnerBuild build) {
        return new WatchLoop.Build() {
            @Override
            public VariantCompiler.Result compileMain(Set<String> changed) {
                return build.compileMain(changed);
            }

            @Override
            public String compiled() {
                return build.lastCompile();
            }

            @Override
            public VariantCompiler.Result compileTests() {
                return build.compileTests();
            }

            @Override
            public TestRun test(List<String> tagExpressions, Consumer<Runnable> cancel) {
                return build.test(tagExpressions, cancel);
            }
        };
    }

    /** The lab's last complete run (a Maven run's or the watch's), for the first focus; null when there is none. */
    private static LabResults previous(Path file) {
        try {
            return Files.isRegularFile(file) ? LabResults.read(file) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The kit's JVM started this one: if it dies without stopping it (killed), this one ends too. */
    private static void endWithTheParent() {
        ProcessHandle.current().parent().ifPresent(parent -> {
            Thread guard = new Thread(() -> {
                while (parent.isAlive()) {
                    try {
                        TimeUnit.SECONDS.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                Runtime.getRuntime().halt(130);
            }, "kit-watch-parent");
            guard.setDaemon(true);
            guard.start();
        });
    }
}
