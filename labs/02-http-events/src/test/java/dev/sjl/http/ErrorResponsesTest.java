package dev.sjl.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.sjl.http.Fixtures.attempt;
import static dev.sjl.http.Fixtures.body;
import static dev.sjl.http.Fixtures.event;
import static dev.sjl.http.Fixtures.header;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Task 4: exceptions become deliberate responses")
class ErrorResponsesTest {

    private static final String REQUEST_ID = "Yx2PbgQvDoEEMXg=";

    /**
     * What HttpResponses and the router log, caught with a real java.util.logging handler (System.Logger's default
     * backend) on their parent logger.
     */
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Logger log = Logger.getLogger("dev.sjl.http");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private boolean parentHandlers;

    @BeforeEach
    void captureLogs() {
        parentHandlers = log.getUseParentHandlers();
        log.setUseParentHandlers(false);
        log.addHandler(capture);
    }

    @AfterEach
    void releaseLogs() {
        log.removeHandler(capture);
        log.setUseParentHandlers(parentHandlers);
    }

    @Test
    @Tag("task:4")
    @DisplayName("Turns an HttpException into its status, code and message, with the request id")
    void deliberateError() {
        APIGatewayV2HTTPResponse response = attempt("fromException answers an HttpException",
                () -> HttpResponses.fromException(HttpException.conflict("email_taken",
                        "A user with this email address already exists."), REQUEST_ID));

        assertThat(response.getStatusCode()).as("the exception's status").isEqualTo(409);
        assertThat(header(response, "Content-Type")).as("the error shape is JSON").startsWith("application/json");
        JsonNode error = body(response);
        assertThat(error.path("error").asText()).as("the exception's code").isEqualTo("email_taken");
        assertThat(error.path("message").asText()).as("the exception's message, written for the client")
                .isEqualTo("A user with this email address already exists.");
        assertThat(error.path("requestId").asText()).as("the request id it was given").isEqualTo(REQUEST_ID);
        assertThat(HttpResponses.fromException(new HttpException(418, "teapot", "No coffee."), REQUEST_ID)
                .getStatusCode()).as("any status the exception carries, not a fixed list").isEqualTo(418);
        assertThat(HttpResponses.fromException(new HttpException(503, "maintenance", "Back at noon."), REQUEST_ID)
                .getStatusCode()).as("any status the exception carries, not a fixed list, a deliberate 503 too")
                .isEqualTo(503);
        assertThat(HttpResponses.fromException(HttpException.unauthorized("invalid_token", "Sign in again."),
                REQUEST_ID).getStatusCode()).as("an HttpException's 401 stays a 401").isEqualTo(401);
        assertThat(HttpResponses.fromException(HttpException.forbidden("admins_only", "Admins only."),
                REQUEST_ID).getStatusCode()).as("an HttpException's 403 stays a 403").isEqualTo(403);
        assertThat(logged).as("a deliberate 4xx is an answer, not an incident: fromException logs nothing for it "
                + "(the router logs one line for each 4xx)").isEmpty();
    }

    @Test
    @Tag("task:4")
    @DisplayName("Turns any other exception into a 500 that names only the request id")
    void unexpectedError() {
        RuntimeException bug = new IllegalStateException("jdbc:postgresql://10.0.3.7/users password=hunter2");

        APIGatewayV2HTTPResponse response = attempt("fromException answers any exception",
                () -> HttpResponses.fromException(bug, REQUEST_ID));

        assertThat(response.getStatusCode()).as("not the client's fault: 500").isEqualTo(500);
        JsonNode error = body(response);
        assertThat(error.path("error").asText()).as("the error code of a 500").isEqualTo("internal_error");
        assertThat(error.path("requestId").asText())
                .as("the request id is the only way support can find this failure in the logs")
                .isEqualTo(REQUEST_ID);
        assertThat(error.path("message").asText()).as("still a sentence for a human").isNotBlank();
        assertThat(response.getBody())
                .as("never return the exception's message or type: they leak hosts, queries and secrets")
                .doesNotContain("hunter2").doesNotContain("10.0.3.7").doesNotContain("IllegalStateException");
        APIGatewayV2HTTPResponse wrapped = HttpResponses.fromException(
                new RuntimeException("wrapper", new IllegalStateException("password=hunter2")), REQUEST_ID);
        assertThat(wrapped.getBody())
                .as("never return the exception's message or type, nor its cause's").doesNotContain("hunter2")
                .doesNotContain("wrapper").doesNotContain("RuntimeException");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Logs an unexpected exception with the request id, at error level")
    void logsUnexpectedErrors() {
        IOException outage = new IOException("connection reset");
        PrintStream stderr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            attempt("fromException answers any exception", () -> HttpResponses.fromException(outage, REQUEST_ID));
        } finally {
            System.setErr(stderr);
        }

        assertThat(logged).as("log the failure once, through LOG (System.getLogger(HttpResponses.class.getName()))")
                .hasSize(1);
        LogRecord record = logged.get(0);
        assertThat(record.getLevel()).as("System.Logger.Level.ERROR (SEVERE)").isEqualTo(Level.SEVERE);
        assertThat(record.getMessage()).as("the log line carries the request id, to join it with the response")
                .contains(REQUEST_ID);
        assertThat(record.getThrown()).as("log the exception itself, with its stack trace").isSameAs(outage);
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .as("the stack trace goes through the logger, never printStackTrace() to stderr (the Lambda log would "
                        + "get it twice, line by line, without the request id)").doesNotContain("connection reset");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Leaves one log line without a stack trace for a client error, and one with it for a bug")
    void logsThroughTheRouter() {
        Router router = new Router()
                .route("POST", "/users", request -> {
                    throw HttpException.badRequest("invalid_request", "Field 'email' must be an email address.");
                })
                .route("GET", "/users/{id}", request -> {
                    throw new IllegalStateException("table users-prod does not exist");
                });

        attempt("the router answers a route's HttpException", () -> router.handle(event("create-user")));
        assertThat(logged).as("a client error is logged once, by the router, as one INFO line without a stack trace: "
                + "fromException must not log an HttpException").singleElement()
                .satisfies(line -> {
                    assertThat(line.getThrown()).as("no stack trace for a client error").isNull();
                    assertThat(line.getLevel()).as("a client error is INFO, not an incident").isEqualTo(Level.INFO);
                });
        logged.clear();

        attempt("the router answers a route's bug", () -> router.handle(event("get-user")));
        assertThat(logged).as("a bug is logged once, at ERROR (SEVERE) with its stack trace").singleElement()
                .satisfies(line -> assertThat(line.getThrown()).isInstanceOf(IllegalStateException.class));
    }

    @Test
    @Tag("task:4")
    @DisplayName("Answers a route's exception through the router, with the event's request id")
    void routerMapsRouteExceptions() {
        Router router = new Router()
                .route("GET", "/users/{id}", request -> {
                    throw new IllegalStateException("table users-prod does not exist");
                })
                .route("POST", "/users", request -> {
                    throw HttpException.badRequest("invalid_request", "Field 'email' must be an email address.");
                });

        APIGatewayV2HTTPResponse crash = attempt("the router answers a route's bug",
                () -> router.handle(event("get-user")));
        assertThat(crash.getStatusCode()).as("a route's unexpected exception is a 500").isEqualTo(500);
        assertThat(crash.getBody()).as("never return the exception's message").doesNotContain("users-prod");
        assertThat(body(crash).path("requestId").asText()).as("a 500 carries the event's request id")
                .isEqualTo(REQUEST_ID);

        APIGatewayV2HTTPResponse refused = attempt("the router answers a route's HttpException",
                () -> router.handle(event("create-user")));
        assertThat(refused.getStatusCode()).as("a route's HttpException keeps its status").isEqualTo(400);
        assertThat(body(refused).path("error").asText()).as("a route's HttpException keeps its code")
                .isEqualTo("invalid_request");
    }
}
