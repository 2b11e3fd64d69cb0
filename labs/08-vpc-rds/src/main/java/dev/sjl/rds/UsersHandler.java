package dev.sjl.rds;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.zaxxer.hikari.HikariDataSource;
import dev.sjl.jwt.AuthConfig;
import dev.sjl.jwt.AuthHandler;
import dev.sjl.lambda.Env;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Lab 03's auth routes ({@code POST /signup}, {@code POST /login}, {@code GET /users/me}, …) with the users in
 * PostgreSQL: the routes, the validation and the 4xx JSON answers are lab 03's reference, unchanged; this function
 * brings the store, its connection and its credentials.
 * <p>
 * Everything expensive happens once per container, in the constructor (Lambda's init phase, which runs before the
 * first request and is not repeated while the container lives): the secret is read, the pool opens its connection,
 * the schema is migrated. {@link #handleRequest} only borrows the pooled connection.
 */
public final class UsersHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The lab's paths are short and plain; anything else (a hand-made event, a probe) is not worth repeating in a log. */
    private static final Pattern PLAIN_PATH = Pattern.compile("[A-Za-z0-9/_.-]{1,100}");

    private final HikariDataSource pool;
    private final AuthHandler routes;
    private final EmfMetrics metrics = new EmfMetrics();
    private final Consumer<String> logLines;
    private final Clock clock = Clock.systemUTC();
    private boolean coldStart = true;

    /** For the Lambda runtime: configuration from the environment, clients built once per container. */
    public UsersHandler() {
        this(AuthConfig.from(Env.system()), DatabaseConfig.from(System.getenv()),
                SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build());
    }

    // tag::handler-init[]
    /** For tests: the local cloud's Secrets Manager client and a test database's secret; logs on standard output. */
    public UsersHandler(AuthConfig auth, DatabaseConfig database, SecretsManagerClient secrets) {
        this(auth, database, secrets, System.out::println);
    }

    /**
     * @param logLines where each log line goes: standard output in Lambda, which sends it to CloudWatch Logs (and the
     *                 EMF lines among them become metrics there)
     */
    public UsersHandler(AuthConfig auth, DatabaseConfig database, SecretsManagerClient secrets,
                        Consumer<String> logLines) {
        this.logLines = logLines;
        // TODO: at init, once per container: a SecretDataSource, the migrations on it (Flyway needs two connections
        //  at once: not through a pool of one), the pool (ConnectionPool) over it, and lab 03's AuthHandler over a PostgresUserRepository on the pool (bcrypt at auth.bcryptCost()).
        this.pool = null;
        this.routes = null;
        // TODO: let HikariCP report its pool waits, connection use and timeouts into metrics (setMetricsTrackerFactory
        //  with a PoolMetrics), once, here at init.
    }
    // end::handler-init[]

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        long started = System.nanoTime();
        APIGatewayV2HTTPResponse response = route(event, context);
        report(event, response, (System.nanoTime() - started) / 1_000_000.0);
        coldStart = false;
        return response;
    }

    private APIGatewayV2HTTPResponse route(APIGatewayV2HTTPEvent event, Context context) {
        // TODO: only the request's work here: no pool, no connection, no secret is created per request.
        throw new UnsupportedOperationException("Task 3: hand the request to the routes built at init");
    }

    // tag::report[]
    /**
     * One structured log line per request, then the request's metrics as EMF lines. Only what the service chose to
     * say goes in: the request id, method, a plain path, the status, the duration, whether it was a cold start. Never
     * the body, a header, a token, an email or the database's credentials.
     */
    private void report(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse response, double durationMs) {
        Map<String, Object> context = new LinkedHashMap<>();
        Optional<APIGatewayV2HTTPEvent.RequestContext> request = Optional.ofNullable(event)
                .map(APIGatewayV2HTTPEvent::getRequestContext);
        context.put("requestId", request.map(APIGatewayV2HTTPEvent.RequestContext::getRequestId).orElse("-"));
        context.put("method", request.map(APIGatewayV2HTTPEvent.RequestContext::getHttp)
                .map(APIGatewayV2HTTPEvent.RequestContext.Http::getMethod).filter(m -> m.matches("[A-Z]{1,10}"))
                .orElse("-"));
        context.put("path", Optional.ofNullable(event).map(APIGatewayV2HTTPEvent::getRawPath)
                .filter(p -> PLAIN_PATH.matcher(p).matches()).orElse("(other)"));
        context.put("status", response.getStatusCode());
        context.put("coldStart", coldStart);
        // TODO: write one JSON line to logLines: level (ERROR for a 5xx, else INFO), a message, every entry of context,
        //  and durationMs. Then the EMF lines of metrics.flush(now, context), each one line of its own. Nothing else from
        //  the event: its body holds passwords, its headers tokens.
    }
    // end::report[]

    private static String write(ObjectNode line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lambda never calls this (a frozen container keeps its connection); tests close what they opened. */
    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
