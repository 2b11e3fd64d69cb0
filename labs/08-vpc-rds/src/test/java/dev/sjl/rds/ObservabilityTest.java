package dev.sjl.rds;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.rds.network.NetworkModel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What seed 004 left to the CloudWatch console, as code: one structured log line per request, the database's numbers
 * as Embedded Metric Format lines, and alarms in the stack that watch exactly the metrics the code writes.
 */
@Tag("task:5")
@LocalCloudTest(services = {Service.POSTGRES, Service.SECRETS_MANAGER})
@DisplayName("Task 5: logs, metrics and alarms")
class ObservabilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-03-01T09:30:00.250Z");
    /** HikariCP refuses a connectionTimeout under 250 ms. */
    private static final long SHORTEST_CONNECTION_TIMEOUT_MS = 250;
    private static final Set<String> CLOUDWATCH_UNITS = Set.of("Seconds", "Microseconds", "Milliseconds", "Bytes",
            "Kilobytes", "Megabytes", "Gigabytes", "Terabytes", "Bits", "Count", "Percent", "Count/Second", "None");

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("a log line must be one JSON object (CloudWatch drops an EMF line it cannot "
                    + "parse): " + line, e);
        }
    }

    /** Checks one line against the EMF specification and returns it parsed. */
    private static JsonNode assertEmf(String line) {
        JsonNode document = parse(line);
        JsonNode aws = document.path("_aws");
        assertThat(aws.path("Timestamp").isIntegralNumber()).as("_aws.Timestamp is a number: %s", line).isTrue();
        assertThat(aws.path("Timestamp").asLong()).as("_aws.Timestamp is in epoch milliseconds (seconds land in 1970)")
                .isEqualTo(AT.toEpochMilli());
        JsonNode directive = aws.path("CloudWatchMetrics").path(0);
        assertThat(directive.path("Namespace").asText()).as("the directive's Namespace").isEqualTo(EmfMetrics.NAMESPACE);
        for (JsonNode set : directive.path("Dimensions")) {
            for (JsonNode dimension : set) {
                assertThat(document.path(dimension.asText()).isTextual()).as("dimension %s has a string value at the top "
                        + "level of the document: %s", dimension, line).isTrue();
            }
        }
        for (JsonNode metric : directive.path("Metrics")) {
            String name = metric.path("Name").asText();
            assertThat(metric.path("Unit").asText()).as("metric %s's Unit is one CloudWatch knows", name).isIn(CLOUDWATCH_UNITS);
            JsonNode values = document.path(name);
            assertThat(values.isArray() || values.isNumber()).as("metric %s's values are at the top level of the "
                    + "document, beside _aws, as a number or an array of numbers: %s", name, line).isTrue();
            for (JsonNode value : values.isArray() ? values : JSON.createArrayNode().add(values)) {
                assertThat(value.isNumber()).as("every value of %s is a JSON number (not NaN, not text): %s", name, line)
                        .isTrue();
            }
            assertThat(values.size()).as("at most 100 values of one metric in one document").isLessThanOrEqualTo(100);
            assertThat(values.size()).as("metric %s is declared with at least one value (declare in a document only the "
                    + "metrics it holds values of): %s", name, line).isPositive();
        }
        return document;
    }

    private static List<Double> valuesOf(List<String> lines, String metric) {
        List<Double> values = new ArrayList<>();
        for (String line : lines) {
            JsonNode document = parse(line);
            if (document.has("_aws")) {
                document.path(metric).forEach(v -> values.add(v.asDouble()));
                if (document.path(metric).isNumber()) {
                    values.add(document.path(metric).asDouble());
                }
            }
        }
        return values;
    }

    // tag::emf-test[]
    @Test
    @DisplayName("Writes metrics as Embedded Metric Format: _aws directive, values at the top level, milliseconds")
    void writesEmf() {
        EmfMetrics metrics = new EmfMetrics();
        metrics.record(EmfMetrics.QUERY_TIME, EmfMetrics.Unit.MILLISECONDS, 12.5);
        metrics.record(EmfMetrics.QUERY_TIME, EmfMetrics.Unit.MILLISECONDS, 3.0);
        metrics.record(EmfMetrics.POOL_WAIT, EmfMetrics.Unit.MILLISECONDS, 0.25);
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("requestId", "Zb3AqhV2joEEQ4w=");
        context.put("status", 201);

        List<String> lines = metrics.flush(AT, context);

        assertThat(lines).as("one EMF line for a request's metrics").hasSize(1);
        JsonNode document = assertEmf(lines.get(0));
        JsonNode directive = document.path("_aws").path("CloudWatchMetrics").path(0);
        assertThat(directive.path("Dimensions").toString()).as("one dimension set, [[\"Service\"]]: a request id as a "
                + "dimension would make a metric per request").isEqualTo("[[\"" + EmfMetrics.SERVICE_DIMENSION + "\"]]");
        assertThat(document.path(EmfMetrics.SERVICE_DIMENSION).asText()).as("the dimension's value").isEqualTo(EmfMetrics.SERVICE);
        assertThat(valuesOf(lines, EmfMetrics.QUERY_TIME)).as("QueryTime's values, in the order recorded").containsExactly(12.5, 3.0);
        assertThat(valuesOf(lines, EmfMetrics.POOL_WAIT)).as("PoolWait's value").containsExactly(0.25);
        assertThat(document.path("requestId").asText()).as("the context is searchable in the same line").isEqualTo("Zb3AqhV2joEEQ4w=");
        assertThat(metrics.flush(AT, context)).as("a flush forgets what it wrote: nothing recorded, no line").isEmpty();
    }
    // end::emf-test[]

    @Test
    @DisplayName("Splits more than 100 values over several documents and never writes NaN or infinity")
    void splitsAndDropsNonNumbers() {
        EmfMetrics metrics = new EmfMetrics();
        for (int i = 0; i < 250; i++) {
            metrics.record(EmfMetrics.QUERY_TIME, EmfMetrics.Unit.MILLISECONDS, i);
        }
        metrics.record(EmfMetrics.POOL_WAIT, EmfMetrics.Unit.MILLISECONDS, Double.NaN);
        metrics.record(EmfMetrics.POOL_WAIT, EmfMetrics.Unit.MILLISECONDS, Double.POSITIVE_INFINITY);
        metrics.record(EmfMetrics.POOL_WAIT, EmfMetrics.Unit.MILLISECONDS, 1.5);
        for (int i = 0; i < 100; i++) {
            metrics.record(EmfMetrics.CONNECTION_TIMEOUTS, EmfMetrics.Unit.COUNT, 1);
        }

        List<String> lines = metrics.flush(AT, Map.of());

        assertThat(lines).as("250 values of one metric make three documents of at most 100 values each").hasSize(3);
        lines.forEach(ObservabilityTest::assertEmf);
        assertThat(valuesOf(lines, EmfMetrics.QUERY_TIME)).as("every value once, none lost at a document's edge")
                .hasSize(250).doesNotHaveDuplicates();
        assertThat(valuesOf(lines, EmfMetrics.POOL_WAIT)).as("NaN and infinity are not JSON numbers: drop them, keep "
                + "the finite value").containsExactly(1.5);
        assertThat(valuesOf(lines, EmfMetrics.CONNECTION_TIMEOUTS)).as("exactly 100 values fill one document, and no "
                + "other declares the metric").hasSize(100);
    }

    // tag::request-log-test[]
    @Test
    @DisplayName("Logs one structured line per request and the database metrics, with no password, token or secret")
    void structuredLogsWithoutSecrets(TestResources resources, SecretsManagerClient secrets) throws Exception {
        List<String> lines = new ArrayList<>();
        try (TestDatabase db = TestDatabase.withRole(resources)) {
            String secretId = resources.name("users-db");
            secrets.createSecret(b -> b.name(secretId).secretString(db.secretJson()));
            String databasePassword = JSON.readTree(db.secretJson()).path("password").asText();
            try (UsersHandler handler = new UsersHandler(UsersHandlerTest.auth(), new DatabaseConfig(secretId, "disable"),
                    secrets, lines::add)) {
                APIGatewayV2HTTPResponse signup = handler.handleRequest(UsersHandlerTest.event("signup", "ada@example.com"), null);
                APIGatewayV2HTTPResponse login = handler.handleRequest(UsersHandlerTest.event("login", "ada@example.com"), null);
                assertThat(login.getStatusCode()).as("POST /login: %s", login.getBody()).isEqualTo(200);
                String token = JSON.readTree(login.getBody()).path("accessToken").asText();

                List<JsonNode> requests = lines.stream().map(ObservabilityTest::parse)
                        .filter(line -> !line.has("_aws")).toList();
                assertThat(requests).as("one JSON log line per request (level, message, requestId, method, path, "
                        + "status, durationMs, coldStart), written to logLines").hasSize(2);
                assertThat(requests.get(0).path("status").asInt()).as("the first line's status").isEqualTo(signup.getStatusCode());
                assertThat(requests.get(0).path("requestId").asText()).as("the API Gateway request id, to find the request")
                        .isEqualTo("Zb3AqhV2joEEQ4w=");
                assertThat(requests.get(0).path("path").asText()).as("the path").isEqualTo("/signup");
                assertThat(requests.get(0).path("durationMs").isNumber()).as("the duration, a number").isTrue();
                assertThat(requests.get(0).path("coldStart").asBoolean()).as("the first request is the cold start").isTrue();
                assertThat(requests.get(1).path("coldStart").asBoolean()).as("the second is warm").isFalse();
                assertThat(valuesOf(lines, EmfMetrics.QUERY_TIME)).as("QueryTime from HikariCP's metrics tracker "
                        + "(setMetricsTrackerFactory with a PoolMetrics at init): one value per borrowed connection").isNotEmpty();
                assertThat(valuesOf(lines, EmfMetrics.POOL_WAIT)).as("PoolWait from HikariCP's metrics tracker").isNotEmpty();
                assertThat(lines).as("no log line may hold a secret: not the user's password, not the database's, not an "
                        + "access token (never log the event, its body or its headers)").allSatisfy(line -> assertThat(line)
                        .doesNotContain(UsersHandlerTest.PASSWORD).doesNotContain(databasePassword).doesNotContain(token)
                        .doesNotContain("ada@example.com"));
            }
        }
    }
    // end::request-log-test[]

    @Test
    @DisplayName("Logs a 5xx as ERROR and a 4xx as INFO, its real duration, and no path or method it did not expect")
    void logLevelDurationAndPlainFields(TestResources resources, SecretsManagerClient secrets) throws Exception {
        List<String> lines = new ArrayList<>();
        try (TestDatabase db = TestDatabase.withRole(resources)) {
            String secretId = resources.name("users-db");
            secrets.createSecret(b -> b.name(secretId).secretString(db.secretJson()));
            try (UsersHandler handler = new UsersHandler(UsersHandlerTest.auth(), new DatabaseConfig(secretId, "disable"),
                    secrets, lines::add)) {
                long before = System.nanoTime();
                APIGatewayV2HTTPResponse unknown = handler.handleRequest(UsersHandlerTest.event("login", "nobody@example.com"), null);
                double elapsedMs = (System.nanoTime() - before) / 1_000_000.0;
                assertThat(unknown.getStatusCode()).as("POST /login for an unknown user: %s", unknown.getBody()).isEqualTo(401);

                var odd = UsersHandlerTest.event("login", "ada@example.com");
                odd.setRawPath("/login/ada@example.com;token=eyJhbGciOi");
                odd.getRequestContext().getHttp().setMethod("post\r\nX-Forged: 1");
                handler.handleRequest(odd, null);

                // The table the migrations made, moved away as a broken deploy or a dropped grant would leave it: the
                // next request fails inside the database and the service answers its generic 500.
                try (Connection admin = db.master.dataSource().getConnection()) {
                    admin.createStatement().execute("ALTER TABLE users RENAME TO users_moved");
                }
                APIGatewayV2HTTPResponse failed = handler.handleRequest(UsersHandlerTest.event("signup", "ada@example.com"), null);
                assertThat(failed.getStatusCode()).as("POST /signup with the users table gone: %s", failed.getBody()).isEqualTo(500);

                List<JsonNode> requests = lines.stream().map(ObservabilityTest::parse).filter(line -> !line.has("_aws")).toList();
                assertThat(requests).as("one request line per request").hasSize(3);
                assertThat(requests.get(0).path("level").asText()).as("the level of a 401 (the client's mistake)").isEqualTo("INFO");
                assertThat(requests.get(0).path("method").asText()).as("the method of a plain request").isEqualTo("POST");
                assertThat(requests.get(0).path("path").asText()).as("a plain path, as it is").isEqualTo("/login");
                assertThat(requests.get(0).path("durationMs").asDouble()).as("durationMs: the request's own time in "
                        + "milliseconds (System.nanoTime() after minus before, divided by 1,000,000), which the test "
                        + "measured around the call as at most %s ms", elapsedMs).isBetween(0.0, elapsedMs);
                assertThat(requests.get(1).path("path").asText()).as("a path with characters outside [A-Za-z0-9/_.-] "
                        + "(an email, a token) is logged as (other), not as sent").isEqualTo("(other)");
                assertThat(requests.get(1).path("method").asText()).as("a method that is not 1-10 capital letters is "
                        + "logged as -: a client must not write lines into the log").isEqualTo("-");
                assertThat(requests.get(2).path("level").asText()).as("the level of a 500 (our failure, for the "
                        + "Errors alarm and whoever reads the log)").isEqualTo("ERROR");
            }
        }
    }

    // tag::alarm-test[]
    @Test
    @DisplayName("Counts a connection timeout, and the stack's alarm watches exactly that metric")
    void connectionExhaustionRaisesTheAlarm(TestResources resources) throws SQLException {
        EmfMetrics metrics = new EmfMetrics();
        List<String> lines;
        // The function's pool in shape (one connection), but giving up after HikariCP's least wait, 250 ms, instead
        // of ConnectionPool.CONNECTION_TIMEOUT (3 s): what is counted does not depend on how long the wait was.
        HikariConfig config = new HikariConfig();
        config.setDataSource(TestDatabase.plain(resources));
        config.setMaximumPoolSize(ConnectionPool.MAXIMUM_POOL_SIZE);
        config.setConnectionTimeout(SHORTEST_CONNECTION_TIMEOUT_MS);
        config.setMetricsTrackerFactory(new PoolMetrics(metrics));
        try (HikariDataSource pool = new HikariDataSource(config)) {
            try (Connection held = pool.getConnection()) {
                Throwable exhausted = catchThrowable(pool::getConnection);
                assertThat(exhausted).as("the pool's one connection is held: a second request waits connectionTimeout and gives up")
                        .isInstanceOf(SQLException.class);
            }
            lines = metrics.flush(AT, Map.of());
        }
        lines.forEach(ObservabilityTest::assertEmf);
        assertThat(valuesOf(lines, EmfMetrics.CONNECTION_TIMEOUTS)).as("one ConnectionTimeouts, counted by "
                + "PoolMetrics.recordConnectionTimeout").containsExactly(1.0);
        double longestWait = valuesOf(lines, EmfMetrics.POOL_WAIT).stream().mapToDouble(Double::doubleValue).max().orElse(0);
        assertThat(longestWait).as("PoolWait in milliseconds (HikariCP reports nanoseconds): the request that gave up "
                + "waited the pool's connectionTimeout, %s ms", SHORTEST_CONNECTION_TIMEOUT_MS)
                .isBetween(SHORTEST_CONNECTION_TIMEOUT_MS * 0.9, 60_000.0);

        JsonNode alarms = NetworkModel.template().path("Resources");
        JsonNode exhaustion = null;
        for (JsonNode resource : alarms) {
            JsonNode p = resource.path("Properties");
            if ("AWS::CloudWatch::Alarm".equals(resource.path("Type").asText())
                    && EmfMetrics.CONNECTION_TIMEOUTS.equals(p.path("MetricName").asText())) {
                exhaustion = p;
            }
        }
        assertThat(exhaustion).as("the stack has an alarm on %s", EmfMetrics.CONNECTION_TIMEOUTS).isNotNull();
        JsonNode emitted = parse(lines.get(0));
        assertThat(exhaustion.path("Namespace").asText()).as("the alarm's namespace is the one the EMF lines write")
                .isEqualTo(emitted.path("_aws").path("CloudWatchMetrics").path(0).path("Namespace").asText());
        for (JsonNode dimension : exhaustion.path("Dimensions")) {
            assertThat(emitted.path(dimension.path("Name").asText()).asText()).as("the alarm's dimension %s has the value "
                    + "the EMF lines write (a metric with other dimensions is another metric)", dimension)
                    .isEqualTo(dimension.path("Value").asText());
        }
        assertThat(exhaustion.path("Threshold").asDouble()).as("one timeout in a minute raises it").isLessThanOrEqualTo(1.0);
        assertThat(exhaustion.path("AlarmActions")).as("an alarm tells someone").isNotEmpty();
        Map<String, String> lambdaAlarms = new LinkedHashMap<>();
        alarms.forEach(resource -> {
            JsonNode p = resource.path("Properties");
            if ("AWS/Lambda".equals(p.path("Namespace").asText())) {
                lambdaAlarms.put(p.path("MetricName").asText(), p.path("Statistic").asText(p.path("ExtendedStatistic").asText()));
            }
        });
        assertThat(lambdaAlarms).as("alarms on the function's errors and its p99 duration")
                .containsEntry("Errors", "Sum").containsEntry("Duration", "p99");
    }
    // end::alarm-test[]
}
