package dev.sjl.localcloud.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sjl.localcloud.functions.LoopbackHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One loopback HTTP endpoint for the small in-process fakes that speak the AWS JSON 1.1 protocol — SSM Parameter
 * Store, Secrets Manager, EventBridge — dispatching on {@code X-Amz-Target} ({@code AmazonSSM.GetParameter}). The
 * SDK v2 clients, the AWS CLI and Powertools' parameter providers talk to it unmodified. State is in memory.
 */
public final class AwsJsonServer implements AutoCloseable {
    private static final int MAX_BODY = 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, AwsJsonService> services;
    private final SsmFake ssm = new SsmFake();
    private final SecretsManagerFake secrets = new SecretsManagerFake();
    private final EventBridgeFake events = new EventBridgeFake();

    private AwsJsonServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        this.services = List.of(ssm, secrets, events).stream()
                .collect(Collectors.toMap(AwsJsonService::targetPrefix, Function.identity()));
        server.createContext("/", this::exchange);
    }

    /** Binds 127.0.0.1:{@code port} (0 = any free port) and starts serving. */
    public static AwsJsonServer start(int port) throws IOException {
        HttpServer server = LoopbackHttpServer.create(port, 0);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "localcloud-awsjson");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        AwsJsonServer fakes = new AwsJsonServer(server, executor);
        server.start();
        return fakes;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The events accepted by {@code PutEvents}, for tests that check what a function published. */
    /** Deletes every SSM parameter (the local cloud's reset); returns how many there were. */
    public int resetSsm() {
        return ssm.reset();
    }

    /** Deletes every secret (the local cloud's reset); returns how many there were. */
    public int resetSecretsManager() {
        return secrets.reset();
    }

    public EventBridgeFake eventBridge() {
        return events;
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            String requestId = UUID.randomUUID().toString();
            exchange.getResponseHeaders().set("x-amzn-RequestId", requestId);
            try {
                ObjectNode body = dispatch(exchange);
                send(exchange, 200, body);
            } catch (AwsJsonException e) {
                exchange.getResponseHeaders().set("x-amzn-ErrorType", e.type());
                ObjectNode error = Json.object().put("__type", e.type()).put("message", e.getMessage());
                send(exchange, e.status(), error);
            } catch (RuntimeException e) {
                // A bug in a fake must look like AWS's 500, never leak a stack trace to the client.
                System.err.println("[localcloud] AWS JSON fake failed on request " + requestId + ": " + e);
                exchange.getResponseHeaders().set("x-amzn-ErrorType", "InternalFailure");
                send(exchange, 500, Json.object().put("__type", "InternalFailure").put("message", "Internal failure, request " + requestId));
            }
        }
    }

    private ObjectNode dispatch(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw new AwsJsonException("UnknownOperationException", "Only POST is supported by the AWS JSON protocol", 404);
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        int dot = target == null ? -1 : target.indexOf('.');
        AwsJsonService service = dot < 0 ? null : services.get(target.substring(0, dot));
        if (service == null) {
            throw new AwsJsonException("UnknownOperationException", "No fake serves X-Amz-Target " + target);
        }
        JsonNode request;
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new AwsJsonException("SerializationException", "Request body larger than " + MAX_BODY + " bytes", 413);
            }
            request = bytes.length == 0 ? Json.object() : Json.MAPPER.readTree(bytes);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AwsJsonException("SerializationException", "Request body is not valid JSON");
        }
        if (request == null || !request.isObject()) {
            throw new AwsJsonException("SerializationException", "Request body must be a JSON object");
        }
        return service.handle(target.substring(dot + 1), request);
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        events.close();
    }
}
