package dev.sjl.localcloud.gateway;

import java.util.Locale;

/**
 * A throttling limit as an HTTP API stage or route sets it: a steady {@code rate} in requests per second and a
 * {@code burst}, the most requests let through at once. API Gateway enforces both with a token bucket: the bucket
 * holds {@code burst} tokens, every request takes one, and tokens come back at {@code rate} per second. With no
 * token left, the answer is {@code 429 {"message":"Too Many Requests"}} and nothing behind the gateway runs.
 *
 * <p>AWS: "Throttle requests to your HTTP APIs for better throughput in API Gateway"
 * (docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html).
 */
public record Throttle(double ratePerSecond, int burst) {

    public Throttle {
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("A throttling rate is a finite number of requests per second >= 0: "
                    + ratePerSecond);
        }
        if (burst < 0) {
            throw new IllegalArgumentException("A throttling burst is a number of requests >= 0: " + burst);
        }
    }

    public static Throttle of(double ratePerSecond, int burst) {
        return new Throttle(ratePerSecond, burst);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s rps, burst %d", ratePerSecond, burst);
    }
}
