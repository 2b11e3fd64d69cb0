package dev.sjl.kit.engine.watch;

import dev.sjl.kit.junit.LabResults;
import dev.sjl.kit.junit.LabResults.TestResult;

import java.util.List;
import java.util.Optional;

/**
 * Which task a run starts with: the one the learner is working on, taken to be the lowest task with a red test in the
 * last complete run. Its tests run first and their summary prints at once; the other tasks' tests follow (a change in
 * one class can break another task: the lab's tasks build on each other).
 */
public final class Focus {

    private Focus() {
    }

    /** The lowest task with a failed or aborted test, or empty when there was no run or every test passed. */
    public static Optional<Integer> of(LabResults last) {
        if (last == null || last.tests() == null) {
            return Optional.empty();
        }
        return last.tests().stream().filter(test -> !test.passed() && test.status() != LabResults.Status.SKIPPED)
                .flatMap(test -> test.tasks().stream()).min(Integer::compare);
    }

    /**
     * The two parts of a run, as JUnit tag expressions: the focused task's tests, then every other test (one with the
     * focused task among several tags ran in the first part). No focus: one part, every test.
     */
    public static List<List<String>> parts(Optional<Integer> focus) {
        return focus.map(task -> List.of(List.of("task:" + task), List.of("!task:" + task)))
                .orElse(List.of(List.of()));
    }

    /** Both parts' results as one run, the focused part first, or the first alone when the second is null. */
    public static LabResults merge(LabResults first, LabResults second) {
        if (second == null) {
            return first;
        }
        List<TestResult> tests = new java.util.ArrayList<>(first.tests());
        tests.addAll(second.tests());
        List<TestResult> broken = new java.util.ArrayList<>(first.broken() == null ? List.of() : first.broken());
        broken.addAll(second.broken() == null ? List.of() : second.broken());
        return new LabResults(first.lab(), first.role(), second.finished(), List.copyOf(tests), List.copyOf(broken));
    }
}
