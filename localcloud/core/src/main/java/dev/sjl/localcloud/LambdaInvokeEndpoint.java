package dev.sjl.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sjl.localcloud.functions.LoopbackHttpServer;
import dev.sjl.localcloud.functions.FunctionNotFoundException;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Invocation;
import dev.sjl.localcloud.functions.RegisteredFunction;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lambda's API on loopback for the functions in the local cloud's {@link FunctionRegistry}: {@code Invoke}
 * (RequestResponse, Event and DryRun), {@code ListFunctions}, {@code GetFunction}, {@code GetFunctionConfiguration},
 * and the event source mapping operations. cognito-local calls it for user-pool triggers; the SDK's
 * {@code LambdaClient} and the AWS CLI ({@code aws lambda list-functions}, {@code invoke},
 * {@code create-event-source-mapping}) work against it. A function that throws answers like Lambda: 200 with
 * {@code X-Amz-Function-Error: Unhandled} and an {@code errorMessage}/{@code errorType} body.
 *
 * <p>Not Lambda's: {@code GET /_localcloud/functions/{name}/invocations} lists what a function received, for tests
 * and {@code kit cloud} users; {@code POST /_localcloud/reset} resets the whole local cloud ({@link LocalCloud#reset()}).
 */
public final class LambdaInvokeEndpoint implements RunningEmulator {
    private static final Pattern INVOKE = Pattern.compile("^/2015-03-31/functions/([^/]+)/invocations$");
    private static final Pattern FUNCTION = Pattern.compile("^/2015-03-31/functions/([^/]+)(/configuration)?/?$");
    private static final Pattern FUNCTIONS = Pattern.compile("^/2015-03-31/functions/?$");
    private static final Pattern MAPPINGS = Pattern.compile("^/2015-03-31/event-source-mappings/?$");
    private static final Pattern MAPPING = Pattern.compile("^/2015-03-31/event-source-mappings/([^/]+)/?$");
    private static final Pattern INVOCATIONS = Pattern.compile("^/_localcloud/functions/([^/]+)/invocations/?$");
    private static final String RESET = "/_localcloud/reset";
    private static final int MAX_PAYLOAD = 6 * 1024 * 1024;
    private static final int MAX_ASYNC_PAYLOAD = 256 * 1024;
    private static final DateTimeFormatter LAST_MODIFIED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ")
            .withZone(ZoneOffset.UTC);
    /** Parameters of CreateEventSourceMapping the local cloud refuses rather than ignores. */
    private static final Set<String> NOT_EMULATED = Set.of("FilterCriteria", "DestinationConfig", "ParallelizationFactor",
            "TumblingWindowInSeconds", "StartingPositionTimestamp", "MaximumRecordAgeInSeconds", "ScalingConfig",
            "Topics", "Queues", "SourceAccessConfigurations", "SelfManagedEventSource", "MetricsConfig", "ProvisionedPollerConfig");

    private final HttpServer server;
    private final ExecutorService executor;
    private final FunctionRegistry functions;
    private final EventSourceMappings mappings;
    private final Supplier<Map<Service, String>> reset;

    private LambdaInvokeEndpoint(HttpServer server, ExecutorService executor, FunctionRegistry functions,
                                 EventSourceMappings mappings, Supplier<Map<Service, String>> reset) {
        this.server = server;
        this.executor = executor;
        this.functions = functions;
        this.mappings = mappings;
        this.reset = reset;
        server.createContext("/", this::exchange);
    }

    static LambdaInvokeEndpoint start(int port, FunctionRegistry functions, EventSourceMappings mappings,
                                      Supplier<Map<Service, String>> reset) throws IOException {
        HttpServer server = LoopbackHttpServer.create(port, 0);
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "localcloud-lambda-api");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        LambdaInvokeEndpoint endpoint = new LambdaInvokeEndpoint(server, executor, functions, mappings, reset);
        server.start();
        return endpoint;
    }

    /** The registry this endpoint serves. */
    public FunctionRegistry functions() {
        return functions;
    }

    @Override
    public URI endpoint() {
        return URI.create("http://" + Ports.LOOPBACK + ":" + server.getAddress().getPort());
    }

    private void exchange(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                route(exchange);
            } catch (LambdaApiException e) {
                error(exchange, e.status(), e.type(), e.getMessage());
            } catch (FunctionNotFoundException e) {
                error(exchange, 404, "ResourceNotFoundException", e.getMessage());
            } catch (RuntimeException e) {
                System.err.println("[localcloud] Lambda API failed on " + exchange.getRequestMethod() + " "
                        + exchange.getRequestURI().getRawPath() + ": " + e);
                error(exchange, 500, "ServiceException", "The local Lambda API failed; see the log");
            }
        }
    }

    /** {@code POST /_localcloud/reset}: the whole local cloud's {@link LocalCloud#reset()}, answered with what it removed. */
    private void resetCloud(HttpExchange exchange) throws IOException {
        ObjectNode body = Jackson.MAPPER.createObjectNode();
        try {
            ObjectNode removed = body.putObject("reset");
            reset.get().forEach((service, what) -> removed.put(service.name(), what));
            send(exchange, 200, body.toString());
        } catch (IllegalStateException e) {
            error(exchange, 500, "ResetFailed", e.getMessage());
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Matcher m;
        if (path.equals(RESET) && method.equals("POST")) {
            resetCloud(exchange);
        } else if ((m = INVOKE.matcher(path)).matches() && method.equals("POST")) {
            invoke(exchange, decode(m.group(1)));
        } else if (FUNCTIONS.matcher(path).matches() && method.equals("GET")) {
            ObjectNode body = Jackson.MAPPER.createObjectNode();
            ArrayNode list = body.putArray("Functions");
            functions.list().forEach(f -> list.add(configuration(f)));
            send(exchange, 200, body.toString());
        } else if ((m = FUNCTION.matcher(path)).matches() && method.equals("GET")) {
            String name = decode(m.group(1));
            RegisteredFunction function = functions.find(name)
                    .orElseThrow(() -> new FunctionNotFoundException(functions.arn(FunctionRegistry.functionName(name))));
            ObjectNode configuration = configuration(function);
            if (m.group(2) != null) {
                send(exchange, 200, configuration.toString());
            } else {
                ObjectNode body = Jackson.MAPPER.createObjectNode();
                body.set("Configuration", configuration);
                send(exchange, 200, body.toString());
            }
        } else if (MAPPINGS.matcher(path).matches() && method.equals("POST")) {
            send(exchange, 202, mapping(mappings.create(mappingRequest(body(exchange)))).toString());
        } else if (MAPPINGS.matcher(path).matches() && method.equals("GET")) {
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            ObjectNode body = Jackson.MAPPER.createObjectNode();
            ArrayNode list = body.putArray("EventSourceMappings");
            mappings.list(query.get("EventSourceArn"), query.get("FunctionName")).forEach(e -> list.add(mapping(e)));
            send(exchange, 200, body.toString());
        } else if ((m = MAPPING.matcher(path)).matches()) {
            String uuid = decode(m.group(1));
            switch (method) {
                case "GET" -> send(exchange, 200, mapping(mappings.get(uuid).orElseThrow(() -> LambdaApiException.notFound(
                        "The resource you requested does not exist."))).toString());
                case "DELETE" -> {
                    ObjectNode deleted = mapping(mappings.delete(uuid));
                    deleted.put("State", "Deleting");
                    send(exchange, 202, deleted.toString());
                }
                case "PUT" -> send(exchange, 202, mapping(update(uuid, body(exchange))).toString());
                default -> unknown(exchange);
            }
        } else if ((m = INVOCATIONS.matcher(path)).matches() && method.equals("GET")) {
            ArrayNode list = Jackson.MAPPER.createArrayNode();
            for (Invocation invocation : functions.invocations(decode(m.group(1)))) {
                ObjectNode node = list.addObject().put("requestId", invocation.requestId())
                        .put("functionName", invocation.functionName()).put("invocationType", invocation.invocationType())
                        .put("startedAt", invocation.startedAt().toString())
                        .put("durationMs", invocation.duration().toNanos() / 1_000_000.0)
                        .put("payload", invocation.payload());
                if (invocation.succeeded()) {
                    node.put("response", invocation.response());
                } else {
                    node.put("errorType", invocation.errorType()).put("errorMessage", invocation.errorMessage());
                }
            }
            send(exchange, 200, list.toString());
        } else {
            unknown(exchange);
        }
    }

    private void invoke(HttpExchange exchange, String name) throws IOException {
        byte[] payload = exchange.getRequestBody().readNBytes(MAX_PAYLOAD + 1);
        String type = Objects.requireNonNullElse(exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type"), "RequestResponse");
        functions.find(name).orElseThrow(() -> new FunctionNotFoundException(functions.arn(FunctionRegistry.functionName(name))));
        int limit = type.equals("Event") ? MAX_ASYNC_PAYLOAD : MAX_PAYLOAD;
        if (payload.length > limit) {
            error(exchange, 413, "RequestTooLargeException", "Request must be smaller than " + limit + " bytes for the InvokeFunction operation");
            return;
        }
        String event = payload.length == 0 ? "{}" : new String(payload, StandardCharsets.UTF_8);
        switch (type) {
            case "DryRun" -> send(exchange, 204, null);
            case "Event" -> {
                exchange.getResponseHeaders().set("x-amzn-RequestId", functions.invokeAsync(name, event));
                send(exchange, 202, null);
            }
            case "RequestResponse" -> {
                Invocation invocation = functions.invoke(name, event);
                exchange.getResponseHeaders().set("X-Amz-Executed-Version", "$LATEST");
                exchange.getResponseHeaders().set("x-amzn-RequestId", invocation.requestId());
                if (invocation.succeeded()) {
                    send(exchange, 200, invocation.response());
                } else {
                    exchange.getResponseHeaders().set("X-Amz-Function-Error", "Unhandled");
                    send(exchange, 200, invocation.errorDocument());
                }
            }
            default -> throw LambdaApiException.invalid("1 validation error detected: Value '" + type
                    + "' at 'invocationType' failed to satisfy constraint: Member must satisfy enum value set: [Event, RequestResponse, DryRun]");
        }
    }

    private EventSourceMapping update(String uuid, JsonNode request) {
        for (var fields = request.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!field.equals("Enabled") && !field.equals("UUID")) {
                throw LambdaApiException.invalid("UpdateEventSourceMapping of " + field + " is not emulated by the local "
                        + "cloud: delete the mapping and create it again");
            }
        }
        EventSourceMapping mapping = mappings.get(uuid).orElseThrow(() -> LambdaApiException.notFound("The resource you requested does not exist."));
        return request.has("Enabled") ? mappings.setEnabled(uuid, request.get("Enabled").asBoolean()) : mapping;
    }

    private static EventSourceMapping mappingRequest(JsonNode request) {
        for (String field : NOT_EMULATED) {
            if (request.has(field)) {
                throw LambdaApiException.invalid(field + " is not emulated by the local cloud's event source mappings");
            }
        }
        String arn = text(request, "EventSourceArn");
        String function = text(request, "FunctionName");
        EventSourceMapping mapping = EventSourceMapping.of(arn, function)
                .withBatchSize(request.path("BatchSize").asInt(0))
                .withMaximumBatchingWindow(Duration.ofSeconds(request.path("MaximumBatchingWindowInSeconds").asInt(0)))
                .withBisectBatchOnFunctionError(request.path("BisectBatchOnFunctionError").asBoolean(false))
                .withMaximumRetryAttempts(request.path("MaximumRetryAttempts").asInt(-1))
                .withEnabled(request.path("Enabled").asBoolean(true));
        if (request.hasNonNull("StartingPosition")) {
            mapping = mapping.withStartingPosition(request.get("StartingPosition").asText());
        }
        for (JsonNode type : request.path("FunctionResponseTypes")) {
            if (!type.asText().equals("ReportBatchItemFailures")) {
                throw LambdaApiException.invalid("FunctionResponseTypes may only hold ReportBatchItemFailures");
            }
            mapping = mapping.withReportBatchItemFailures(true);
        }
        return mapping;
    }

    private static String text(JsonNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw LambdaApiException.invalid(field + " is required");
        }
        return node.asText();
    }

    private ObjectNode mapping(EventSourceMapping mapping) {
        ObjectNode node = Jackson.MAPPER.createObjectNode();
        node.put("UUID", mapping.uuid());
        if (mapping.startingPosition() != null) {
            node.put("StartingPosition", mapping.startingPosition());
        }
        node.put("BatchSize", mapping.batchSize());
        node.put("MaximumBatchingWindowInSeconds", mapping.maximumBatchingWindow().toSeconds());
        node.put("EventSourceArn", mapping.eventSourceArn());
        node.put("FunctionArn", functions.arn(mapping.functionName()));
        node.put("LastModified", mapping.lastModified().toEpochMilli() / 1000.0);
        node.put("LastProcessingResult", mappings.lastProcessingResult(mapping.uuid()));
        node.put("State", mapping.enabled() ? "Enabled" : "Disabled");
        node.put("StateTransitionReason", "USER_INITIATED");
        ArrayNode types = node.putArray("FunctionResponseTypes");
        if (mapping.reportBatchItemFailures()) {
            types.add("ReportBatchItemFailures");
        }
        if (mapping.isDynamoDbStream()) {
            node.put("BisectBatchOnFunctionError", mapping.bisectBatchOnFunctionError());
            node.put("MaximumRetryAttempts", mapping.maximumRetryAttempts());
        }
        return node;
    }

    private static ObjectNode configuration(RegisteredFunction function) {
        ObjectNode node = Jackson.MAPPER.createObjectNode();
        node.put("FunctionName", function.name());
        node.put("FunctionArn", function.arn());
        node.put("Runtime", "java" + Runtime.version().feature());
        node.put("Role", "arn:aws:iam::000000000000:role/localcloud-function");
        node.put("Handler", function.handler());
        node.put("CodeSize", 0);
        node.put("Timeout", Math.max(1, function.timeout().toSeconds()));
        node.put("MemorySize", function.memoryMb());
        node.put("LastModified", LAST_MODIFIED.format(function.lastModified()));
        node.put("Version", "$LATEST");
        node.put("State", "Active");
        node.put("LastUpdateStatus", "Successful");
        node.put("PackageType", "Zip");
        node.putArray("Architectures").add("x86_64");
        return node;
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes = exchange.getRequestBody().readNBytes(MAX_PAYLOAD + 1);
        if (bytes.length > MAX_PAYLOAD) {
            throw new LambdaApiException("RequestTooLargeException", "Request too large", 413);
        }
        try {
            JsonNode node = bytes.length == 0 ? Jackson.MAPPER.createObjectNode() : Jackson.MAPPER.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw LambdaApiException.invalid("The request body must be a JSON object");
            }
            return node;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw LambdaApiException.invalid("The request body is not valid JSON");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new HashMap<>();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            String[] parts = pair.split("=", 2);
            query.put(decode(parts[0]), parts.length > 1 ? decode(parts[1]) : "");
        }
        return query;
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static void unknown(HttpExchange exchange) throws IOException {
        error(exchange, 404, "UnknownOperationException", "The local Lambda API serves Invoke, ListFunctions, GetFunction, "
                + "GetFunctionConfiguration and the event source mapping operations; not " + exchange.getRequestMethod() + " "
                + exchange.getRequestURI().getRawPath());
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().set("x-amzn-ErrorType", type);
        send(exchange, status, Jackson.MAPPER.createObjectNode().put("Type", "User").put("message", message).toString());
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
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
