package dev.sjl.localcloud.gateway.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.localcloud.gateway.Integration;
import dev.sjl.localcloud.gateway.LocalHttpApi;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Throughput and latency of the local gateway on loopback, next to a bare Jetty server (the gateway's) answering the same bytes
 * (the floor: what HTTP alone costs here). A bounded number of requests, after a warm-up, from a fixed number of
 * client threads; prints requests/s and latency percentiles. Not a test: numbers depend on the machine.
 *
 * <pre>
 * ./mvnw -q -o -pl localcloud/gateway test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=dev.sjl.localcloud.gateway.bench.GatewayLoadHarness \
 *   -Dexec.args="--requests 40000 --warmup 10000 --concurrency 8"
 * </pre>
 */
public final class GatewayLoadHarness {

    private static final byte[] BODY = "{\"id\":\"42\",\"name\":\"widget\"}".getBytes(StandardCharsets.UTF_8);

    /** The smallest realistic function: reads a path parameter, answers a structured JSON response. */
    static final class ItemHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
        @Override
        public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(200)
                    .withHeaders(Map.of("content-type", "application/json"))
                    .withBody("{\"id\":\"" + event.getPathParameters().get("id") + "\",\"name\":\"widget\"}")
                    .build();
        }
    }

    private record Result(String target, int requests, int failures, double seconds, long[] latenciesNanos) {
        void print(int concurrency) {
            long[] sorted = latenciesNanos.clone();
            Arrays.sort(sorted);
            System.out.printf("%-9s %,7d requests  concurrency %-3d  %,9.0f req/s  p50 %6.3f ms  p90 %6.3f ms  "
                            + "p99 %6.3f ms  max %7.3f ms  failures %d%n",
                    target, requests, concurrency, requests / seconds, millis(sorted, 0.50), millis(sorted, 0.90),
                    millis(sorted, 0.99), sorted[sorted.length - 1] / 1e6, failures);
        }

        private static double millis(long[] sorted, double quantile) {
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
        }
    }

    private GatewayLoadHarness() {
    }

    public static void main(String[] args) throws Exception {
        int requests = intArg(args, "--requests", 40_000);
        int warmup = intArg(args, "--warmup", 10_000);
        int concurrency = intArg(args, "--concurrency", 8);
        System.out.printf("Java %s, %d CPUs; %,d warm-up + %,d measured requests per target%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), warmup, requests);

        Server bare = bareServer();
        try (LocalHttpApi gateway = LocalHttpApi.builder()
                .route("GET /items/{id}", Integration.handler("items", new ItemHandler()))
                .build()
                .start()) {
            URI bareUri = URI.create("http://127.0.0.1:" + ((ServerConnector) bare.getConnectors()[0]).getLocalPort()
                    + "/items/42");
            URI gatewayUri = gateway.baseUri().resolve("items/42");
            run("bare-jetty", bareUri, warmup, concurrency);
            run("gateway", gatewayUri, warmup, concurrency);
            run("bare-jetty", bareUri, requests, concurrency).print(concurrency);
            run("gateway", gatewayUri, requests, concurrency).print(concurrency);
        } finally {
            bare.stop();
        }
    }

    private static Result run(String target, URI uri, int requests, int concurrency) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            workers.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    try {
                        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
                        if (response.statusCode() != 200 || !Arrays.equals(response.body(), BODY)) {
                            failures.incrementAndGet();
                        }
                    } catch (IOException e) {
                        failures.incrementAndGet();
                    }
                    latencies[i] = System.nanoTime() - sent;
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        clients.shutdown();
        return new Result(target, requests, failures.get(), seconds, latencies);
    }

    /** The floor: the same server, answering fixed bytes with no gateway work at all. */
    private static Server bareServer() throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(400, 2);
        threads.setDaemon(true);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Content.Source.asInputStream(request).readAllBytes();
                response.getHeaders().put("content-type", "application/json");
                response.write(true, ByteBuffer.wrap(BODY), callback);
                return true;
            }
        });
        server.start();
        return server;
    }

    private static int intArg(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                int value = Integer.parseInt(args[i + 1]);
                if (value < 1) {
                    throw new IllegalArgumentException(name + " must be at least 1");
                }
                return value;
            }
        }
        return fallback;
    }
}
