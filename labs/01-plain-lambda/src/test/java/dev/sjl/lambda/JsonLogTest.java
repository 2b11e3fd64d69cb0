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
import static org.assertj.core.api.Assertions.catchThrowable;

/** Task 2: structured logs that a secret or a request body cannot slip into. */
class JsonLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

    private final List<String> lines = new ArrayList<>();
    private final JsonLog log = new JsonLog("signup-check", CLOCK, lines::add);

    /** The one line the call wrote, as JSON; the caller's rule is in every failure message. */
    private JsonNode onlyLine(String rule) {
        assertThat(lines).as("%s: each call hands exactly one line to the sink; it got %s", rule, lines).hasSize(1);
        return parse(lines.get(0), rule);
    }

    private static JsonNode parse(String line, String rule) {
        JsonNode[] node = new JsonNode[1];
        Throwable thrown = catchThrowable(() -> node[0] = JSON.readTree(line));
        assertThat(thrown).as("%s: a line must be one valid JSON object (let Jackson write it, never concatenate "
                + "strings: a quote or a newline in a value breaks the line); got: %s", rule, line).isNull();
        assertThat(node[0] != null && node[0].isObject()).as("%s: a line is a JSON object; got: %s", rule, line)
                .isTrue();
        return node[0];
    }

    @Test
    @Tag("task:2")
    @DisplayName("Writes one JSON object per call with timestamp, level, service, message and the fields")
    void writesOneJsonLine() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("requestId", "req-1");
        fields.put("coldStart", true);
        fields.put("recordBytes", 120);

        log.info("signup accepted", fields);

        JsonNode line = onlyLine("info(...)");
        assertThat(line.path("timestamp").asText())
                .as("timestamp: the instant of the clock given to the constructor (never Instant.now(): tests and "
                        + "replays need the clock), ISO-8601").isEqualTo("2025-03-01T12:00:00Z");
        assertThat(line.path("level").asText()).as("level of info(...)").isEqualTo("INFO");
        assertThat(line.path("service").asText()).as("service given to the constructor").isEqualTo("signup-check");
        assertThat(line.path("message").asText()).as("the message, as given").isEqualTo("signup accepted");
        assertThat(line.path("requestId").asText()).as("fields become top-level JSON fields").isEqualTo("req-1");
        assertThat(line.path("coldStart").isBoolean()).as("booleans stay booleans, not strings").isTrue();
        assertThat(line.path("recordBytes").isInt()).as("numbers stay numbers, so Logs Insights can sum them")
                .isTrue();
    }

    @Test
    @Tag("task:2")
    @DisplayName("Marks warnings as WARN")
    void warnLevel() {
        log.warn("signup rejected", Map.of("error", "payload_too_large"));

        JsonNode line = onlyLine("warn(...)");
        assertThat(line.path("level").asText()).as("warn(...) writes level WARN, so a query can find the warnings")
                .isEqualTo("WARN");
        assertThat(line.path("error").asText()).as("warn(...) writes the fields as info(...) does")
                .isEqualTo("payload_too_large");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Keeps a multi-line message on one line: one log line is one CloudWatch event")
    void oneLineEvenWithNewlines() {
        log.info("first\nsecond", Map.of("note", "a\r\nb \"quoted\" \\ end"));

        assertThat(lines).as("one call, one line").hasSize(1);
        assertThat(lines.get(0))
                .as("one call is one line, one CloudWatch event: no raw newline anywhere in it (compact JSON, not "
                        + "pretty-printed; a newline inside a value is escaped as \\n)")
                .doesNotContain("\n", "\r");
        JsonNode line = onlyLine("a message and a field with newlines and quotes");
        assertThat(line.path("message").asText()).as("the message comes back intact").isEqualTo("first\nsecond");
        assertThat(line.path("note").asText()).as("the value comes back intact").isEqualTo("a\r\nb \"quoted\" \\ end");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Redacts any field whose name says it holds a credential")
    void redactsCredentials() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("password", "hunter2");
        fields.put("Password", "hunter4");
        fields.put("newPassword", "hunter3");
        fields.put("NEW_PASSWORD", "hunter5");
        fields.put("refreshToken", "eyJhbGciOi");
        fields.put("refreshTokens", List.of("eyJold1", "eyJold2"));
        fields.put("oldPasswords", List.of("hunter0", "hunter1"));
        fields.put("Authorization", "Bearer abc");
        fields.put("clientSecret", "shh");
        fields.put("sessionCookie", "id=1");
        fields.put("awsCredentials", "AKIA");
        fields.put("apiKey", "sk_live_1");
        fields.put("X_API_KEY", "sk_live_2");
        fields.put("privateKey", "-----BEGIN PRIVATE KEY-----");
        fields.put("signupOtp", "493021");
        fields.put("passphrase", "correct horse");

        log.info("credentials everywhere", fields);

        JsonNode line = onlyLine("fields named like credentials");
        for (String name : fields.keySet()) {
            assertThat(line.path(name).asText())
                    .as("field %s must be written as [redacted], whatever its value (a string, a list, ...): redact "
                            + "every name that ENDS in a credential word (password, passwd, passphrase, token, secret, "
                            + "authorization, cookie, credential, apiKey/api_key, privateKey/private_key, otp), in any "
                            + "case and in the plural", name)
                    .isEqualTo("[redacted]");
        }
        assertThat(lines.get(0)).as("no credential value anywhere in the line")
                .doesNotContain("hunter", "eyJ", "Bearer", "shh", "AKIA", "sk_live", "PRIVATE KEY", "493021", "correct horse");

        lines.clear();
        log.info("a rule, not a credential", Map.of("minPasswordLength", 12, "tokenCount", 3));
        JsonNode rules = onlyLine("fields that describe rules");
        assertThat(rules.path("minPasswordLength").asInt())
                .as("redact names that END in a credential word: minPasswordLength and tokenCount describe rules, "
                        + "not credentials, and must stay readable").isEqualTo(12);
        assertThat(rules.path("tokenCount").asInt())
                .as("redact names that END in a credential word: tokenCount is a count, not a credential")
                .isEqualTo(3);
    }

    @Test
    @Tag("task:2")
    @DisplayName("Refuses to dump objects: an event or a map is written as [omitted: Type]")
    void omitsObjects() {
        SignupRequest request = new SignupRequest("ada@example.com", "hunter2", "Ada", Map.of());
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("event", request);
        fields.put("headers", new HashMap<>(Map.of("x", "y")));

        log.info("tempting", fields);

        JsonNode line = onlyLine("fields holding objects");
        assertThat(line.path("event").asText())
                .as("an object (here the whole event) is never serialized into the log, so a password inside it "
                        + "cannot leak: write [omitted: SignupRequest]").isEqualTo("[omitted: SignupRequest]");
        assertThat(line.path("headers").asText()).as("a map is an object too: [omitted: HashMap]")
                .isEqualTo("[omitted: HashMap]");
        assertThat(lines.get(0)).as("an object is never serialized into the log: nothing of it may show")
                .doesNotContain("ada@example.com", "hunter2");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Writes lists of plain values as JSON arrays, and null as null")
    void listsAndNulls() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("problems", List.of("email:required", "password:too_short"));
        fields.put("mixed", Arrays.asList(1, "two", null, Map.of()));
        fields.put("nothing", null);

        log.info("lists", fields);

        JsonNode line = onlyLine("fields holding lists and null");
        assertThat(line.path("problems").isArray()).as("a list of strings is a JSON array").isTrue();
        assertThat(line.path("problems").path(1).asText()).as("its items in order").isEqualTo("password:too_short");
        assertThat(line.path("mixed").path(0).isInt()).as("a number in a list stays a number").isTrue();
        assertThat(line.path("mixed").path(2).isNull()).as("null in a list stays null").isTrue();
        assertThat(line.path("mixed").path(3).asText()).as("objects inside a list are omitted too: [omitted: Type]")
                .startsWith("[omitted: ");
        assertThat(line.has("nothing") && line.path("nothing").isNull()).as("a null field is written as null")
                .isTrue();
    }

    @Test
    @Tag("task:2")
    @DisplayName("Does not let a field overwrite level, service, message or timestamp")
    void standardFieldsWin() {
        log.info("real message", Map.of("level", "DEBUG", "message", "fake", "service", "other",
                "timestamp", "yesterday"));

        JsonNode line = onlyLine("fields named like the standard ones");
        String rule = "a field must never overwrite %s: a caller could forge the level, message, service or time";
        assertThat(line.path("level").asText()).as(rule, "level").isEqualTo("INFO");
        assertThat(line.path("message").asText()).as(rule, "message").isEqualTo("real message");
        assertThat(line.path("service").asText()).as(rule, "service").isEqualTo("signup-check");
        assertThat(line.path("timestamp").asText()).as(rule, "timestamp").isEqualTo("2025-03-01T12:00:00Z");
    }

    @Test
    @Tag("task:2")
    @DisplayName("JsonLog.stdout writes its lines to standard output, where Lambda collects them")
    void stdout() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JsonLog.stdout("signup-check").info("to stdout", Map.of());
        } finally {
            System.setOut(original);
        }
        JsonNode line = parse(captured.toString(StandardCharsets.UTF_8).strip(), "JsonLog.stdout(...)");
        assertThat(line.path("message").asText()).as("JsonLog.stdout writes its lines to System.out")
                .isEqualTo("to stdout");
        assertThat(line.path("service").asText()).as("with the service it was given").isEqualTo("signup-check");
    }

    @Test
    @Tag("task:2")
    @DisplayName("SignupRequest.toString() shows the fields but hides the password")
    void requestToStringHidesThePassword() {
        SignupRequest request = new SignupRequest("ada@example.com", "correct horse battery staple", "Ada",
                Map.of("locale", "en-GB"));

        assertThat(request.toString())
                .as("SignupRequest.toString() must leave the password out entirely (a generated or serialized "
                        + "toString prints it, into any log or exception that prints the request)")
                .doesNotContain("correct horse battery staple", "correct", "staple");
        assertThat(request.toString()).as("SignupRequest.toString() still shows the other fields, for debugging")
                .contains("ada@example.com", "Ada", "en-GB");
    }
}
