package dev.sjl.kit.engine;

import dev.sjl.kit.junit.LabResults;
import dev.sjl.kit.junit.LabResults.Status;
import dev.sjl.kit.junit.LabResults.TestResult;

import java.util.List;

/**
 * One variant of a lab, compiled and tested: a staircase step or a shortcut.
 *
 * @param name          short and unique in the session ({@code step-3}, {@code shortcut-3-unpinned-alg})
 * @param label         how findings name it ({@code step 3 (tasks 1, 2 solved)})
 * @param compileErrors the compiler's errors; when there are any, nothing ran
 * @param results       what the lab's listener recorded, or null when the run broke (see {@code error})
 * @param error         why there are no results, or null
 */
public record VariantRun(String name, String label, List<String> compileErrors, LabResults results, String error,
                         long compileMillis, long runMillis) {

    public boolean compiled() {
        return compileErrors.isEmpty();
    }

    public List<TestResult> tests() {
        return results == null || results.tests() == null ? List.of() : results.tests();
    }

    /** The tests that ran: a shortcut's run leaves out (reports skipped) those after the one that named the mistake. */
    public List<TestResult> ran() {
        return tests().stream().filter(test -> test.status() != Status.SKIPPED).toList();
    }

    /** The tests that ran and did not pass. */
    public long red() {
        return ran().stream().filter(test -> !test.passed()).count();
    }
}
