package dev.sjl.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Task 2: structured logs that a secret or a request body cannot slip into. */
class JsonLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

    private final List<String> lines = new ArrayList<>();
    private final JsonLog log = new JsonLog("signup-check", CLOCK, lines::add);

    private JsonNode onlyLine() throws Exception {
        assertThat(lines).as("each call should hand exactly one line to the sink").hasSize(1);
        return JSON.readTree(lines.get(0));
    }

    @Test
    @Tag("task:2")
    @DisplayName("Writes one JSON object per call with timestamp, level, service, message and the fields")
    void writesOneJsonLine() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("requestId", "req-1");
        fields.put("coldStart", true);
        fields.put("recordBytes", 120);

        log.info("signup accepted", fields);

        JsonNode line = onlyLine();
        assertThat(line.path("timestamp").asText()).as("timestamp: the clock's instant, ISO-8601")
                .isEqualTo("2025-03-01T12:00:00Z");
        assertThat(line.path("level").asText()).as("level of info(...)").isEqualTo("INFO");
        assertThat(line.path("service").asText()).as("service given to the constructor").isEqualTo("signup-check");
        assertThat(line.path("message").asText()).isEqualTo("signup accepted");
        assertThat(line.path("requestId").asText()).as("fields become top-level JSON fields").isEqualTo("req-1");
        assertThat(line.path("coldStart").isBoolean()).as("booleans stay booleans, not strings").isTrue();
        assertThat(line.path("recordBytes").isInt()).as("numbers stay numbers, so Logs Insights can sum them")
                .isTrue();
    }

    @Test
    @Tag("task:2")
    @DisplayName("Marks warnings as WARN")
    void warnLevel() throws Exception {
        log.warn("signup rejected", Map.of("error", "payload_too_large"));

        assertThat(onlyLine().path("level").asText()).isEqualTo("WARN");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Keeps a multi-line message on one line: one log line is one CloudWatch event")
    void oneLineEvenWithNewlines() throws Exception {
        log.info("first\nsecond", Map.of("note", "a\nb"));

        assertThat(lines.get(0)).as("newlines inside values must be escaped, never written raw").doesNotContain("\n");
        assertThat(onlyLine().path("message").asText()).isEqualTo("first\nsecond");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Redacts any field whose name says it holds a credential")
    void redactsCredentials() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("password", "hunter2");
        fields.put("newPassword", "hunter3");
        fields.put("refreshToken", "eyJhbGciOi");
        fields.put("Authorization", "Bearer abc");
        fields.put("clientSecret", "shh");
        fields.put("sessionCookie", "id=1");
        fields.put("awsCredentials", "AKIA");

        log.info("credentials everywhere", fields);

        JsonNode line = onlyLine();
        for (String name : fields.keySet()) {
            assertThat(line.path(name).asText()).as("field %s must be written as [redacted]", name)
                    .isEqualTo("[redacted]");
        }
        lines.clear();
        log.info("a rule, not a credential", Map.of("minPasswordLength", 12, "tokenCount", 3));
        assertThat(onlyLine().path("minPasswordLength").asInt())
                .as("redact names that END in a credential word; minPasswordLength describes a rule").isEqualTo(12);
        assertThat(lines.get(0)).doesNotContain("hunter2", "eyJhbGciOi", "Bearer", "shh", "AKIA");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Refuses to dump objects: an event or a map is written as [omitted: Type]")
    void omitsObjects() throws Exception {
        SignupRequest request = new SignupRequest("ada@example.com", "hunter2", "Ada", Map.of());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", request);
        fields.put("headers", new HashMap<>(Map.of("x", "y")));

        log.info("tempting", fields);

        JsonNode line = onlyLine();
        assertThat(line.path("event").asText()).as("an object is never serialized into the log")
                .isEqualTo("[omitted: SignupRequest]");
        assertThat(line.path("headers").asText()).isEqualTo("[omitted: HashMap]");
        assertThat(lines.get(0)).doesNotContain("ada@example.com", "hunter2");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Writes lists of plain values as JSON arrays, and null as null")
    void listsAndNulls() throws Exception {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("problems", List.of("email:required", "password:too_short"));
        fields.put("mixed", Arrays.asList(1, "two", null, Map.of()));
        fields.put("nothing", null);

        log.info("lists", fields);

        JsonNode line = onlyLine();
        assertThat(line.path("problems").isArray()).isTrue();
        assertThat(line.path("problems").get(1).asText()).isEqualTo("password:too_short");
        assertThat(line.path("mixed").get(0).asInt()).isEqualTo(1);
        assertThat(line.path("mixed").get(2).isNull()).isTrue();
        assertThat(line.path("mixed").get(3).asText()).as("objects inside a list are omitted too")
                .startsWith("[omitted: ");
        assertThat(line.has("nothing") && line.path("nothing").isNull()).as("a null field is written as null")
                .isTrue();
    }

    @Test
    @Tag("task:2")
    @DisplayName("Does not let a field overwrite level, service, message or timestamp")
    void standardFieldsWin() throws Exception {
        log.info("real message", Map.of("level", "DEBUG", "message", "fake", "service", "other",
                "timestamp", "yesterday"));

        JsonNode line = onlyLine();
        assertThat(line.path("level").asText()).isEqualTo("INFO");
        assertThat(line.path("message").asText()).isEqualTo("real message");
        assertThat(line.path("service").asText()).isEqualTo("signup-check");
        assertThat(line.path("timestamp").asText()).isEqualTo("2025-03-01T12:00:00Z");
    }

    @Test
    @Tag("task:2")
    @DisplayName("JsonLog.stdout writes its lines to standard output, where Lambda collects them")
    void stdout() throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JsonLog.stdout("signup-check").info("to stdout", Map.of());
        } finally {
            System.setOut(original);
        }
        JsonNode line = JSON.readTree(captured.toString(StandardCharsets.UTF_8));
        assertThat(line.path("message").asText()).isEqualTo("to stdout");
        assertThat(line.path("service").asText()).isEqualTo("signup-check");
    }

    @Test
    @Tag("task:2")
    @DisplayName("SignupRequest.toString() shows the fields but hides the password")
    void requestToStringHidesThePassword() {
        SignupRequest request = new SignupRequest("ada@example.com", "correct horse battery staple", "Ada",
                Map.of("locale", "en-GB"));

        assertThat(request.toString())
                .as("a record's generated toString prints the password: override it in SignupRequest")
                .doesNotContain("correct horse battery staple")
                .contains("ada@example.com", "Ada", "en-GB");
    }
}
