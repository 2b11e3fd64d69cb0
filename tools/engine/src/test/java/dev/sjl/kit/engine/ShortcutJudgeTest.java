package dev.sjl.kit.engine;

import dev.sjl.kit.junit.FailureReason;
import dev.sjl.kit.junit.LabResults;
import dev.sjl.kit.junit.LabResults.Status;
import dev.sjl.kit.junit.LabResults.TestResult;
import dev.sjl.kit.model.Shortcut;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class ShortcutJudgeTest {

    private static final Shortcut KEPT_CLAIM = Shortcut.parse("3-claim-kept.shortcut", """
            Task: 3
            Mistake: a failed send keeps its claim
            Expect: released

            <<<<<<< SEARCH src/main/java/Worker.java
            release();
            =======
            >>>>>>> REPLACE
            """);

    @Test
    @DisplayName("Never says a shortcut passes every test when a test class of its task could not run")
    void brokenClassIsNotAPass() {
        TestResult passed = new TestResult("[class:OutageTest]/[method:outage()]", "dev.sjl.OutageTest", "Survives",
                new TreeSet<>(List.of(3)), Status.PASSED, null, null, null);
        TestResult broken = new TestResult("[class:WorkerTest]", "dev.sjl.WorkerTest", "WorkerTest",
                new TreeSet<>(List.of(3)), Status.FAILED, FailureReason.ERROR, null, "the local cloud did not start");
        VariantRun run = new VariantRun("shortcut-3-claim-kept", "shortcut 3-claim-kept", List.of(),
                new LabResults("07-x", "engine", "2030-01-01T00:00:00Z", List.of(passed), List.of(broken)), null, 1, 1);

        assertThat(ShortcutSuite.judge(KEPT_CLAIM, run))
                .isEqualTo("could not be judged: 1 test class of task 3 could not run (WorkerTest: the local cloud did "
                        + "not start)");
    }

    @Test
    @DisplayName("Still counts a shortcut caught by name when another class could not run")
    void caughtDespiteABrokenClass() {
        TestResult caught = new TestResult("[class:WorkerTest]/[method:releases()]", "dev.sjl.WorkerTest", "Releases",
                new TreeSet<>(List.of(3)), Status.FAILED, FailureReason.ASSERTION, null,
                "[a failed send must be released] expected true");
        TestResult broken = new TestResult("[class:OutageTest]", "dev.sjl.OutageTest", "OutageTest",
                new TreeSet<>(List.of(3)), Status.FAILED, FailureReason.ERROR, null, "timeout");
        VariantRun run = new VariantRun("shortcut-3-claim-kept", "shortcut 3-claim-kept", List.of(),
                new LabResults("07-x", "engine", "2030-01-01T00:00:00Z", List.of(caught), List.of(broken)), null, 1, 1);

        assertThat(ShortcutSuite.judge(KEPT_CLAIM, run)).isNull();
    }

    @Test
    @DisplayName("Lowers the ceiling of a background hop to 10 s for a shortcut only, never for a step of the staircase")
    void shortcutsWaitLessForAHop() {
        assertThat(TestRunner.waitProperties(true)).containsExactly(Map.entry("kit.await.hopCeilingMillis", "10000"));
        assertThat(TestRunner.waitProperties(false)).isEmpty();
    }
}
