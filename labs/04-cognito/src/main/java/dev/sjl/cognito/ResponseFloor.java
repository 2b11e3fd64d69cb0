package dev.sjl.cognito;

import java.time.Duration;
import java.util.Objects;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Answers no sooner than the slowest of the last few calls took. {@code POST /signup} gives a registered email the
 * same words as a new one, but not the same work: Cognito refuses a registered username at once, while a new one is
 * created, its PreSignUp trigger run and its code sent. Measured through the gateway (the capstone's
 * {@code EnumerationTiming}), the registered email answered about 10 ms sooner: enough to tell, over a few tries,
 * which emails have an account. Padding every answer up to the recent maximum hides the difference without a fixed
 * delay to tune per environment; the cap keeps an outage's slow answers from slowing every later sign-up for long.
 *
 * <p>A floor, not a constant time: an answer slower than the floor is not slowed further.
 */
public final class ResponseFloor {

    /** Pauses the calling thread; a parameter so a test can watch the pauses instead of waiting through them. */
    @FunctionalInterface
    public interface Pause {
        void nanos(long nanos) throws InterruptedException;
    }

    private final long[] recent;
    private final long capNanos;
    private final LongSupplier nanoTime;
    private final Pause pause;
    private int next;

    public ResponseFloor(int window, Duration cap) {
        this(window, cap, System::nanoTime, nanos -> Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000)));
    }

    public ResponseFloor(int window, Duration cap, LongSupplier nanoTime, Pause pause) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1");
        }
        this.recent = new long[window];
        this.capNanos = cap.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    /** {@code work}'s result or exception, handed back no sooner than the floor: the outcome must not show in the time. */
    public <T> T call(Supplier<T> work) {
        long start = nanoTime.getAsLong();
        try {
            return work.get();
        } finally {
            long took = nanoTime.getAsLong() - start;
            long floor = recordAndFloor(Math.min(took, capNanos));
            if (floor > took) {
                try {
                    pause.nanos(floor - took);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private synchronized long recordAndFloor(long took) {
        long floor = 0;
        for (long duration : recent) {
            floor = Math.max(floor, duration);
        }
        recent[next] = took;
        next = (next + 1) % recent.length;
        return floor;
    }
}
