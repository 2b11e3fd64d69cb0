package dev.sjl.resilience;

import dev.sjl.apigateway.ApiDefinition;
import dev.sjl.system.LocalUserService;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Issue 20, item 5, a benchmark and not a test: the user service (what {@code kit run} starts, in this JVM) under a
 * steady open-loop load of mixed calls through its gateway: 20% {@code POST /login}, 50% {@code GET /users/me}, 30%
 * {@code GET /users} (the admin's list). Each request is sent at its planned time whatever the others are doing, and
 * its latency counts from that time, so a stall shows up in the percentiles instead of slowing the load down.
 * <pre>
 * ./mvnw -q test-compile exec:exec@load -pl capstone/resilience -Dload.rate=200 -Dload.seconds=60
 * </pre>
 * Arguments: requests per second, seconds (after a 5 s warm-up at the same rate), and {@code stage} to keep the local
 * stage's throttle (10 requests/s, login 5/s: what {@code kit run} serves) instead of lifting it. Log lines go to
 * {@code target/load-driver.log}.
 */
public final class LoadDriver {

    private static final int USERS = 20;
    private static final Duration WARM_UP = Duration.ofSeconds(5);

    private LoadDriver() {
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        boolean stageThrottle = args.length > 2 && args[2].equals("stage");
        // The functions' and the gateway's log lines (a stack trace for each failure under overload) go to a file, so
        // the figures stay readable.
        java.util.logging.LogManager.getLogManager().reset();
        java.util.logging.FileHandler logFile = new java.util.logging.FileHandler("target/load-driver.log");
        logFile.setFormatter(new java.util.logging.SimpleFormatter());
        java.util.logging.Logger.getLogger("").addHandler(logFile);
        LocalUserService.Options options = LocalUserService.Options.forTests();
        if (!stageThrottle) {
            options = options.withThrottle(new ApiDefinition.Throttle(10_000, 10_000));
        }
        long startedAt = System.nanoTime();
        try (RunningService running = startQuietly(options)) {
            System.out.printf(Locale.ROOT, "service up in %d ms (%s)%n", (System.nanoTime() - startedAt) / 1_000_000,
                    stageThrottle ? "the local stage's throttle" : "throttle lifted");
            List<String> emails = new ArrayList<>();
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < USERS; i++) {
                String email = "load-" + i + "-" + UUID.randomUUID().toString().substring(0, 6) + "@example.com";
                running.confirmedUser(email);
                emails.add(email);
                tokens.add(running.login(email, RunningService.PASSWORD).path("accessToken").asText());
            }
            String admin = running.login(LocalUserService.ADMIN_EMAIL, running.service.adminPassword())
                    .path("accessToken").asText();
            System.out.printf(Locale.ROOT, "%d users signed up, confirmed and logged in; %d req/s for %d s after %d s of warm-up%n",
                    USERS, rate, seconds, WARM_UP.toSeconds());

            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .executor(Executors.newFixedThreadPool(16)).connectTimeout(Duration.ofSeconds(5)).build();
            Run warm = drive(http, running, rate, (int) WARM_UP.toSeconds(), emails, tokens, admin);
            System.out.println("warm-up: " + warm.summary());
            Run measured = drive(http, running, rate, seconds, emails, tokens, admin);
            System.out.println("measured: " + measured.summary());
            for (String route : measured.byRoute.keySet()) {
                System.out.println("  " + route + ": " + measured.percentiles(measured.byRoute.get(route)));
            }
            System.exit(0);
        }
    }

    private static RunningService startQuietly(LocalUserService.Options options) {
        return RunningService.start(options);
    }

    /** One timed run: every request's latency in microseconds, by route, and the statuses (0 = no answer). */
    static final class Run {
        final Map<String, List<Long>> byRoute = new ConcurrentHashMap<>();
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        long wallNanos;
        int planned;

        void record(String route, long micros, int status) {
            byRoute.computeIfAbsent(route, r -> java.util.Collections.synchronizedList(new ArrayList<>())).add(micros);
            statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        }

        String percentiles(List<Long> latencies) {
            long[] sorted;
            synchronized (latencies) {
                sorted = latencies.stream().mapToLong(Long::longValue).toArray();
            }
            Arrays.sort(sorted);
            if (sorted.length == 0) {
                return "none";
            }
            return String.format(Locale.ROOT, "n %d, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms", sorted.length,
                    at(sorted, 0.50), at(sorted, 0.90), at(sorted, 0.99), sorted[sorted.length - 1] / 1000.0);
        }

        private static double at(long[] sorted, double q) {
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1000.0;
        }

        String summary() {
            List<Long> all = new ArrayList<>();
            byRoute.values().forEach(l -> {
                synchronized (l) {
                    all.addAll(l);
                }
            });
            Map<Integer, Integer> counts = new TreeMap<>();
            statuses.forEach((s, n) -> counts.put(s, n.get()));
            int errors = counts.entrySet().stream().filter(e -> e.getKey() < 200 || e.getKey() >= 300)
                    .mapToInt(Map.Entry::getValue).sum();
            return String.format(Locale.ROOT, "%d planned, %d answered in %.1f s (%.1f/s), statuses %s, errors %d; %s",
                    planned, all.size(), wallNanos / 1e9, all.size() / (wallNanos / 1e9), counts, errors, percentiles(all));
        }
    }

    private static Run drive(HttpClient http, RunningService running, int rate, int seconds, List<String> emails,
                             List<String> tokens, String admin) throws Exception {
        Run run = new Run();
        int total = rate * seconds;
        run.planned = total;
        List<CompletableFuture<Void>> inFlight = new ArrayList<>(total);
        URI login = running.api("login");
        URI me = running.api("users/me");
        URI users = running.api("users");
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        java.util.Random random = new java.util.Random(20261203L);
        for (int i = 0; i < total; i++) {
            long planned = start + i * interval;
            long wait = planned - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int user = random.nextInt(USERS);
            int pick = random.nextInt(100);
            String route;
            HttpRequest request;
            if (pick < 20) {
                route = "POST /login";
                request = HttpRequest.newBuilder(login).timeout(Duration.ofSeconds(30)).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(RunningService.JSON.writeValueAsString(
                                Map.of("email", emails.get(user), "password", RunningService.PASSWORD)))).build();
            } else if (pick < 70) {
                route = "GET /users/me";
                request = HttpRequest.newBuilder(me).timeout(Duration.ofSeconds(30))
                        .header("authorization", "Bearer " + tokens.get(user)).GET().build();
            } else {
                route = "GET /users";
                request = HttpRequest.newBuilder(users).timeout(Duration.ofSeconds(30))
                        .header("authorization", "Bearer " + admin).GET().build();
            }
            inFlight.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
                run.record(route, (System.nanoTime() - planned) / 1_000, failure == null ? response.statusCode() : 0);
                return null;
            }));
        }
        CompletableFuture.allOf(inFlight.toArray(CompletableFuture[]::new)).join();
        run.wallNanos = System.nanoTime() - start;
        return run;
    }
}
