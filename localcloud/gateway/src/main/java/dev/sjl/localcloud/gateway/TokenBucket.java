package dev.sjl.localcloud.gateway;

import java.time.Clock;

/**
 * One {@link Throttle}'s token bucket. It starts full ({@code burst} tokens) and refills continuously at the rate,
 * never above {@code burst}. Time comes from the API's clock, so a test moves the clock instead of sleeping.
 */
final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1_000_000_000d;

    private final Throttle limit;
    private final Clock clock;
    private double tokens;
    private long lastRefillNanos;

    TokenBucket(Throttle limit, Clock clock) {
        this.limit = limit;
        this.clock = clock;
        this.tokens = limit.burst();
        this.lastRefillNanos = nanos();
    }

    /** Takes a token if there is one; false means the request is throttled. */
    synchronized boolean tryTake() {
        long now = nanos();
        if (now > lastRefillNanos) {
            tokens = Math.min(limit.burst(), tokens + (now - lastRefillNanos) / NANOS_PER_SECOND * limit.ratePerSecond());
            lastRefillNanos = now;
        }
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    private long nanos() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
