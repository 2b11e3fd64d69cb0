package dev.sjl.apigateway;

import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A benchmark, not a test: requests per second and latency percentiles of {@code GET /users/me} through the local
 * gateway with the Cognito JWT authorizer (signature, issuer, client, expiry and scope checked on every request) and
 * the {@code me} function, against the local cloud's Cognito. A bounded number of requests after a warm-up; run it
 * on a quiet machine and compare runs, never assert on the numbers.
 *
 * <pre>
 * ./mvnw -q -pl solutions/05-api-gateway test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.sjl.apigateway.JwtGatewayThroughput -Dexec.args="--requests 4000 --concurrency 4"
 * </pre>
 */
public final class JwtGatewayThroughput {

    private JwtGatewayThroughput() {
    }

    public static void main(String[] args) throws Exception {
        // The local cloud starts JDK HTTP servers of its own before the gateway's class sets this; the JDK reads it
        // once, so without it here every small response waits ~40 ms for Nagle and a delayed ACK.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        int requests = option(args, "--requests", 4000);
        int warmup = option(args, "--warmup", Math.max(200, requests / 4));
        int concurrency = option(args, "--concurrency", 4);
        String run = "bench-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        try (LocalCloud cloud = LocalCloud.start(Service.COGNITO)) {
            Pool pool = Pool.create(cloud.clients().cognito(), cloud, base -> run + "-" + base);
            pool.user("bench@example.com");
            String token = pool.login("bench@example.com").accessToken();
            try (Served served = Served.start(pool)) {
                measure(served, token, warmup, concurrency);
                long[] latencies = measure(served, token, requests, concurrency);
                print(latencies, requests, concurrency);
            }
        }
    }

    /** Sends {@code count} requests from {@code concurrency} threads; returns each latency in ns and the wall time last. */
    private static long[] measure(Served served, String token, int count, int concurrency) throws Exception {
        long[] latencies = new long[count + 1];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        long started = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            workers.add(threads.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                    long sent = System.nanoTime();
                    HttpResponse<String> response = served.get("/users/me", "Authorization", "Bearer " + token);
                    latencies[i] = System.nanoTime() - sent;
                    if (response.statusCode() != 200) {
                        failures.incrementAndGet();
                    }
                }
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        latencies[count] = System.nanoTime() - started;
        threads.shutdown();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " requests did not answer 200: the numbers would lie");
        }
        return latencies;
    }

    private static void print(long[] measured, int requests, int concurrency) {
        long wall = measured[requests];
        long[] sorted = Arrays.copyOf(measured, requests);
        Arrays.sort(sorted);
        System.out.printf(Locale.ROOT, "GET /users/me, JWT authorizer + function, %d requests, %d threads: "
                        + "%.0f requests/s, p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (%d cores)%n",
                requests, concurrency, requests / (wall / 1e9), ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99),
                sorted[requests - 1] / 1e6, Runtime.getRuntime().availableProcessors());
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static int option(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
