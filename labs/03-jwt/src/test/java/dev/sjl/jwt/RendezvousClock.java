package dev.sjl.jwt;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A clock that stands still and, once armed, is a meeting point: a thread that reads it waits there for a second
 * thread to read it too, so two racing calls are both past whatever they did before reading the time. When the
 * second never comes (the code under test holds a lock while it reads the clock, so the other thread cannot get
 * there), the wait ends after a moment and the clock disarms itself: the meeting point only ever widens a race,
 * it never decides a result.
 */
final class RendezvousClock extends Clock {

    private static final long PATIENCE_MILLIS = 50;

    private final Instant now;
    private final CyclicBarrier meeting = new CyclicBarrier(2);
    private volatile boolean armed;

    RendezvousClock(Instant now) {
        this.now = now;
    }

    void arm() {
        armed = true;
    }

    void disarm() {
        armed = false;
    }

    @Override
    public Instant instant() {
        if (armed) {
            try {
                meeting.await(PATIENCE_MILLIS, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | BrokenBarrierException alone) {
                armed = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                armed = false;
            }
        }
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("The tests' clock is UTC only");
    }
}
