package dev.sjl.kit.engine;

import dev.sjl.kit.engine.EngineReport.Finding;
import dev.sjl.kit.engine.EngineReport.Rule;
import dev.sjl.kit.engine.EngineReport.StaircaseSummary;
import dev.sjl.kit.junit.FailureReason;
import dev.sjl.kit.junit.LabResults.Status;
import dev.sjl.kit.junit.LabResults.TestResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The staircase: for every task N of a lab, the reference's code for the tasks before N and the starter's for the
 * rest. At step N every {@code task:N} test must be red because of task N (its TODO, or an assertion that names no
 * other task's TODO) and every test of an earlier task must pass. A test judged by the first rule counts towards
 * "own-task": the number the issue asks for, per lab.
 * <p>
 * Step N runs the tests of task N and of the task before it, and the top step (the reference, everything solved) runs
 * every test. That is enough for "every earlier task's test passes at every step": a test of task K that needs code a
 * later task writes meets that task's TODO at step K+1 already, where every later task is still the starter's; and a
 * test of task K that a later task's reference code breaks fails at the top. Running every earlier task's tests again
 * at every step would multiply the slowest tests (bcrypt, fuzzing, a JVM per test) by the number of tasks.
 * <p>
 * A test tagged with several tasks belongs to the highest of them (it can only pass once all are done).
 * <p>
 * Under the self-test ({@link LabEngine.Options#reuseReferenceRun()}) the top step reads the reference's Surefire run of
 * the same build instead of running every test a second time; {@code kit staircase} still runs it.
 */
public final class Staircase {

    private static final Pattern TODO = Pattern.compile("Task (\\d+):");

    private Staircase() {
    }

    /** Findings, the summary, and each step's run. */
    public record Result(List<Finding> findings, StaircaseSummary summary, List<VariantRun> runs) {
    }

    /**
     * Climbs the staircase.
     *
     * @param steps which steps to run (all, for the self-test; one, for an author's quick look)
     */
    public static Result climb(LabEngine engine, IntPredicate steps) {
        SortedSet<Integer> tasks = engine.sources().tasks();
        List<String> problems = new ArrayList<>();
        if (tasks.isEmpty()) {
            problems.add(engine.parts().solutionPath() + "/src/main has no // BEGIN TASK regions yet, so the starter "
                    + "is not generated from it and there is no staircase to climb (see tools/lab-model TaskRegions)");
            return new Result(findings(problems), new StaircaseSummary(0, 0, 0), List.of());
        }
        Map<String, TestResult> everyTest = new LinkedHashMap<>();
        Set<String> ownTask = new LinkedHashSet<>();
        List<VariantRun> runs = new ArrayList<>();
        int climbed = 0;
        // Tests of the task before a step that were red there: reported unless the reference fails them too.
        Map<String, String> redLater = new LinkedHashMap<>();
        Integer previous = null;
        for (int step : tasks) {
            Integer before = previous;
            previous = step;
            if (!steps.test(step)) {
                continue;
            }
            climbed++;
            String label = "step " + step + " (" + solved(tasks, step) + ")";
            List<Integer> tags = before == null ? List.of(step) : List.of(before, step);
            VariantRun run = engine.run("step-" + step, label, engine.sources().mainSources(task -> task < step), tags);
            runs.add(run);
            if (!run.compiled()) {
                problems.add(label + " does not compile, so the generated mix of reference and starter is broken: "
                        + String.join("; ", run.compileErrors().stream().limit(3).toList()));
                continue;
            }
            if (run.results() == null) {
                problems.add(label + " could not run: " + run.error());
                continue;
            }
            for (TestResult container : nullSafe(run.results().broken())) {
                problems.add(label + ": " + container.name() + " could not run: " + shorten(container.message()));
            }
            int ofThisTask = 0;
            for (TestResult test : run.tests()) {
                if (test.tasks() == null || test.tasks().isEmpty()) {
                    continue; // the self-test's TASKS rule names untagged tests
                }
                everyTest.putIfAbsent(test.id(), test);
                int own = test.tasks().last();
                if (own == step) {
                    ofThisTask++;
                    String wrong = redForAnotherReason(test, step);
                    if (wrong == null) {
                        ownTask.add(test.id());
                    } else {
                        problems.add(label + ": " + describe(test) + " " + wrong);
                    }
                } else if (before != null && own == before && !test.passed()) {
                    redLater.putIfAbsent(test.id(), label + ": " + describe(test) + " is red " + outcome(test)
                            + ", though task " + own + " is solved: an earlier task's test must pass once its task is "
                            + "done (does it need code a later task writes?)");
                }
            }
            if (ofThisTask == 0) {
                problems.add("task " + step + " has code regions in the reference but no test tagged task:" + step
                        + " ran at " + label);
            }
        }
        // The top of the staircase: everything solved is the reference, which must pass every test here as it does
        // under Surefire. A test it fails cannot be judged on the steps below, so those findings are dropped.
        int top = tasks.last() + 1;
        Set<String> referenceRed = new LinkedHashSet<>();
        boolean sawAll = false;
        int tagged = 0;
        Map<String, TestResult> reused = steps.test(top) && engine.options().reuseReferenceRun()
                ? engine.referenceResultsOfThisBuild() : Map.of();
        if (!reused.isEmpty()) {
            // The reactor ran the reference's tests under Surefire moments ago: the same code and tests, so the top
            // step reads that run instead of repeating the lab's slowest tests. A test red there is the self-test's
            // REFERENCE_GREEN finding; here it only excuses the steps' findings about it.
            sawAll = true;
            for (TestResult test : reused.values()) {
                if (test.tasks() != null && !test.tasks().isEmpty()) {
                    tagged++;
                    everyTest.putIfAbsent(test.id(), test);
                }
                if (!test.passed()) {
                    referenceRed.add(test.id());
                }
            }
        } else if (steps.test(top)) {
            String label = "the reference (all tasks solved)";
            VariantRun run = engine.run("reference", label, engine.sources().mainSources(task -> true), List.of());
            runs.add(run);
            if (!run.compiled()) {
                problems.add(label + " does not compile in the engine: "
                        + String.join("; ", run.compileErrors().stream().limit(3).toList()));
            } else if (run.results() == null) {
                problems.add(label + " could not run in the engine: " + run.error());
            } else {
                sawAll = true;
                Map<String, TestResult> surefire = engine.referenceResults();
                for (TestResult test : run.tests()) {
                    if (test.tasks() != null && !test.tasks().isEmpty()) {
                        tagged++;
                        everyTest.putIfAbsent(test.id(), test);
                    }
                    if (test.passed()) {
                        continue;
                    }
                    referenceRed.add(test.id());
                    TestResult there = surefire.get(test.id());
                    if (there == null) {
                        problems.add("in the engine, the reference fails " + describe(test) + " " + outcome(test)
                                + ", so the steps cannot judge it");
                    } else if (there.passed()) {
                        problems.add("in the engine, the reference fails " + describe(test) + " " + outcome(test)
                                + ", which it passes under Surefire: the engine runs it differently (a bug of the "
                                + "engine, or a test that depends on the JVM or on the order it runs in)");
                    } // else the self-test's "the reference passes every test" already names it
                }
            }
        }
        redLater.forEach((id, problem) -> {
            if (!referenceRed.contains(id)) {
                problems.add(problem);
            }
        });
        if (sawAll) {
            SortedMap<Integer, List<String>> untasked = new TreeMap<>();
            for (TestResult test : everyTest.values()) {
                if (!tasks.contains(test.tasks().last())) {
                    untasked.computeIfAbsent(test.tasks().last(), t -> new ArrayList<>()).add(describe(test));
                }
            }
            untasked.forEach((task, tests) -> problems.add(tests.size() + (tests.size() == 1 ? " test is" : " tests are")
                    + " tagged task:" + task + " but the reference has no task " + task + " region, so no step shows "
                    + "that they need task " + task + "'s code: " + tests.stream().limit(3).collect(Collectors.joining(", "))
                    + (tests.size() > 3 ? " and " + (tests.size() - 3) + " more" : "")));
        }
        int total = sawAll ? tagged
                : (int) everyTest.values().stream().filter(t -> steps.test(t.tasks().last())).count();
        return new Result(findings(problems), new StaircaseSummary(climbed, ownTask.size(), total), runs);
    }

    /** Null when a test of task N is red because of task N at step N; otherwise what is wrong, as a sentence's end. */
    static String redForAnotherReason(TestResult test, int task) {
        if (test.status() == Status.PASSED) {
            return "passes while task " + task + " is still the starter's: it does not need task " + task
                    + "'s code (test what the task asks for, or tag it with the task whose code it needs)";
        }
        if (test.status() != Status.FAILED) {
            return "was " + test.status() + ": every test must run at its task's step";
        }
        if (test.reason() == FailureReason.TODO) {
            if (test.todoTask() != null && test.todoTask() == task) {
                return null;
            }
            return "fails on task " + test.todoTask() + "'s TODO instead of task " + task + "'s (\""
                    + shorten(test.message()) + "\"): it reaches code that task " + test.todoTask()
                    + " writes; make it need only task " + task + "'s code, or tag it task:" + test.todoTask();
        }
        if (test.reason() == FailureReason.ASSERTION) {
            Integer other = otherTodo(test.message(), task);
            if (other == null) {
                return null;
            }
            return "fails with an assertion about task " + other + "'s TODO instead of task " + task + "'s (\""
                    + shorten(test.message()) + "\"): it reaches code that task " + other + " writes";
        }
        return "is red for the wrong reason, " + test.reason() + " instead of task " + task + "'s TODO or an "
                + "assertion: " + shorten(test.message());
    }

    /** The first {@code Task M:} in a message with M other than the test's own task, or null. */
    static Integer otherTodo(String message, int task) {
        if (message == null) {
            return null;
        }
        Matcher m = TODO.matcher(message);
        while (m.find()) {
            int other = Integer.parseInt(m.group(1));
            if (other != task) {
                return other;
            }
        }
        return null;
    }

    /** "nothing solved", "task 1 solved", "tasks 1, 2 solved". */
    static String solved(SortedSet<Integer> tasks, int step) {
        List<String> before = tasks.headSet(step).stream().map(String::valueOf).toList();
        return before.isEmpty() ? "nothing solved"
                : (before.size() == 1 ? "task " : "tasks ") + String.join(", ", before) + " solved";
    }

    private static String outcome(TestResult test) {
        if (test.status() != Status.FAILED) {
            return "(" + test.status() + ")";
        }
        return "(" + test.reason() + (test.todoTask() == null ? "" : " of task " + test.todoTask()) + ": "
                + shorten(test.message()) + ")";
    }

    /** {@code "Rejects alg none" (JwtVerifierTest, task:3)}. */
    static String describe(TestResult test) {
        String where = test.className() == null ? "" : test.className().substring(test.className().lastIndexOf('.') + 1)
                + ", ";
        String tags = test.tasks() == null ? "" : test.tasks().stream().map(t -> "task:" + t)
                .collect(Collectors.joining(" "));
        return "\"" + test.name() + "\" (" + where + tags + ")";
    }

    static String shorten(String message) {
        if (message == null) {
            return "(no message)";
        }
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static List<Finding> findings(List<String> problems) {
        return problems.stream().map(p -> new Finding(Rule.STAIRCASE, p)).toList();
    }
}
