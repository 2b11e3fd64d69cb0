package dev.sjl.kit.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class ResponseCheckTest {

    private static final ResponseCheck CHECK = ResponseCheck.errorShape("error", "message", "requestId");
    private static final HostileRequests GENERATOR = HostileRequests.forRoutes(
            List.of(Endpoint.of("POST", "/users"), Endpoint.of("GET", "/users/{id}")),
            Map.of("POST /users", "{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}"), 99L);

    /** The first generated request of a kind. */
    private static HostileRequest first(HostileKind kind) {
        return GENERATOR.stream().filter(r -> r.kind() == kind).findFirst().orElseThrow();
    }

    private static APIGatewayV2HTTPResponse response(int status, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(body).build();
    }

    private static APIGatewayV2HTTPResponse error(String message) {
        return response(400, "{\"error\":\"invalid_json\",\"message\":\"" + message + "\",\"requestId\":\"r-1\"}");
    }

    private static LogRecord record(Level level, String message, Throwable thrown) {
        LogRecord record = new LogRecord(level, message);
        record.setThrown(thrown);
        return record;
    }

    @Test
    @DisplayName("Accepts a deliberate 400 in the error shape, with one INFO line logged")
    void acceptsADeliberateError() {
        HostileRequest request = first(HostileKind.TRUNCATED_JSON);

        assertThat(CHECK.problems(request, error("The request body is not valid JSON (line 1, column 12)."),
                List.of(record(Level.INFO, "Request r-1 answered 400", null)))).isEmpty();
        assertThat(CHECK.problems(request, response(201, "{\"id\":\"u-1\"}"))).isEmpty();
    }

    @Test
    @DisplayName("Refuses a 5xx, a missing response and a status that is not HTTP")
    void refusesServerErrors() {
        HostileRequest request = first(HostileKind.DEEP_NESTING);

        assertThat(CHECK.problems(request, response(500, "{\"error\":\"internal_error\",\"message\":\"Sorry.\","
                + "\"requestId\":\"r\"}"))).anySatisfy(p -> assertThat(p).contains("500", "never a 5xx"));
        assertThat(CHECK.problems(request, null)).containsExactly("no response (null)");
        assertThat(CHECK.problems(request, response(0, null))).anySatisfy(p -> assertThat(p).contains("not an HTTP"));
    }

    @Test
    @DisplayName("Refuses an error body that is not the error shape, not JSON, too long, or not typed JSON")
    void refusesOtherShapes() {
        HostileRequest request = first(HostileKind.WRONG_TYPE);

        assertThat(CHECK.problems(request, response(400, "{\"message\":\"Bad.\"}")))
                .anySatisfy(p -> assertThat(p).contains("'error'")).anySatisfy(p -> assertThat(p).contains("'requestId'"));
        assertThat(CHECK.problems(request, response(400, "Bad request")))
                .anySatisfy(p -> assertThat(p).contains("not JSON"));
        assertThat(CHECK.problems(request, response(400, null))).anySatisfy(p -> assertThat(p).contains("no body"));
        assertThat(CHECK.problems(request, error("x".repeat(2_000)))).anySatisfy(p -> assertThat(p).contains("2055 characters"));
        APIGatewayV2HTTPResponse plain = error("Bad.");
        plain.setHeaders(Map.of("Content-Type", "text/plain"));
        assertThat(CHECK.problems(request, plain)).anySatisfy(p -> assertThat(p).contains("not application/json"));
        assertThat(CHECK.maxErrorBodyChars(50).problems(request, error("A sentence of some length.")))
                .anySatisfy(p -> assertThat(p).contains("at most 50"));
    }

    @Test
    @DisplayName("Refuses stack frames, Java class names and Jackson's messages in an error body")
    void refusesInternals() {
        HostileRequest request = first(HostileKind.TRUNCATED_JSON);

        for (String leak : List.of("at dev.sjl.http.HttpRequest.json(HttpRequest.java:140)",
                "com.fasterxml.jackson.databind.JsonMappingException: oops",
                "java.lang.IllegalStateException",
                "Unrecognized field \\\"x\\\" (class Foo), not marked as ignorable",
                "Unexpected end-of-input: was expecting closing quote",
                "Number value length (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints`)",
                "[Source: REDACTED; line: 1, column: 12]")) {
            assertThat(CHECK.problems(request, error(leak))).as(leak)
                    .anySatisfy(p -> assertThat(p).contains("for the log, not the client"));
        }
        assertThat(CHECK.forbidding("(?i)secret").problems(request, error("The secret is out.")))
                .anySatisfy(p -> assertThat(p).contains("secret"));
        assertThat(CHECK.problems(request, error("Write to ada@example.com or see example.com/help."))).isEmpty();
    }

    @Test
    @DisplayName("Refuses an error body, a header or a log line that repeats more than 64 characters the client sent")
    void refusesEchoes() {
        HostileRequest request = first(HostileKind.LONG_FIELD_NAME);
        String name = request.event().getBody().substring(request.event().getBody().lastIndexOf(",\"") + 2, 
                request.event().getBody().lastIndexOf(",\"") + 2 + 200);

        assertThat(CHECK.problems(request, error("Unknown field '" + name.substring(0, 64) + "'."))).isEmpty();
        assertThat(CHECK.problems(request, error("Unknown field '" + name.substring(0, 65) + "'.")))
                .anySatisfy(p -> assertThat(p).contains("never echo unbounded input"));
        assertThat(CHECK.maxEchoedChars(200).problems(request, error("Unknown field '" + name.substring(0, 65) + "'.")))
                .isEmpty();
        APIGatewayV2HTTPResponse header = error("Bad.");
        header.getHeaders().put("X-Field", name.substring(0, 100));
        assertThat(CHECK.problems(request, header)).anySatisfy(p -> assertThat(p).contains("X-Field", "repeats"));
        assertThat(CHECK.problems(request, error("Bad."), List.of(record(Level.INFO, "Unknown " + name, null))))
                .anySatisfy(p -> assertThat(p).contains("log line repeats"));
    }

    @Test
    @DisplayName("Finds an echo that JSON escaping hides, and at the end of a 1 MiB body")
    void findsHiddenEchoes() {
        HostileRequest oversized = GENERATOR.stream()
                .filter(r -> r.kind() == HostileKind.OVERSIZED_BODY && r.event().getBody().length() > 1_000_000
                        && !r.event().getIsBase64Encoded())
                .findFirst().orElseThrow();
        String body = oversized.event().getBody();
        String tail = body.substring(body.length() - 120, body.length() - 40);
        assertThat(CHECK.problems(oversized, error(tail.replace("\"", "\\\""))))
                .anySatisfy(p -> assertThat(p).contains("repeats"));

        HostileRequest control = first(HostileKind.CONTROL_CHARS);
        assertThat(CHECK.echo("[" + "q\n".repeat(40) + "]", List.of("q\n".repeat(50)))).isNotNull();
        assertThat(CHECK.echo("short", control.clientStrings())).isNull();
    }

    @Test
    @DisplayName("Refuses a CR, LF or NUL in a response header")
    void refusesResponseSplitting() {
        HostileRequest request = first(HostileKind.HOSTILE_HEADERS);
        APIGatewayV2HTTPResponse split = response(200, "{}");
        split.getHeaders().put("Access-Control-Allow-Origin", "https://a.example\r\nSet-Cookie: x=y");

        assertThat(CHECK.problems(request, split)).anySatisfy(p -> assertThat(p).contains("CR, LF or NUL"));
    }

    @Test
    @DisplayName("Refuses a stack trace, a SEVERE record, a record of several lines or too many records for a 4xx")
    void refusesNoisyLogs() {
        HostileRequest request = first(HostileKind.HUGE_NUMBER);
        APIGatewayV2HTTPResponse refused = error("Too large.");

        assertThat(CHECK.problems(request, refused, List.of(record(Level.WARNING, "Request r answered 400",
                new IllegalStateException("boom"))))).anySatisfy(p -> assertThat(p).contains("stack trace"));
        assertThat(CHECK.problems(request, refused, List.of(record(Level.SEVERE, "Request failed", null))))
                .anySatisfy(p -> assertThat(p).contains("SEVERE"));
        assertThat(CHECK.problems(request, refused, List.of(record(Level.INFO, "one\ntwo", null))))
                .anySatisfy(p -> assertThat(p).contains("several lines"));
        List<LogRecord> two = List.of(record(Level.INFO, "a", null), record(Level.INFO, "b", null));
        assertThat(CHECK.problems(request, refused, two)).isEmpty();
        assertThat(CHECK.logLinesPerClientError(1).problems(request, refused, two))
                .anySatisfy(p -> assertThat(p).contains("2 log records"));
    }

    @Test
    @DisplayName("Fails with the request's description and every problem")
    void assertHandled() {
        HostileRequest request = first(HostileKind.NULL_EVENT);

        Throwable failure = catchThrowable(() -> CHECK.assertHandled(request, response(500, "boom"), List.of()));

        assertThat(failure).isInstanceOf(AssertionError.class)
                .hasMessageStartingWith(request.describe() + " -> 500: ")
                .hasMessageContaining("never a 5xx").hasMessageContaining("not JSON");
        assertThat(catchThrowable(() -> CHECK.assertHandled(request, error("Fine."), List.of()))).isNull();
    }
}
