package dev.sjl.localcloud;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Invoke API on loopback ({@code POST /2015-03-31/functions/{name}/invocations}), serving functions
 * registered in this JVM. cognito-local calls it for user-pool triggers, and the AWS CLI's {@code lambda invoke}
 * works against it. A function that throws answers like Lambda: 200 with {@code X-Amz-Function-Error: Unhandled}
 * and an {@code errorMessage}/{@code errorType} body.
 */
public final class LambdaInvokeEndpoint implements RunningEmulator {
    private static final Pattern INVOKE = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_PAYLOAD = 6 * 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, LambdaFunction> functions = new ConcurrentHashMap<>();

    private LambdaInvokeEndpoint(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
        server.createContext("/", this::exchange);
    }

    static LambdaInvokeEndpoint start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(Ports.LOOPBACK, port), 0);
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "localcloud-lambda-invoke");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        LambdaInvokeEndpoint endpoint = new LambdaInvokeEndpoint(server, executor);
        server.start();
        return endpoint;
    }

    /** Serves {@code function} under {@code name} until the returned registration is closed. */
    public AutoCloseable register(String name, LambdaFunction function) {
        Objects.requireNonNull(function, "function");
        if (functions.putIfAbsent(Objects.requireNonNull(name, "name"), function) != null) {
            throw new IllegalStateException("A function named " + name + " is already registered");
        }
        return () -> functions.remove(name, function);
    }

    @Override
    public URI endpoint() {
        return URI.create("http://" + Ports.LOOPBACK + ":" + server.getAddress().getPort());
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            Matcher m = INVOKE.matcher(exchange.getRequestURI().getRawPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !m.matches()) {
                error(exchange, 404, "UnknownOperationException", "Only Invoke (POST /2015-03-31/functions/{name}/invocations) is served");
                return;
            }
            String name = URLDecoder.decode(m.group(1), StandardCharsets.UTF_8);
            // Callers may pass an ARN or name:qualifier; the function is registered by its plain name.
            if (name.startsWith("arn:")) {
                String[] parts = name.split(":");
                name = parts.length > 6 ? parts[6] : name;
            } else if (name.contains(":")) {
                name = name.substring(0, name.indexOf(':'));
            }
            LambdaFunction function = functions.get(name);
            if (function == null) {
                error(exchange, 404, "ResourceNotFoundException",
                        "Function not found: arn:aws:lambda:us-east-1:000000000000:function:" + name);
                return;
            }
            byte[] payload = exchange.getRequestBody().readNBytes(MAX_PAYLOAD + 1);
            if (payload.length > MAX_PAYLOAD) {
                error(exchange, 413, "RequestTooLargeException", "Request must be smaller than " + MAX_PAYLOAD + " bytes for the InvokeFunction operation");
                return;
            }
            exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
            String result;
            try {
                result = function.invoke(new String(payload, StandardCharsets.UTF_8));
            } catch (Exception e) {
                exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
                send(exchange, 200, JSON.createObjectNode()
                        .put("errorMessage", Objects.toString(e.getMessage(), e.getClass().getSimpleName()))
                        .put("errorType", e.getClass().getName()).toString());
                return;
            }
            send(exchange, 200, result == null ? "null" : result);
        }
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        send(exchange, status, JSON.createObjectNode().put("Type", "User").put("message", message).toString());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
