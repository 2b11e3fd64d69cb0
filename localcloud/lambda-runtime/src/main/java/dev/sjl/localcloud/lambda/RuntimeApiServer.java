package dev.sjl.localcloud.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API of one execution environment, on {@code 127.0.0.1} and an ephemeral port: what a runtime
 * (here the official Java runtime interface client) polls for invocations and posts their outcome to.
 *
 * <ul>
 *   <li>{@code GET /2018-06-01/runtime/invocation/next} blocks until an invocation is queued, then returns its payload
 *       with the {@code Lambda-Runtime-*} headers. The first call marks the end of the runtime's init phase. Just
 *       before an event is handed out, the hook given to {@link #start(String, Runnable)} runs: what the runtime
 *       wrote until then is not that invocation's.</li>
 *   <li>{@code POST /2018-06-01/runtime/invocation/{id}/response} completes it (over 6 MB: refused with 413, and the
 *       caller gets {@code Function.ResponseSizeTooLarge}, as on Lambda).</li>
 *   <li>{@code POST /2018-06-01/runtime/invocation/{id}/error} completes it with the function's error document.</li>
 *   <li>{@code POST /2018-06-01/runtime/init/error} records why init failed.</li>
 * </ul>
 * One server serves one runtime process; a new execution environment gets a new server.
 */
public final class RuntimeApiServer implements AutoCloseable {

    static {
        // Without it the JDK server leaves Nagle's algorithm on, and the runtime's small POSTs wait for the peer's
        // delayed ACK: about 40 ms added to every warm invocation. Read once, when the JDK's server config loads,
        // so it must be set before the first HttpServer of this JVM is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** Lambda's limit on a synchronous invocation's request and response: 6 MB. */
    public static final int MAX_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;

    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final Pattern INVOCATION_PATH =
            Pattern.compile("^" + PREFIX + "invocation/([^/]+)/(response|error)$");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService executor;
    private final String functionArn;
    private final Runnable beforeHandOut;
    private final BlockingQueue<Invocation> queue = new LinkedBlockingQueue<>();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final CompletableFuture<Long> firstPoll = new CompletableFuture<>();
    private volatile RuntimeError initError;
    private volatile boolean closed;

    private RuntimeApiServer(String functionArn, Runnable beforeHandOut) throws IOException {
        this.functionArn = functionArn;
        this.beforeHandOut = beforeHandOut;
        int id = SERVERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        // Cached, because /next holds a thread for as long as the runtime waits for work.
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "runtime-api-" + id + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext(PREFIX, this::handle);
        this.server.setExecutor(executor);
        this.server.start();
    }

    /** Starts a Runtime API for the function with this ARN (the runtime hands it to the handler's Context). */
    public static RuntimeApiServer start(String functionArn) {
        return start(functionArn, () -> { });
    }

    /**
     * Starts a Runtime API whose {@code /next} runs {@code beforeHandOut} just before it hands each event to the
     * runtime, on the thread that serves the request (so the runtime cannot start on the event before it returns).
     */
    public static RuntimeApiServer start(String functionArn, Runnable beforeHandOut) {
        try {
            return new RuntimeApiServer(Objects.requireNonNull(functionArn, "functionArn"),
                    Objects.requireNonNull(beforeHandOut, "beforeHandOut"));
        } catch (IOException e) {
            throw new IllegalStateException("Could not open the Runtime API on 127.0.0.1", e);
        }
    }

    /** {@code host:port}, the value of {@code AWS_LAMBDA_RUNTIME_API} for the runtime process. */
    public String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** Completes with {@link System#nanoTime()} of the runtime's first {@code /next}: its init phase is over. */
    public CompletableFuture<Long> firstPoll() {
        return firstPoll;
    }

    /** The error the runtime reported on {@code /init/error}, or null. */
    public RuntimeError initError() {
        return initError;
    }

    /**
     * Queues an invocation; the runtime receives it on its next {@code /next}.
     *
     * @param payload        the event, as JSON bytes
     * @param timeout        the function's timeout: the deadline the runtime sees is "taken + timeout"
     * @param submittedNanos {@link System#nanoTime()} when the caller asked, the start of the result's latency
     */
    public Invocation submit(byte[] payload, Duration timeout, long submittedNanos) {
        Invocation invocation = new Invocation(UUID.randomUUID().toString(), payload, timeout, submittedNanos);
        if (closed) {
            throw new IllegalStateException("This Runtime API is closed");
        }
        queue.add(invocation);
        return invocation;
    }

    /** Every invocation not yet answered: queued ones and those the runtime is working on. */
    public List<Invocation> pending() {
        List<Invocation> all = new ArrayList<>(inFlight.values());
        all.addAll(queue);
        return all;
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if ("GET".equals(method) && path.equals(PREFIX + "invocation/next")) {
                next(exchange);
                return;
            }
            if ("POST".equals(method) && path.equals(PREFIX + "init/error")) {
                initError = readError(exchange);
                respond(exchange, 202, "{\"status\":\"OK\"}");
                return;
            }
            Matcher m = INVOCATION_PATH.matcher(path);
            if ("POST".equals(method) && m.matches()) {
                Invocation invocation = inFlight.remove(m.group(1));
                if (invocation == null) {
                    respond(exchange, 400, errorJson("InvalidRequestID", "No invocation " + m.group(1)
                            + " is waiting for an outcome"));
                } else if ("response".equals(m.group(2))) {
                    response(exchange, invocation);
                } else {
                    RuntimeError error = readError(exchange);
                    invocation.complete(error.json(), error.type(), error.message());
                    respond(exchange, 202, "{\"status\":\"OK\"}");
                }
                return;
            }
            respond(exchange, 404, errorJson("NotFound", "No such Runtime API resource: " + method + " " + path));
        }
    }

    private void next(HttpExchange exchange) throws IOException {
        firstPoll.complete(System.nanoTime());
        Invocation invocation = null;
        try {
            while (invocation == null && !closed) {
                invocation = queue.poll(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (invocation == null) {
            return;
        }
        try {
            beforeHandOut.run();
        } catch (RuntimeException e) {
            // The hook only sorts logs: a failure there must not cost the function its invocation.
        }
        long deadline = System.currentTimeMillis() + invocation.timeout.toMillis();
        inFlight.put(invocation.requestId, invocation);
        invocation.taken.complete(System.nanoTime());
        var headers = exchange.getResponseHeaders();
        // The runtime interface client's native HTTP client fails on a response without a content type.
        headers.set("Content-Type", "application/json");
        headers.set("Lambda-Runtime-Aws-Request-Id", invocation.requestId);
        headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
        headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
        headers.set("Lambda-Runtime-Trace-Id", traceId());
        exchange.sendResponseHeaders(200, invocation.payload.length == 0 ? -1 : invocation.payload.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(invocation.payload);
        }
    }

    private void response(HttpExchange exchange, Invocation invocation) throws IOException {
        byte[] body = readAtMost(exchange.getRequestBody(), MAX_SYNC_PAYLOAD_BYTES);
        if (body == null) {
            String message = "Response payload size exceeded maximum allowed payload size ("
                    + MAX_SYNC_PAYLOAD_BYTES + " bytes).";
            invocation.complete(errorJson("Function.ResponseSizeTooLarge", message),
                    "Function.ResponseSizeTooLarge", message);
            respond(exchange, 413, errorJson("RequestEntityTooLarge", message));
            return;
        }
        invocation.complete(new String(body, StandardCharsets.UTF_8), null, null);
        respond(exchange, 202, "{\"status\":\"OK\"}");
    }

    private static RuntimeError readError(HttpExchange exchange) throws IOException {
        byte[] body = readAtMost(exchange.getRequestBody(), MAX_SYNC_PAYLOAD_BYTES);
        String header = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
        String text = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        String type = header;
        String message = null;
        try {
            JsonNode doc = JSON.readTree(text);
            if (doc != null && doc.isObject()) {
                type = doc.path("errorType").asText(header);
                message = doc.path("errorMessage").isMissingNode() ? null : doc.path("errorMessage").asText();
            }
        } catch (IOException notJson) {
            message = text;
        }
        type = type == null || type.isBlank() ? "Runtime.Unknown" : type;
        return new RuntimeError(type, message == null ? "" : message, text.isBlank() ? errorJson(type, message) : text);
    }

    /** The stream's bytes, or null when there are more than {@code limit}. */
    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit + 1);
        if (bytes.length > limit) {
            in.transferTo(OutputStream.nullOutputStream());
            return null;
        }
        return bytes;
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(bytes);
        }
    }

    static String errorJson(String type, String message) {
        return JSON.createObjectNode().put("errorMessage", message).put("errorType", type).toString();
    }

    /** An X-Ray trace header of the shape Lambda sends (the runtime copies it to a system property). */
    private static String traceId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("Root=1-%08x-%024x;Parent=%016x;Sampled=0", System.currentTimeMillis() / 1000,
                random.nextLong() & Long.MAX_VALUE, random.nextLong() & Long.MAX_VALUE);
    }

    /** An error a runtime reported: its type, its message and the whole document it posted. */
    public record RuntimeError(String type, String message, String json) {
    }

    /** One queued invocation and the futures its caller waits on. */
    public static final class Invocation {
        private final String requestId;
        private final byte[] payload;
        private final Duration timeout;
        private final long submittedNanos;
        private final CompletableFuture<Long> taken = new CompletableFuture<>();
        private final CompletableFuture<InvocationResult> result = new CompletableFuture<>();

        private Invocation(String requestId, byte[] payload, Duration timeout, long submittedNanos) {
            this.requestId = requestId;
            this.payload = payload;
            this.timeout = timeout;
            this.submittedNanos = submittedNanos;
        }

        public String requestId() {
            return requestId;
        }

        /** Completes with {@link System#nanoTime()} when the runtime takes the invocation from {@code /next}. */
        public CompletableFuture<Long> taken() {
            return taken;
        }

        public CompletableFuture<InvocationResult> result() {
            return result;
        }

        /** Ends the invocation with an outcome decided outside the runtime (crash, timeout, init failure). */
        public void fail(String errorType, String errorMessage, boolean initError) {
            finish(errorJson(errorType, errorMessage), errorType, errorMessage, initError);
        }

        /** Ends the invocation with an error the runtime reported elsewhere (its init error). */
        public void failWith(RuntimeError error, boolean initError) {
            finish(error.json(), error.type(), error.message(), initError);
        }

        void complete(String payloadOrError, String errorType, String errorMessage) {
            finish(payloadOrError, errorType, errorMessage, false);
        }

        private void finish(String body, String errorType, String errorMessage, boolean initError) {
            long now = System.nanoTime();
            Long takenAt = taken.getNow(null);
            Duration duration = takenAt == null ? null : Duration.ofNanos(now - takenAt);
            result.complete(new InvocationResult(requestId, body, errorType, errorMessage, initError, duration,
                    Duration.ofNanos(now - submittedNanos)));
        }
    }
}
