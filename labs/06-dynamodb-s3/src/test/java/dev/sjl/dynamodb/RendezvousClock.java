package dev.sjl.dynamodb;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A fixed clock that, once armed, holds every caller until {@code parties} threads have asked it the time. Code that
 * reads the clock between its read and its write then has every racer read before any of them writes: the gap a
 * check-then-write leaves open is as wide as it can be, in every run, instead of when the scheduler happens to allow.
 * The wait has a limit, so code that does not read the clock in that place is only slowed, never hung.
 */
final class RendezvousClock extends Clock {

    private final Instant now;
    private volatile CountDownLatch rendezvous = new CountDownLatch(0);

    RendezvousClock(Instant now) {
        this.now = now;
    }

    void arm(int parties) {
        rendezvous = new CountDownLatch(parties);
    }

    @Override
    public Instant instant() {
        CountDownLatch latch = rendezvous;
        latch.countDown();
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return now;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
