package dev.sjl.attacks;

import dev.sjl.cognito.ResponseFloor;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The fix for the sign-up timing difference EnumerationTiming measured, without waiting: a fake clock that the "work"
 * moves forward, and the pauses recorded instead of slept.
 */
@DisplayName("ResponseFloor: sign-up answers no sooner than the slowest recent one")
class ResponseFloorTest {

    private final AtomicLong now = new AtomicLong();
    private final List<Long> pauses = new ArrayList<>();
    private final ResponseFloor floor = new ResponseFloor(3, Duration.ofMillis(500), now::get, pauses::add);

    private String takes(long millis) {
        return floor.call(() -> {
            now.addAndGet(Duration.ofMillis(millis).toNanos());
            return "done";
        });
    }

    @Test
    @DisplayName("A fast answer (a registered email) waits until the slowest of the last calls; a slow one is not slowed")
    void padsFastAnswersToTheRecentMaximum() {
        assertThat(takes(27)).isEqualTo("done");
        takes(17);
        takes(30);
        takes(10);

        assertThat(pauses).containsExactly(Duration.ofMillis(10).toNanos(), Duration.ofMillis(20).toNanos());
    }

    @Test
    @DisplayName("A refusal is padded too, and thrown as it was")
    void padsFailures() {
        takes(40);
        assertThatThrownBy(() -> floor.call(() -> {
            now.addAndGet(Duration.ofMillis(5).toNanos());
            throw new IllegalStateException("weak password");
        })).hasMessage("weak password");
        assertThat(pauses).containsExactly(Duration.ofMillis(35).toNanos());
    }

    @Test
    @DisplayName("An outage's slow answers raise the floor at most to the cap, and only for the window")
    void capAndWindow() {
        takes(5_000);
        takes(1);
        takes(1);
        takes(1);
        long capped = Duration.ofMillis(499).toNanos();
        assertThat(pauses).as("the floor is the cap, 500 ms, while the slow call is among the last 3")
                .containsExactly(capped, capped, capped);
        pauses.clear();
        takes(1);
        assertThat(pauses).as("the slow call has left the window: no pause").isEmpty();
    }
}
