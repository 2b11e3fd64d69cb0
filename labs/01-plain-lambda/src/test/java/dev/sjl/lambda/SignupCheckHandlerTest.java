package dev.sjl.lambda;

import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.lambda.SignupCheckResult.NewUser;
import dev.sjl.lambda.SignupCheckResult.Problem;
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

import static dev.sjl.lambda.HandlerCalls.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
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

    private static SignupCheckHandler anyDomain() {
        return new SignupCheckHandler(new SignupCheckConfig(Set.of(), 12, 16384), new JsonLog("s", CLOCK, line -> { }));
    }

    private static SignupRequest request(String email, String password, String displayName) {
        return new SignupRequest(email, password, displayName, Map.of());
    }

    /** The handler's answer to a request it must accept; the caller's rule is the message if it does not. */
    private SignupCheckResult accepted(SignupCheckHandler handler, SignupRequest request, String rule, Object... args) {
        SignupCheckResult result = answer(handler, request, "req-a");
        assertThat(result.accepted()).as(String.format(rule, args) + "; the handler said: %s", result.problems())
                .isTrue();
        return result;
    }

    /**
     * Asserts the handler refuses the request as invalid with exactly these problem codes; the caller's rule is the
     * message of every failure, whether the handler accepted the request, threw, or found other problems.
     */
    private void refused(SignupCheckHandler handler, SignupRequest request, String rule, String... codes) {
        SignupCheckResult result = answer(handler, request, "req-p");
        String shown = HandlerCalls.shown(request);
        assertThat(result.accepted()).as("%s (it was accepted: %s)", rule, shown).isFalse();
        assertThat(result.error()).as("%s (an invalid field is error invalid_signup)", rule).isEqualTo("invalid_signup");
        assertThat(result.problems()).as("%s (problems for %s)", rule, shown).extracting(Problem::code)
                .containsExactly(codes);
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
        Throwable loading = catchThrowable(() -> Class.forName(SignupCheckHandler.class.getName(), true,
                SignupCheckHandlerTest.class.getClassLoader()));
        assertThat(loading).as("SignupCheckHandler must load without reading the environment: a static field that "
                + "reads Env.system() runs when the class loads, fails with ExceptionInInitializerError instead of "
                + "your ConfigurationException, and cannot be tested; read it in the no-arg constructor").isNull();

        handler();

        assertThat(logLines).as("the test constructor should log one line: the configuration it loaded").hasSize(1);
        JsonNode line = JSON.readTree(logLines.get(0));
        assertThat(line.path("message").asText()).as("the line's message").isEqualTo("configuration loaded");
        assertThat(line.path("allowedEmailDomains").asText()).as("the domains, joined by commas")
                .isEqualTo("example.com");
        assertThat(line.path("minPasswordLength").asInt()).as("minPasswordLength").isEqualTo(12);
        assertThat(line.path("maxRecordBytes").asInt()).as("maxRecordBytes").isEqualTo(16384);
    }

    @Test
    @Tag("task:3")
    @DisplayName("Logs * for the domains when any domain may sign up")
    void logsAnyDomain() throws Exception {
        new SignupCheckHandler(new SignupCheckConfig(Set.of(), 12, 16384), new JsonLog("s", CLOCK, logLines::add));

        assertThat(logLines).as("the constructor logs one line").hasSize(1);
        assertThat(JSON.readTree(logLines.get(0)).path("allowedEmailDomains").asText())
                .as("an empty set means any domain: log *, so the operator sees sign-up is open to all")
                .isEqualTo("*");
    }

    // tag::fixture-test[]
    @Test
    @Tag("task:4")
    @DisplayName("Accepts a valid signup and returns the record normalized, without the password")
    void acceptsAValidSignup() throws Exception {
        SignupRequest event = EventLoader.loadEvent("events/signup-valid.json", SignupRequest.class);

        SignupCheckResult result = accepted(handler(), event, "a valid signup is accepted");

        assertThat(result.user()).as("email trimmed and lower-cased, display name trimmed, profile kept")
                .isEqualTo(new NewUser("ada.lovelace@example.com", "Ada Lovelace",
                        Map.of("locale", "en-GB", "timezone", "Europe/London")));
        assertThat(result.error()).as("no error when accepted").isNull();
        assertThat(result.problems()).as("no problems when accepted").isEmpty();
        assertThat(result.requestId()).as("the result carries context.getAwsRequestId()").isEqualTo("req-a");
        assertThat(JSON.writeValueAsString(result)).as("the password never goes back to the caller")
                .doesNotContain(PASSWORD);
    }
    // end::fixture-test[]

    @Test
    @Tag("task:4")
    @DisplayName("Rejects an invalid signup with one problem per field, all at once")
    void rejectsAnInvalidSignup() {
        SignupRequest event = EventLoader.loadEvent("events/signup-invalid.json", SignupRequest.class);

        SignupCheckResult result = answer(handler(), event, "req-2");

        assertThat(result.accepted()).as("an invalid signup is rejected").isFalse();
        assertThat(result.user()).as("no record when rejected").isNull();
        assertThat(result.error()).as("error for invalid fields").isEqualTo("invalid_signup");
        assertThat(result.problems()).as("report every invalid field in one answer, not just the first")
                .extracting(Problem::field, Problem::code)
                .containsExactlyInAnyOrder(tuple("email", "invalid_email"), tuple("displayName", "required"),
                        tuple("password", "too_short"));
        assertThat(result.message()).as("the message counts the invalid fields")
                .isEqualTo("The signup request has 3 invalid fields.");
        assertThat(result.requestId()).as("the result carries context.getAwsRequestId()").isEqualTo("req-2");
        assertThat(result.problems()).allSatisfy(p -> assertThat(p.message()).as("a sentence for people").isNotBlank());
    }

    @Test
    @Tag("task:4")
    @DisplayName("Says 1 invalid field in the singular")
    void oneProblem() {
        SignupCheckResult result = answer(handler(), request("ada@example.com", "short", "Ada"), "r");

        assertThat(result.message()).as("one invalid field, in the singular")
                .isEqualTo("The signup request has 1 invalid field.");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Requires email, password and display name")
    void requiredFields() {
        assertThat(answer(handler(), request(null, null, null), "r").problems())
                .as("missing email, password and display name: one required problem each, all reported")
                .extracting(Problem::field, Problem::code)
                .containsExactlyInAnyOrder(tuple("email", "required"), tuple("password", "required"),
                        tuple("displayName", "required"));
        refused(handler(), request("  ", "", " "), "blank counts as missing", "required", "required", "required");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Checks the email: shape, at most 254 bytes, allowed domain")
    void email() {
        refused(handler(), request("ada.example.com", PASSWORD, "Ada"), "an address needs an @", "invalid_email");
        refused(handler(), request("ada@localhost", PASSWORD, "Ada"), "a domain needs a dot", "invalid_email");
        refused(handler(), request("ada@evil.example", PASSWORD, "Ada"), "evil.example is not in ALLOWED_EMAIL_DOMAINS",
                "domain_not_allowed");

        String longest = "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(49)
                + ".example.com";
        assertThat(longest).hasSize(254);
        accepted(anyDomain(), request(longest, PASSWORD, "Ada"), "254 bytes is the limit, inclusive");
        refused(anyDomain(), request("a" + longest, PASSWORD, "Ada"), "255 bytes is too long", "too_long");

        // 32 "é" are 64 bytes before the @; with a 196-character domain: 229 characters, but 261 bytes.
        String wide = "é".repeat(32) + "@" + "e".repeat(63) + "." + "f".repeat(63) + "." + "g".repeat(60)
                + ".example";
        refused(anyDomain(), request(wide, PASSWORD, "Ada"), String.format("254 counts bytes in UTF-8, as SMTP does, "
                + "not characters: this address has %d characters but %d bytes", wide.length(),
                wide.getBytes(java.nio.charset.StandardCharsets.UTF_8).length), "too_long");
        accepted(anyDomain(), request("é".repeat(32) + "@example.com", PASSWORD, "Ada"),
                "64 bytes before the @ is the limit, inclusive");
        refused(anyDomain(), request("é".repeat(33) + "@example.com", PASSWORD, "Ada"),
                "the part before the @ holds at most 64 bytes (33 é are 66)", "invalid_email");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Refuses invisible and control characters in the email, and normalizes accents to one form")
    void invisibleCharactersInTheEmail() {
        for (String invisible : new String[] {"\u200B", "\u00A0", "\u2060", "\uFEFF", "\u00AD", "\u0000", "\u001B"}) {
            refused(handler(), request("ada" + invisible + "@example.com", PASSWORD, "Ada"), String.format(
                    "U+%04X is an invisible or control character: ada@example.com with it looks like ada@example.com "
                            + "but would be a second account; refuse it as invalid_email", (int) invisible.charAt(0)),
                    "invalid_email");
        }
        SignupCheckResult decomposed = accepted(handler(), request("rene\u0301@example.com", PASSWORD, "René"),
                "rené typed as e + a combining accent");
        assertThat(decomposed.user().email())
                .as("é typed as one character or as e + U+0301 is the same address: normalize the email to NFC, "
                        + "or the two spellings make two accounts")
                .isEqualTo("ren\u00E9@example.com");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Checks the display name: at most 64 characters, no control characters")
    void displayName() {
        accepted(handler(), request("ada@example.com", PASSWORD, "é".repeat(64)),
                "64 characters, even non-ASCII ones, is fine");
        accepted(handler(), request("ada@example.com", PASSWORD, "😀".repeat(64)),
                "64 emoji are 64 characters (count code points, not the 128 chars of length())");
        refused(handler(), request("ada@example.com", PASSWORD, "a".repeat(65)), "65 characters is too long",
                "too_long");
        refused(handler(), request("ada@example.com", PASSWORD, "Ada\u0000Lovelace"),
                "control characters are refused in a display name", "invalid_characters");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Checks the password: at least MIN_PASSWORD_LENGTH characters, at most 72 bytes, never trimmed")
    void password() {
        accepted(handler(), request("ada@example.com", "a".repeat(12), "Ada"), "exactly the minimum is enough");
        refused(handler(), request("ada@example.com", "a".repeat(11), "Ada"),
                "one character fewer than MIN_PASSWORD_LENGTH is too short", "too_short");
        accepted(handler(), request("ada@example.com", "  " + "a".repeat(9) + "  ", "Ada"),
                "13 characters: the spaces are part of the password, never strip them");
        accepted(handler(), request("ada@example.com", "a".repeat(72), "Ada"), "72 bytes is bcrypt's limit, inclusive");
        refused(handler(), request("ada@example.com", "a".repeat(73), "Ada"), "73 bytes is over bcrypt's 72",
                "too_long");
        refused(handler(), request("ada@example.com", "é".repeat(37), "Ada"),
                "37 characters but 74 bytes in UTF-8: bcrypt counts bytes and would ignore the end", "too_long");
        refused(handler(), request("ada@example.com", "😀".repeat(11), "Ada"),
                "11 emoji are 11 characters, not 22: count code points for the minimum", "too_short");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Refuses control characters in the password: bcrypt stops at the first NUL")
    void passwordControlCharacters() {
        for (String password : new String[] {"\u0000".repeat(12), "abcdefghijkl\u0000more", "tab\tinside-a-password"}) {
            refused(handler(), request("ada@example.com", password, "Ada"), "a control character in a password is "
                    + "refused as invalid_characters: bcrypt stops at the first NUL, so twelve NULs would log in with an "
                    + "empty password", "invalid_characters");
        }
    }

    @Test
    @Tag("task:4")
    @DisplayName("Treats a missing profile as empty and an empty event as a deliberate rejection")
    void missingParts() {
        SignupCheckResult noProfile = accepted(handler(), new SignupRequest("ada@example.com", PASSWORD, "Ada", null),
                "a request without a profile is valid");
        assertThat(noProfile.user().profile()).as("a missing profile is an empty map in the record, never null")
                .isNotNull().isEmpty();

        logLines.clear();
        SignupCheckResult empty = answer(handler(), null, "req-9");
        assertThat(empty.accepted()).as("a null event (an Invoke with payload null) is rejected").isFalse();
        assertThat(empty.error()).as("a null event is answered with error empty_event, not thrown")
                .isEqualTo("empty_event");
        assertThat(empty.message()).as("with a sentence for people").isNotBlank();
        assertThat(empty.requestId()).as("and the request id").isEqualTo("req-9");
        assertThat(logLines).as("an empty event is worth a WARN line with error empty_event and the requestId")
                .anySatisfy(line -> assertThat(line).contains("\"level\":\"WARN\"", "\"error\":\"empty_event\"",
                        "req-9"));
    }

    @Test
    @Tag("task:4")
    @DisplayName("Answers events with wrong types the way the runtime delivers them: never an exception")
    void wrongTypes() {
        // The runtime's serializer (which EventLoader uses) turns numbers and booleans into strings, unwraps a
        // one-element array and reads [] as no event; an object where a string belongs never reaches the handler.
        SignupRequest coerced = EventLoader.loadEvent("events/signup-wrong-types.json", SignupRequest.class);
        SignupCheckResult result = answer(handler(), coerced, "r");
        assertThat(result.problems()).as("email 42 is not an address; true is a display name; the number "
                + "123456789012 a 12-character password").extracting(Problem::field, Problem::code)
                .containsExactly(tuple("email", "invalid_email"));

        SignupRequest emptyArray = EventLoader.loadEvent("events/signup-empty-array.json", SignupRequest.class);
        assertThat(answer(handler(), emptyArray, "r").error()).as("[] arrives as no event at all: empty_event")
                .isEqualTo("empty_event");
    }

    // tag::log-test[]
    @Test
    @Tag("task:4")
    @DisplayName("Logs one line per invocation with requestId and coldStart, and no personal data or password")
    void logsEachInvocation() throws Exception {
        SignupCheckHandler handler = handler();
        SignupRequest valid = EventLoader.loadEvent("events/signup-valid.json", SignupRequest.class);

        answer(handler, valid, "req-1");
        answer(handler, EventLoader.loadEvent("events/signup-invalid.json", SignupRequest.class), "req-2");

        List<JsonNode> lines = invocationLines();
        assertThat(lines).as("one JSON line per invocation, each with the requestId").hasSize(2);
        assertThat(lines.get(0).path("requestId").asText()).as("the first line is the first invocation's")
                .isEqualTo("req-1");
        assertThat(lines.get(0).path("coldStart").asBoolean()).as("the first invocation of an instance is cold")
                .isTrue();
        assertThat(lines.get(1).path("coldStart").asBoolean())
                .as("later invocations of the same instance are warm: coldStart is true once per instance")
                .isFalse();
        assertThat(lines.get(0).path("emailDomain").asText()).as("the domain is enough to spot abuse")
                .isEqualTo("example.com");
        assertThat(lines.get(1).path("problems").toString()).as("the problems as field:code")
                .contains("password:too_short");
        assertThat(String.join("\n", logLines))
                .as("never log the password, the address, the name or the profile (personal data): the domain, "
                        + "the codes and the ids are enough")
                .doesNotContain(PASSWORD, "hunter2", "ada.lovelace", "Lovelace", "Europe/London");
    }
    // end::log-test[]
}
