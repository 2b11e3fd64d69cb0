package dev.sjl.kit.engine.watch;

import dev.sjl.kit.engine.LearnerBuild.TestRun;
import dev.sjl.kit.engine.VariantCompiler;
import dev.sjl.kit.junit.FailureReason;
import dev.sjl.kit.junit.Hints;
import dev.sjl.kit.junit.LabResults;
import dev.sjl.kit.junit.LabResultsListener;
import dev.sjl.kit.junit.LabResultsListener.Scope;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * One rebuild after a save, and what the learner reads: compile the lab (its tests again when they changed), run the
 * task being worked on first and print its summary at once, then the other tasks' tests and the whole summary. A save
 * during the second part stops it (its results would be stale); the next rebuild starts from the save. The summary is
 * kit-junit's, as a Maven run prints it, and as honest: the first part says the other tasks are still running, never
 * "all green".
 */
public final class WatchLoop {

    /** What the loop builds with ({@code LearnerBuild} in the kit; a fake in the tests). */
    public interface Build {
        /** Compiles the lab's main code after these files changed (none: the first compile). */
        VariantCompiler.Result compileMain(Set<String> changed);

        /** What the last main compile compiled, for the heading: "the lab", "1 file". */
        default String compiled() {
            return "the lab";
        }

        VariantCompiler.Result compileTests();

        TestRun test(List<String> tagExpressions, Consumer<Runnable> cancel);
    }

    /** When each result reached the learner: the benchmark's stopwatch. */
    public interface Listener {
        /** The lab or its tests did not compile, and the errors are printed. */
        default void compileFailed() {
        }

        /** The focused task's summary is printed. */
        default void focused() {
        }

        /** The whole summary is printed (or the round ended without one: stopped or broken). */
        default void finished(boolean complete) {
        }
    }

    /** The run the linkage errors come from: the main code's API changed under compiled tests. */
    private static final List<String> LINKAGE = List.of("java.lang.NoSuchMethodError", "java.lang.NoSuchFieldError",
            "java.lang.NoClassDefFoundError", "java.lang.IncompatibleClassChangeError", "java.lang.AbstractMethodError");

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final String lab;
    private final Build build;
    private final Hints hints;
    private final PrintStream out;
    private final BooleanSupplier savedAgain;
    private final Listener listener;
    private final Consumer<LabResults> onComplete;
    private LabResults last;
    private boolean testsCompiled;
    private volatile Runnable cancel;
    private volatile boolean stopped;

    /**
     * @param savedAgain whether a save is waiting (the second part is then not started)
     * @param onComplete given every complete run's results ({@code kit status} reads them from the lab's target/)
     */
    public WatchLoop(String lab, Build build, Hints hints, PrintStream out, BooleanSupplier savedAgain, Listener listener,
                     Consumer<LabResults> onComplete) {
        this.lab = lab;
        this.build = build;
        this.hints = hints;
        this.out = out;
        this.savedAgain = savedAgain;
        this.listener = listener;
        this.onComplete = onComplete;
    }

    /** The last complete run before the watch (Maven's {@code lab-results.json}), for the first focus; null if none. */
    public void seed(LabResults previous) {
        last = previous;
    }

    /** The task the next rebuild runs first, if any. */
    public Optional<Integer> focus() {
        return Focus.of(last);
    }

    /** A file changed: a long part under way stops (called from the watcher's thread). */
    public void savedAgain() {
        Runnable hook = cancel;
        if (hook != null) {
            stopped = true;
            hook.run();
        }
    }

    /** One rebuild. {@code changed}: module-relative paths of the files saved, empty for the first run. */
    public void round(Set<String> changed) {
        long start = System.nanoTime();
        boolean testsChanged = !testsCompiled || changed.stream().anyMatch(file -> file.startsWith("src/test/"));
        out.println(heading(changed));
        VariantCompiler.Result main = build.compileMain(changed);
        if (!main.ok()) {
            compileFailed(main, "Fix it and save: the tests run again once the lab compiles.");
            return;
        }
        if (testsChanged && !compileTests()) {
            return;
        }
        Optional<Integer> focus = Focus.of(last);
        List<List<String>> parts = Focus.parts(focus);
        String compiled = "compiled " + build.compiled() + " in " + seconds(System.nanoTime() - start);
        if (focus.isEmpty()) {
            out.println("  " + compiled + "; running every task's tests");
            TestRun all = runPart(parts.get(0), true, testsChanged);
            finish(all, null, start);
            return;
        }
        int task = focus.get();
        out.println("  " + compiled + "; running task " + task + " (" + hints.title(task) + ") first");
        TestRun first = runPart(parts.get(0), false, testsChanged);
        if (first == null || first.results() == null) {
            finish(first, null, start);
            return;
        }
        LabResultsListener.printSummary(asLearner(first.results()), hints, new Scope("task " + task + " first", true, false),
                out);
        out.println("  task " + task + " in " + seconds(System.nanoTime() - start) + "; the other tasks are running...");
        listener.focused();
        if (savedAgain.getAsBoolean()) {
            out.println("  (saved again: the other tasks run after the next compile)");
            listener.finished(false);
            return;
        }
        TestRun rest = runPart(parts.get(1), true, testsChanged);
        finish(first, rest, start);
    }

    private void finish(TestRun first, TestRun rest, long start) {
        TestRun broken = first == null || first.results() == null ? first : rest == null || rest.results() == null ? rest : null;
        if (stopped) {
            out.println("  (stopped: you saved again)");
            listener.finished(false);
            return;
        }
        if (first == null || broken != null) {
            if (broken != null) {
                out.println("  The tests could not run: " + broken.error() + " (what they printed: labs/" + lab
                        + "/target/kit-watch/tests.log)");
            }
            listener.finished(false);
            return;
        }
        LabResults whole = rest == null && first.results() != null ? first.results() : Focus.merge(first.results(),
                rest.results());
        LabResults asLearner = asLearner(whole);
        LabResultsListener.printSummary(asLearner, hints, new Scope(null, false, false), out);
        out.println("  every task in " + seconds(System.nanoTime() - start) + ". Watching labs/" + lab
                + "/src: save to run again, Ctrl-C to stop.");
        last = asLearner;
        onComplete.accept(asLearner);
        listener.finished(true);
    }

    /**
     * Runs one part; when its tests meet a linkage error and were not compiled in this round, the main code's API
     * changed under them: compile them again and run the part once more. Null when the tests do not compile.
     */
    private TestRun runPart(List<String> tags, boolean cancellable, boolean testsFresh) {
        stopped = false;
        TestRun run = build.test(tags, cancellable ? hook -> cancel = hook : null);
        cancel = null;
        if (!testsFresh && !stopped && linkageError(run.results())) {
            out.println("  the lab's classes changed shape under the compiled tests: compiling the tests again");
            if (!compileTests()) {
                return null;
            }
            run = build.test(tags, cancellable ? hook -> cancel = hook : null);
            cancel = null;
        }
        return run;
    }

    private boolean compileTests() {
        VariantCompiler.Result tests = build.compileTests();
        testsCompiled = tests.ok();
        if (!tests.ok()) {
            compileFailed(tests, "The tests do not compile against your code: a class, constructor or method they use "
                    + "is missing or has another signature. Fix it and save.");
        }
        return tests.ok();
    }

    private void compileFailed(VariantCompiler.Result result, String advice) {
        out.print(CompileErrors.render(result.problems(), "labs/" + lab + "/"));
        out.println("  " + advice);
        listener.compileFailed();
        listener.finished(false);
    }

    /** The engine's runs are recorded as the engine's; the learner reads (and kit status counts) their own lab's. */
    private static LabResults asLearner(LabResults run) {
        return new LabResults(run.lab(), "starter", run.finished(), run.tests(),
                run.broken() == null ? List.of() : run.broken());
    }

    static boolean linkageError(LabResults results) {
        return results != null && results.tests().stream().anyMatch(test -> test.reason() == FailureReason.ERROR
                && test.message() != null && LINKAGE.stream().anyMatch(test.message()::startsWith));
    }

    private String heading(Set<String> changed) {
        String when = "[" + LocalTime.now().format(CLOCK) + "] ";
        if (changed.isEmpty()) {
            return when + "labs/" + lab + ": first run";
        }
        Set<String> names = new TreeSet<>();
        changed.forEach(file -> names.add(Path.of(file).getFileName().toString()));
        List<String> shown = names.stream().limit(3).toList();
        return when + "saved " + String.join(", ", shown) + (names.size() > 3 ? " and " + (names.size() - 3) + " more" : "");
    }

    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    /** The results file a complete run is written to, as a Maven run writes it. */
    public static void write(LabResults results, Path file, PrintStream out) {
        try {
            results.write(file);
        } catch (IOException e) {
            out.println("  (could not write " + file + ": " + e.getMessage() + ")");
        }
    }
}
