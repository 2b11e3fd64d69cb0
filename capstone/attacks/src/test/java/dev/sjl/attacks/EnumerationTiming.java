package dev.sjl.attacks;

import dev.sjl.system.LocalUserService;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A benchmark, not a test: do sign-up and login take as long for a registered email as for an unknown one? A timing
 * difference tells an attacker which emails have accounts even when the answers are identical (EnumerationAttacksTest).
 *
 * <p>The whole service through its gateway over HTTP, as {@code kit run} serves it. Known and unknown requests
 * alternate (so drift in the machine's load hits both alike), after a warm-up; requests are paced under the stage's
 * throttles (login 5/s), and a throttled (429) sample is asked again, not counted. Reported: median and p90 of each,
 * and whether the medians differ by less than the stated bound, max(5 ms, 20 % of the faster median). On a shared
 * 2-core machine, read the numbers, not just the verdict.
 *
 * <p>{@code ./mvnw -q -pl capstone/attacks test-compile exec:exec@enumeration-timing} (optional argument: samples, 50).
 */
public final class EnumerationTiming {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String PASSWORD = "Correct-Horse-9-battery";
    private static final long PACE_MILLIS = 250;

    private EnumerationTiming() {
    }

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int warmUp = 10;
        try (LocalUserService service = LocalUserService.start(LocalUserService.Options.forTests())) {
            URI api = service.apiBase();
            String known = "known-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            call(api, "signup", body(known, PASSWORD));
            String code = service.cloud().cognitoConfirmationCode(service.poolId(), known);
            call(api, "signup/confirm", "{\"email\":\"" + known + "\",\"code\":\"" + code + "\"}");

            report("sign-up", measure(samples, warmUp,
                    () -> timed(api, "signup", body(known, PASSWORD)),
                    () -> timed(api, "signup", body(unknown(), PASSWORD))));
            report("login (wrong password)", measure(samples, warmUp,
                    () -> timed(api, "login", body(known, "Wrong-password-42")),
                    () -> timed(api, "login", body(unknown(), "Wrong-password-42"))));
        }
    }

    private static String unknown() {
        return "nobody-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    private static String body(String email, String password) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}";
    }

    /** Known and unknown, alternating: [0] known nanos, [1] unknown nanos. */
    private static long[][] measure(int samples, int warmUp, Supplier<Long> known, Supplier<Long> unknown) {
        List<Long> k = new ArrayList<>();
        List<Long> u = new ArrayList<>();
        for (int i = 0; i < samples + warmUp; i++) {
            // Which goes first alternates too: the second of a pair must not carry a systematic handicap.
            long a;
            long b;
            if (i % 2 == 0) {
                a = known.get();
                b = unknown.get();
            } else {
                b = unknown.get();
                a = known.get();
            }
            if (i >= warmUp) {
                k.add(a);
                u.add(b);
            }
        }
        return new long[][] {k.stream().mapToLong(Long::longValue).toArray(), u.stream().mapToLong(Long::longValue).toArray()};
    }

    private static void report(String what, long[][] nanos) {
        double knownMedian = percentile(nanos[0], 50);
        double unknownMedian = percentile(nanos[1], 50);
        double bound = Math.max(5.0, 0.20 * Math.min(knownMedian, unknownMedian));
        double difference = Math.abs(knownMedian - unknownMedian);
        System.out.printf("%-24s known: median %6.1f ms, p90 %6.1f ms | unknown: median %6.1f ms, p90 %6.1f ms | "
                        + "n=%d each | |difference| %5.1f ms, bound %5.1f ms: %s%n", what, knownMedian,
                percentile(nanos[0], 90), unknownMedian, percentile(nanos[1], 90), nanos[0].length, difference, bound,
                difference <= bound ? "within" : "OUTSIDE");
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)] / 1e6;
    }

    private static long timed(URI api, String path, String body) {
        while (true) {
            try {
                Thread.sleep(PACE_MILLIS);
                long start = System.nanoTime();
                HttpResponse<Void> response = send(api, path, body);
                long elapsed = System.nanoTime() - start;
                if (response.statusCode() != 429) {
                    if (response.statusCode() >= 500) {
                        throw new IllegalStateException(path + " answered " + response.statusCode());
                    }
                    return elapsed;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void call(URI api, String path, String body) {
        int status = send(api, path, body).statusCode();
        if (status >= 300) {
            throw new IllegalStateException(path + " answered " + status);
        }
    }

    private static HttpResponse<Void> send(URI api, String path, String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(api.resolve(path)).timeout(Duration.ofSeconds(30))
                    .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.discarding());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
