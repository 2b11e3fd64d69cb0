package dev.sjl.lambda;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.lambda.SignupCheckResult.NewUser;
import dev.sjl.lambda.SignupCheckResult.Problem;
import dev.sjl.localcloud.context.LocalLambdaContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Tasks 3 and 4: the handler built once with its configuration, then called once per invocation. */
class SignupCheckHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);
    private static final String PASSWORD = "correct horse battery staple";

    private final List<String> logLines = new ArrayList<>();
    private final SignupCheckConfig config = new SignupCheckConfig(Set.of("example.com"), 12, 16384);

    private SignupCheckHandler handler() {
        return new SignupCheckHandler(config, new JsonLog("signup-check", CLOCK, logLines::add));
    }

    private static LocalLambdaContext context(String requestId) {
        return LocalLambdaContext.builder("signup-check").requestId(requestId).build();
    }

    private static SignupRequest request(String email, String password, String displayName) {
        return new SignupRequest(email, password, displayName, Map.of());
    }

    private List<Problem> problems(SignupRequest request) {
        SignupCheckResult result = handler().handleRequest(request, context("req-p"));
        assertThat(result.accepted()).as("this request must be rejected: %s", request).isFalse();
        assertThat(result.error()).isEqualTo("invalid_signup");
        return result.problems();
    }

    private List<JsonNode> invocationLines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : logLines) {
            JsonNode node = JSON.readTree(line);
            if (node.has("requestId")) {
                lines.add(node);
            }
        }
        return lines;
    }

    @Test
    @Tag("task:3")
    @DisplayName("Logs its configuration once, at init, as a JSON line")
    void logsConfigurationAtInit() throws Exception {
        handler();

        assertThat(logLines).as("the test constructor should log one line: the configuration it loaded").hasSize(1);
        JsonNode line = JSON.readTree(logLines.get(0));
        assertThat(line.path("message").asText()).isEqualTo("configuration loaded");
        assertThat(line.path("allowedEmailDomains").asText()).isEqualTo("example.com");
        assertThat(line.path("minPasswordLength").asInt()).isEqualTo(12);
        assertThat(line.path("maxRecordBytes").asInt()).isEqualTo(16384);
    }

    @Test
    @Tag("task:3")
    @DisplayName("Logs * for the domains when any domain may sign up")
    void logsAnyDomain() throws Exception {
        new SignupCheckHandler(new SignupCheckConfig(Set.of(), 12, 16384), new JsonLog("s", CLOCK, logLines::add));

        assertThat(JSON.readTree(logLines.get(0)).path("allowedEmailDomains").asText()).isEqualTo("*");
    }

    // tag::fixture-test[]
    @Test
    @Tag("task:4")
    @DisplayName("Accepts a valid signup and returns the record normalized, without the password")
    void acceptsAValidSignup() throws Exception {
        SignupRequest event = EventLoader.loadEvent("events/signup-valid.json", SignupRequest.class);

        SignupCheckResult result = handler().handleRequest(event, context("req-1"));

        assertThat(result.accepted()).as("a valid signup is accepted; problems: %s", result.problems()).isTrue();
        assertThat(result.user()).as("email trimmed and lower-cased, display name trimmed, profile kept")
                .isEqualTo(new NewUser("ada.lovelace@example.com", "Ada Lovelace",
                        Map.of("locale", "en-GB", "timezone", "Europe/London")));
        assertThat(result.error()).isNull();
        assertThat(result.problems()).isEmpty();
        assertThat(result.requestId()).as("the result carries context.getAwsRequestId()").isEqualTo("req-1");
        assertThat(JSON.writeValueAsString(result)).as("the password never goes back to the caller")
                .doesNotContain(PASSWORD);
    }
    // end::fixture-test[]

    @Test
    @Tag("task:4")
    @DisplayName("Rejects an invalid signup with one problem per field, all at once")
    void rejectsAnInvalidSignup() {
        SignupRequest event = EventLoader.loadEvent("events/signup-invalid.json", SignupRequest.class);

        SignupCheckResult result = handler().handleRequest(event, context("req-2"));

        assertThat(result.accepted()).isFalse();
        assertThat(result.user()).isNull();
        assertThat(result.error()).isEqualTo("invalid_signup");
        assertThat(result.message()).isEqualTo("The signup request has 3 invalid fields.");
        assertThat(result.requestId()).isEqualTo("req-2");
        assertThat(result.problems()).as("report every invalid field, not just the first")
                .extracting(Problem::field, Problem::code)
                .containsExactlyInAnyOrder(tuple("email", "invalid_email"), tuple("displayName", "required"),
                        tuple("password", "too_short"));
        assertThat(result.problems()).allSatisfy(p -> assertThat(p.message()).as("a sentence for people").isNotBlank());
    }

    @Test
    @Tag("task:4")
    @DisplayName("Says 1 invalid field in the singular")
    void oneProblem() {
        SignupCheckResult result = handler().handleRequest(request("ada@example.com", "short", "Ada"), context("r"));

        assertThat(result.message()).isEqualTo("The signup request has 1 invalid field.");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Requires email, password and display name")
    void requiredFields() {
        assertThat(problems(request(null, null, null))).extracting(Problem::field, Problem::code)
                .containsExactlyInAnyOrder(tuple("email", "required"), tuple("password", "required"),
                        tuple("displayName", "required"));
        assertThat(problems(request("  ", "", " "))).extracting(Problem::code)
                .containsOnly("required");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Checks the email: shape, at most 254 characters, allowed domain")
    void email() {
        assertThat(problems(request("ada.example.com", PASSWORD, "Ada"))).extracting(Problem::code)
                .containsExactly("invalid_email");
        assertThat(problems(request("ada@localhost", PASSWORD, "Ada"))).extracting(Problem::code)
                .as("a domain needs a dot").containsExactly("invalid_email");
        assertThat(problems(request("ada@evil.example", PASSWORD, "Ada"))).extracting(Problem::code)
                .as("evil.example is not in ALLOWED_EMAIL_DOMAINS").containsExactly("domain_not_allowed");
        String longest = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(49)
                + ".example.com";
        assertThat(longest).hasSize(254);
        SignupCheckHandler anyDomain = new SignupCheckHandler(new SignupCheckConfig(Set.of(), 12, 16384),
                new JsonLog("s", CLOCK, line -> { }));
        assertThat(anyDomain.handleRequest(request(longest, PASSWORD, "Ada"), context("r")).accepted())
                .as("254 characters is the limit, inclusive").isTrue();
        assertThat(anyDomain.handleRequest(request("a" + longest, PASSWORD, "Ada"), context("r")).problems())
                .extracting(Problem::code).as("255 characters is too long").containsExactly("too_long");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Checks the display name: at most 64 characters, no control characters")
    void displayName() {
        assertThat(handler().handleRequest(request("ada@example.com", PASSWORD, "é".repeat(64)), context("r"))
                .accepted()).as("64 characters, even non-ASCII ones, is fine").isTrue();
        assertThat(problems(request("ada@example.com", PASSWORD, "a".repeat(65)))).extracting(Problem::code)
                .containsExactly("too_long");
        assertThat(problems(request("ada@example.com", PASSWORD, "Ada\u0000Lovelace"))).extracting(Problem::code)
                .containsExactly("invalid_characters");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Checks the password: at least MIN_PASSWORD_LENGTH characters, at most 72 bytes, never trimmed")
    void password() {
        assertThat(handler().handleRequest(request("ada@example.com", "a".repeat(12), "Ada"), context("r"))
                .accepted()).as("exactly the minimum is enough").isTrue();
        assertThat(problems(request("ada@example.com", "a".repeat(11), "Ada"))).extracting(Problem::code)
                .containsExactly("too_short");
        assertThat(handler().handleRequest(request("ada@example.com", "  " + "a".repeat(9) + "  ", "Ada"),
                context("r")).accepted())
                .as("13 characters: the spaces are part of the password, never strip them").isTrue();
        assertThat(handler().handleRequest(request("ada@example.com", "a".repeat(72), "Ada"), context("r"))
                .accepted()).as("72 bytes is bcrypt's limit, inclusive").isTrue();
        assertThat(problems(request("ada@example.com", "a".repeat(73), "Ada"))).extracting(Problem::code)
                .containsExactly("too_long");
        assertThat(problems(request("ada@example.com", "é".repeat(37), "Ada"))).extracting(Problem::code)
                .as("37 characters but 74 bytes in UTF-8: bcrypt would ignore the end").containsExactly("too_long");
        assertThat(problems(request("ada@example.com", "😀".repeat(11), "Ada"))).extracting(Problem::code)
                .as("11 emoji are 11 characters, not 22").containsExactly("too_short");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Treats a missing profile as empty and an empty event as a deliberate rejection")
    void missingParts() {
        SignupCheckResult noProfile = handler().handleRequest(
                new SignupRequest("ada@example.com", PASSWORD, "Ada", null), context("r"));
        assertThat(noProfile.accepted()).isTrue();
        assertThat(noProfile.user().profile()).isEmpty();

        logLines.clear();
        SignupCheckResult empty = handler().handleRequest(null, context("req-9"));
        assertThat(empty.accepted()).isFalse();
        assertThat(logLines).as("an empty event is worth a warning line").anySatisfy(line ->
                assertThat(line).contains("\"level\":\"WARN\"", "\"error\":\"empty_event\"", "req-9"));
        assertThat(empty.error()).as("an empty event is answered, not thrown").isEqualTo("empty_event");
        assertThat(empty.message()).isNotBlank();
        assertThat(empty.requestId()).isEqualTo("req-9");
    }

    // tag::log-test[]
    @Test
    @Tag("task:4")
    @DisplayName("Logs one line per invocation with requestId and coldStart, and no personal data or password")
    void logsEachInvocation() throws Exception {
        SignupCheckHandler handler = handler();
        SignupRequest valid = EventLoader.loadEvent("events/signup-valid.json", SignupRequest.class);

        handler.handleRequest(valid, context("req-1"));
        handler.handleRequest(EventLoader.loadEvent("events/signup-invalid.json", SignupRequest.class),
                context("req-2"));

        List<JsonNode> lines = invocationLines();
        assertThat(lines).as("one JSON line per invocation, each with the requestId").hasSize(2);
        assertThat(lines.get(0).path("requestId").asText()).isEqualTo("req-1");
        assertThat(lines.get(0).path("coldStart").asBoolean()).as("the first invocation of an instance is cold")
                .isTrue();
        assertThat(lines.get(1).path("coldStart").asBoolean()).as("later invocations are warm").isFalse();
        assertThat(lines.get(0).path("emailDomain").asText()).as("the domain is enough to spot abuse")
                .isEqualTo("example.com");
        assertThat(lines.get(1).path("problems").toString()).contains("password:too_short");
        assertThat(String.join("\n", logLines)).as("never log the password, the address or the name")
                .doesNotContain(PASSWORD, "hunter2", "lovelace@", "Lovelace", "Europe/London");
    }
    // end::log-test[]
}
