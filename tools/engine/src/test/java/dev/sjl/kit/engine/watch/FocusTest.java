package dev.sjl.kit.engine.watch;

import dev.sjl.kit.junit.LabResults;
import dev.sjl.kit.junit.LabResults.Status;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.sjl.kit.engine.watch.WatchFixtures.results;
import static dev.sjl.kit.engine.watch.WatchFixtures.test;
import static org.assertj.core.api.Assertions.assertThat;

class FocusTest {

    @Test
    @DisplayName("Starts with the lowest task that has a red test in the last run")
    void lowestRed() {
        LabResults last = results(test(1, Status.PASSED), test(4, Status.FAILED), test(3, Status.FAILED),
                test(2, Status.PASSED));

        assertThat(Focus.of(last)).contains(3);
    }

    @Test
    @DisplayName("Has no focus before the first run, nor when every test passed (or was only skipped)")
    void none() {
        assertThat(Focus.of(null)).isEmpty();
        assertThat(Focus.of(results(test(1, Status.PASSED), test(2, Status.SKIPPED)))).isEmpty();
    }

    @Test
    @DisplayName("Splits a run in the focused task's tests and every other test, so none runs twice or not at all")
    void parts() {
        assertThat(Focus.parts(Optional.of(3))).containsExactly(List.of("task:3"), List.of("!task:3"));
        assertThat(Focus.parts(Optional.empty())).containsExactly(List.of());
    }

    @Test
    @DisplayName("Puts both parts back together as one run, the focused part first")
    void merge() {
        LabResults first = results(test(3, Status.FAILED));
        LabResults second = results(test(1, Status.PASSED), test(2, Status.PASSED));

        LabResults whole = Focus.merge(first, second);

        assertThat(whole.tests()).extracting(t -> t.tasks().first()).containsExactly(3, 1, 2);
        assertThat(Focus.merge(first, null)).isSameAs(first);
    }
}
