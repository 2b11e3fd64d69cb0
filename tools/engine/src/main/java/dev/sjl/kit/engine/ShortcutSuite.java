package dev.sjl.kit.engine;

import dev.sjl.kit.engine.EngineReport.Finding;
import dev.sjl.kit.engine.EngineReport.Rule;
import dev.sjl.kit.engine.EngineReport.ShortcutSummary;
import dev.sjl.kit.junit.FailureReason;
import dev.sjl.kit.junit.LabResults.Status;
import dev.sjl.kit.junit.LabResults.TestResult;
import dev.sjl.kit.model.MarkerException;
import dev.sjl.kit.model.Shortcut;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The shortcut suite: each {@code solutions/NN-x/shortcuts/*.shortcut} swapped into the reference, compiled and run
 * against its task's tests. It is caught when at least one {@code task:N} test fails with an assertion (a learner's
 * wrong code throws no TODO) whose message contains every {@code Expect:} phrase: the learner must read what they got
 * wrong, not only see red. Every task needs at least {@value #MIN_PER_TASK} shortcuts.
 */
public final class ShortcutSuite {

    public static final int MIN_PER_TASK = 2;

    private static final int MESSAGES_SHOWN = 3;

    private ShortcutSuite() {
    }

    /** Findings, the summary, and each shortcut's run. */
    public record Result(List<Finding> findings, ShortcutSummary summary, List<VariantRun> runs) {
    }

    /** Tries every shortcut of the lab that {@code which} accepts, and judges the per-task count on all of them. */
    public static Result tryAll(LabEngine engine, Predicate<Shortcut> which) {
        return tryAll(engine, which, index -> true, true);
    }

    /**
     * Tries the shortcuts that {@code which} accepts and, of those, the ones whose position this shard takes.
     *
     * @param mine   by position among the accepted shortcuts: whether this shard tries it
     * @param counts whether to judge the folder, the files and the per-task count (one shard does)
     */
    static Result tryAll(LabEngine engine, Predicate<Shortcut> which, IntPredicate mine, boolean counts) {
        String lab = engine.lab();
        String folder = engine.parts().solutionPath() + "/shortcuts";
        boolean exists = Files.isDirectory(engine.parts().shortcutsDir());
        List<String> problems = new ArrayList<>();
        List<Shortcut> shortcuts;
        try {
            shortcuts = Shortcut.readAll(engine.parts());
        } catch (MarkerException e) {
            if (counts) {
                problems.add(e.getMessage());
            }
            shortcuts = List.of();
        }
        if (!counts) {
            // another shard judges the folder and the counts
        } else if (!exists) {
            problems.add(folder + "/ does not exist yet: every task needs at least " + MIN_PER_TASK + " shortcuts, "
                    + "each a plausible wrong implementation a hurried learner writes, one file each "
                    + "(<task>-<slug>.shortcut, format in tools/lab-model Shortcut.java)");
        } else {
            SortedMap<Integer, List<String>> perTask = new TreeMap<>();
            engine.sources().tasks().forEach(task -> perTask.put(task, new ArrayList<>()));
            shortcuts.forEach(s -> perTask.computeIfAbsent(s.task(), t -> new ArrayList<>()).add(s.name()));
            perTask.forEach((task, names) -> {
                if (names.size() < MIN_PER_TASK) {
                    problems.add("task " + task + " has " + names.size() + (names.size() == 1 ? " shortcut" : " shortcuts")
                            + (names.isEmpty() ? "" : " (" + String.join(", ", names) + ")") + ", at least "
                            + MIN_PER_TASK + " needed in " + folder + "/");
                }
            });
        }
        int caught = 0;
        int tried = 0;
        int accepted = 0;
        List<VariantRun> runs = new ArrayList<>();
        for (Shortcut shortcut : shortcuts) {
            if (!which.test(shortcut) || !mine.test(accepted++)) {
                continue;
            }
            tried++;
            String name = "shortcut " + shortcut.name() + " (" + shortcut.mistake() + ")";
            SortedMap<String, byte[]> main;
            try {
                main = shortcut.applyTo(engine.sources());
            } catch (MarkerException e) {
                problems.add(name + ": " + e.getMessage());
                continue;
            }
            // Once a test names the mistake the shortcut is caught: the tests not yet run are left out.
            VariantRun run = engine.run("shortcut-" + shortcut.name(), "shortcut " + shortcut.name(), main,
                    List.of(shortcut.task()), shortcut.expect());
            runs.add(run);
            String problem = judge(shortcut, run);
            if (problem == null) {
                caught++;
            } else {
                problems.add(name + " " + problem);
            }
        }
        return new Result(problems.stream().map(p -> new Finding(Rule.SHORTCUTS, p)).toList(),
                new ShortcutSummary(exists, caught, tried), runs);
    }

    /** Null when the shortcut is caught by name; otherwise the end of a sentence that starts with its name. */
    static String judge(Shortcut shortcut, VariantRun run) {
        int task = shortcut.task();
        if (!run.compiled()) {
            return "does not compile, but a shortcut must be a plausible implementation that compiles: "
                    + String.join("; ", run.compileErrors().stream().limit(3).toList());
        }
        if (run.results() == null) {
            return "could not be tried: " + run.error();
        }
        List<TestResult> tests = run.tests();
        List<TestResult> broken = run.results().broken() == null ? List.of() : run.results().broken();
        List<TestResult> failed = tests.stream().filter(t -> t.status() == Status.FAILED).toList();
        boolean named = failed.stream().anyMatch(t -> t.reason() == FailureReason.ASSERTION && shortcut.named(t.message()));
        if (!named && !broken.isEmpty()) {
            // A test class that could not start (its local cloud, a fixture) says nothing about the shortcut: never
            // report "passes every test" when the tests that might have caught it did not run.
            TestResult first = broken.get(0);
            return "could not be judged: " + broken.size() + (broken.size() == 1 ? " test class" : " test classes")
                    + " of task " + task + " could not run (" + first.name() + ": "
                    + Staircase.shorten(first.message()) + ")";
        }
        if (tests.isEmpty()) {
            return "cannot be caught: no test is tagged task:" + task;
        }
        if (failed.isEmpty()) {
            return "passes every task-" + task + " test (" + tests.size() + "): add a test that fails on it, with a "
                    + "message that says " + expected(shortcut);
        }
        if (named) {
            return null;
        }
        Map<String, Long> messages = failed.stream().collect(Collectors.groupingBy(
                t -> "[" + t.reason() + "] " + Staircase.describe(t) + ": " + Staircase.shorten(t.message()),
                java.util.LinkedHashMap::new, Collectors.counting()));
        String shown = messages.keySet().stream().limit(MESSAGES_SHOWN).collect(Collectors.joining(" | "));
        boolean anyAssertion = failed.stream().anyMatch(t -> t.reason() == FailureReason.ASSERTION);
        return "is caught (" + failed.size() + " of " + tests.size() + " task-" + task + " tests fail), but no "
                + (anyAssertion ? "" : "assertion ") + "failing message names it (expected: " + expected(shortcut)
                + "); messages were: " + shown + (messages.size() > MESSAGES_SHOWN ? " | ..." : "");
    }

    private static String expected(Shortcut shortcut) {
        return shortcut.expect().stream().map(e -> "\"" + e + "\"").collect(Collectors.joining(" and "));
    }
}
