package dev.sjl.localcloud.gateway;

import dev.sjl.localcloud.context.LocalLambdaContext;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpTokens;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A local API Gateway HTTP API: real HTTP on loopback in, payload format 2.0 events to Lambda functions out, with
 * API Gateway's routing, JWT and Lambda authorizers, CORS, error bodies and limits. Configure it, {@link #start()}
 * it, call {@link #baseUri()}, {@link #close()} it.
 *
 * <pre>{@code
 * try (LocalHttpApi api = LocalHttpApi.builder()
 *         .route("GET /users/{id}", Integration.handler("users", new UsersHandler()))
 *         .route("ANY /admin/{proxy+}", Integration.handler("admin", new AdminHandler()),
 *                Authorization.jwt(cognito, "admin"))
 *         .build()
 *         .start()) {
 *     URI users = api.baseUri().resolve("users/42");
 * }
 * }</pre>
 *
 * It binds 127.0.0.1 only: it is a test and development tool, never a server for other machines.
 */
public final class LocalHttpApi implements AutoCloseable {

    /** API Gateway's HTTP API payload quota: a larger request body is refused with 413 before anything runs. */
    public static final int MAX_REQUEST_BYTES = 10 * 1024 * 1024;

    /** API Gateway's maximum (and default) integration timeout. */
    public static final Duration MAX_INTEGRATION_TIMEOUT = Duration.ofSeconds(30);

    /** Past this, an oversized body is not read to the end; the connection is closed instead. */
    private static final long MAX_DRAIN_BYTES = 8L * MAX_REQUEST_BYTES;

    /**
     * API Gateway's quota for the request line and headers together (10,240 bytes), with room for the proxy headers a
     * client's stack adds: past it the server answers 431 (headers) or 414 (URI) through {@link MalformedRequestPage}.
     */
    static final int MAX_HEADER_BYTES = 16 * 1024;

    /** Threads answering requests: each waits for its function (up to 30 s), so a burst needs many. */
    private static final int MAX_HTTP_THREADS = 400;

    private static final System.Logger LOG = System.getLogger(LocalHttpApi.class.getName());

    private final int requestedPort;
    private final ApiSettings api;
    private final RouteTable routes;
    private final CorsConfiguration cors;
    private final Duration integrationTimeout;
    private final Clock clock;
    private final Throttle stageThrottle;
    private final Map<String, Throttle> routeThrottles;
    private final AccessLog accessLog;

    private Server server;
    private Invoker invoker;
    private GatewayPipeline pipeline;
    private int port;

    private LocalHttpApi(Builder builder) {
        this.requestedPort = builder.port;
        this.api = new ApiSettings(builder.apiId, builder.accountId, builder.region, builder.stage,
                Map.copyOf(builder.stageVariables));
        this.routes = new RouteTable(builder.routes);
        this.cors = builder.cors;
        this.integrationTimeout = builder.integrationTimeout;
        this.clock = builder.clock;
        this.stageThrottle = builder.stageThrottle;
        this.routeThrottles = Map.copyOf(builder.routeThrottles);
        this.accessLog = builder.accessLog;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Binds 127.0.0.1 on the configured port (an ephemeral one for 0) and starts answering. */
    public synchronized LocalHttpApi start() {
        if (server != null) {
            throw new IllegalStateException("This API is already started on port " + port);
        }
        invoker = new Invoker(api, clock);
        pipeline = new GatewayPipeline(api, routes, cors, integrationTimeout, clock, invoker,
                new Throttles(stageThrottle, routeThrottles, clock));
        Server created = newServer();
        try {
            created.start();
        } catch (Exception e) {
            invoker.close();
            stopQuietly(created);
            throw new UncheckedIOException("Cannot bind 127.0.0.1:" + requestedPort + " for the local HTTP API",
                    e instanceof IOException io ? io : new IOException(e));
        }
        server = created;
        port = ((ServerConnector) created.getConnectors()[0]).getLocalPort();
        return this;
    }

    /**
     * Jetty's core server on 127.0.0.1. The raw path goes to the route table as the client sent it (UNSAFE URI
     * compliance: API Gateway passes {@code %2F}, {@code ..} and encoded bytes on to the integration rather than
     * refusing or normalising them); what cannot be parsed as HTTP at all gets the gateway's JSON error, not the
     * server's page.
     */
    private Server newServer() {
        QueuedThreadPool threads = new QueuedThreadPool(MAX_HTTP_THREADS, 2);
        threads.setName("gateway-http");
        threads.setDaemon(true);
        Server created = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setUriCompliance(UriCompliance.UNSAFE);
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        ServerConnector connector = new ServerConnector(created, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(requestedPort);
        connector.setAcceptQueueSize(256);
        created.addConnector(connector);
        created.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                serve(request, response, callback);
                return true;
            }
        });
        created.setErrorHandler(new MalformedRequestPage());
        created.setStopTimeout(0);
        return created;
    }

    /** The invoke URL: {@code http://127.0.0.1:<port>/} on {@code $default}, {@code .../<stage>/} on a named stage. */
    public URI baseUri() {
        requireStarted();
        return URI.create("http://127.0.0.1:" + port + (api.isDefaultStage() ? "/" : "/" + api.stage() + "/"));
    }

    public int port() {
        requireStarted();
        return port;
    }

    public String apiId() {
        return api.apiId();
    }

    public String stage() {
        return api.stage();
    }

    /** Stops answering at once; a function still running is interrupted. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        stopQuietly(server);
        invoker.close();
        server = null;
    }

    private static void stopQuietly(Server toStop) {
        try {
            toStop.stop();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "Stopping the local HTTP API: {0}", e.toString());
        }
    }

    private void requireStarted() {
        if (server == null) {
            throw new IllegalStateException("Call start() first");
        }
    }

    // tag::serve[]
    private void serve(Request http, Response out, Callback callback) {
        try {
            long started = System.nanoTime();
            Instant receivedAt = clock.instant();
            String rawPath = http.getHttpURI().getPath();
            byte[] body = readBody(Content.Source.asInputStream(http));
            GatewayRequest request = GatewayRequest.of(newRequestId(), receivedAt, http.getMethod(),
                    rawPath == null || rawPath.isEmpty() ? "/" : rawPath, http.getHttpURI().getQuery(),
                    headers(http), body == null ? new byte[0] : body, http.getConnectionMetaData().getProtocol(),
                    Request.getRemoteAddr(http), port, newTraceId(receivedAt));
            RequestOutcome outcome = new RequestOutcome();
            GatewayResponse response = body == null
                    ? pipeline.reject(request, GatewayError.REQUEST_TOO_LARGE, outcome)
                    : pipeline.handle(request, outcome);
            GatewayResponse sent = sendable(response);
            // The line is written before the response leaves, so a client that has its answer can read its line.
            if (accessLog != null) {
                accessLog.write(new AccessLog.Entry(api, request, outcome, sent.status(), sent.body().length,
                        (System.nanoTime() - started) / 1_000_000));
            }
            send(out, request, sent, callback);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Client went away: {0}", e.getMessage());
            callback.failed(e);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Local HTTP API failed on a request", e);
            callback.failed(e);
        }
    }
    // end::serve[]

    /** The request's header lines by name, each line's value as sent (one entry per line, not split on commas). */
    private static Map<String, List<String>> headers(Request http) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (HttpField field : http.getHeaders()) {
            headers.computeIfAbsent(field.getName(), name -> new ArrayList<>()).add(field.getValue());
        }
        return headers;
    }

    /** The body, or null when it is over {@link #MAX_REQUEST_BYTES} (read to the end so the 413 can be read). */
    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_REQUEST_BYTES + 1);
        if (body.length <= MAX_REQUEST_BYTES) {
            return body;
        }
        byte[] discard = new byte[64 * 1024];
        long drained = 0;
        int read;
        while (drained < MAX_DRAIN_BYTES && (read = in.read(discard)) >= 0) {
            drained += read;
        }
        return null;
    }

    /**
     * The response, or a 500 in its place when a function set a header no HTTP message may carry (a name that is not
     * a token, a CR, LF or NUL in a value): API Gateway would not send it either, and on the wire it would split the
     * response.
     */
    private static GatewayResponse sendable(GatewayResponse response) {
        for (GatewayResponse.Header header : response.headers()) {
            if (!isToken(header.name()) || !HttpTokens.isLegalFieldValue(header.value())) {
                LOG.log(System.Logger.Level.WARNING, "The function set an invalid header, answered 500 instead");
                return GatewayError.INTERNAL_SERVER_ERROR.response(List.of());
            }
        }
        return response;
    }

    /** RFC 9110's token: one or more of the visible ASCII characters that are not delimiters. */
    private static boolean isToken(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > 0x7F || !HttpTokens.getToken(c).isRfc2616Token()) {
                return false;
            }
        }
        return true;
    }

    private static void send(Response out, GatewayRequest request, GatewayResponse response, Callback callback) {
        out.setStatus(response.status());
        for (GatewayResponse.Header header : response.headers()) {
            out.getHeaders().add(header.name(), header.value());
        }
        out.getHeaders().put("apigw-requestid", request.requestId());
        byte[] body = response.body();
        int status = response.status();
        if (body.length == 0 || status == 204 || status == 304) {
            callback.succeeded();
            return;
        }
        // For HEAD Jetty sends the length and leaves the bytes out (RFC 9110, 9.3.2).
        out.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        out.write(true, ByteBuffer.wrap(body), callback);
    }

    /** API Gateway's request ids look like "Mc7UVioPPHcEKPA=": 11 random bytes, base64. */
    private static String newRequestId() {
        byte[] bytes = new byte[11];
        ThreadLocalRandom.current().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** An X-Ray style trace id, Root=1-{epoch seconds, hex}-{96 random bits, hex}, as API Gateway adds. */
    private static String newTraceId(Instant now) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return String.format("Root=1-%08x-%08x%016x", now.getEpochSecond(), random.nextInt(), random.nextLong());
    }

    /** Configures the API; {@link #build()} checks it the way API Gateway would refuse a bad configuration. */
    public static final class Builder {
        private static final Pattern STAGE = Pattern.compile("[A-Za-z0-9_-]{1,128}");
        private static final Pattern API_ID = Pattern.compile("[a-z0-9]{1,32}");

        private int port;
        private String stage = ApiSettings.DEFAULT_STAGE;
        private String apiId = randomApiId();
        private String accountId = "123456789012";
        private String region = "us-east-1";
        private final Map<String, String> stageVariables = new LinkedHashMap<>();
        private Duration integrationTimeout = MAX_INTEGRATION_TIMEOUT;
        private CorsConfiguration cors;
        private Clock clock = Clock.systemUTC();
        private final List<RouteTable.Route> routes = new ArrayList<>();
        private final Set<String> routeKeys = new HashSet<>();
        private Throttle stageThrottle;
        private final Map<String, Throttle> routeThrottles = new LinkedHashMap<>();
        private AccessLog accessLog;

        private Builder() {
        }

        /** 0 (the default) picks a free ephemeral port; read it back with {@link LocalHttpApi#port()}. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0-65535: " + port);
            }
            this.port = port;
            return this;
        }

        /**
         * {@code $default} (the default) serves at the root. A named stage serves below {@code /<stage>}: the stage
         * is part of {@code rawPath} and {@code requestContext.http.path}, and is {@code requestContext.stage}.
         */
        public Builder stage(String stage) {
            if (!ApiSettings.DEFAULT_STAGE.equals(stage) && (stage == null || !STAGE.matcher(stage).matches())) {
                throw new IllegalArgumentException("A stage is $default or 1-128 letters, digits, '-', '_': " + stage);
            }
            this.stage = stage;
            return this;
        }

        public Builder stageVariable(String name, String value) {
            stageVariables.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder apiId(String apiId) {
            if (apiId == null || !API_ID.matcher(apiId).matches()) {
                throw new IllegalArgumentException("An API id is lower-case letters and digits: " + apiId);
            }
            this.apiId = apiId;
            return this;
        }

        public Builder accountId(String accountId) {
            this.accountId = LocalLambdaContext.requireAccountId(accountId);
            return this;
        }

        public Builder region(String region) {
            this.region = LocalLambdaContext.requireRegion(region);
            return this;
        }

        /**
         * How long the gateway waits for a function before answering 503 (30 s, API Gateway's maximum, unless
         * told otherwise). Tests of the timeout set a short one rather than wait 30 s.
         */
        public Builder integrationTimeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_INTEGRATION_TIMEOUT) > 0) {
                throw new IllegalArgumentException("The integration timeout is above 0 and at most 30 s: " + timeout);
            }
            this.integrationTimeout = timeout;
            return this;
        }

        public Builder cors(CorsConfiguration cors) {
            this.cors = Objects.requireNonNull(cors, "cors");
            return this;
        }

        /**
         * The clock for token expiry, authorizer caching and a function's {@code getRemainingTimeInMillis()}; tests
         * move it instead of sleeping. The gateway's own wait for a function is real time whatever the clock.
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** A public route: {@code "GET /users/{id}"}, {@code "ANY /{proxy+}"} or {@code "$default"}. */
        public Builder route(String routeKey, Integration integration) {
            return route(routeKey, integration, Authorization.none());
        }

        public Builder route(String routeKey, Integration integration, Authorization authorization) {
            RouteKey key = RouteKey.parse(routeKey);
            if (!routeKeys.add(key.text())) {
                throw new IllegalArgumentException("Route " + routeKey + " is defined twice");
            }
            routes.add(new RouteTable.Route(key, Objects.requireNonNull(integration, "integration"),
                    Objects.requireNonNull(authorization, "authorization")));
            return this;
        }

        /**
         * The stage's default route throttling: each route gets its own token bucket of this rate and burst, unless
         * {@link #routeThrottle} gives it another. Past it, 429 {@code {"message":"Too Many Requests"}}.
         */
        public Builder throttle(Throttle limit) {
            this.stageThrottle = Objects.requireNonNull(limit, "limit");
            return this;
        }

        /** A route's own throttling limit, which replaces the stage default for that route. */
        public Builder routeThrottle(String routeKey, Throttle limit) {
            routeThrottles.put(RouteKey.parse(routeKey).text(), Objects.requireNonNull(limit, "limit"));
            return this;
        }

        /** One line per request, in the stage's access log format; see {@link AccessLog}. */
        public Builder accessLog(AccessLog accessLog) {
            this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
            return this;
        }

        public LocalHttpApi build() {
            for (String throttled : routeThrottles.keySet()) {
                if (!routeKeys.contains(throttled)) {
                    throw new IllegalArgumentException("routeThrottle names " + throttled + ", which is not a route");
                }
            }
            return new LocalHttpApi(this);
        }

        private static String randomApiId() {
            String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
            StringBuilder id = new StringBuilder();
            for (int i = 0; i < 10; i++) {
                id.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
            }
            return id.toString();
        }
    }
}
