package dev.sjl.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.lambda.SignupCheckResult.NewUser;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import static dev.sjl.lambda.HandlerCalls.answer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Task 5: Lambda's limits, checked where they bite: at init for the environment, per invoke for the record. */
class LambdaLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EnvVar A = new EnvVar("A", false, false, "a");
    private static final EnvVar BB = new EnvVar("BB", false, false, "b");

    /** The ConfigurationException the call must throw; the caller's rule is the message if it does not. */
    private static ConfigurationException configurationError(Runnable call, String rule) {
        Throwable thrown = catchThrowable(call::run);
        assertThat(thrown).as(rule).isInstanceOf(ConfigurationException.class);
        return (ConfigurationException) thrown;
    }

    private static String domainsOf(int bytes) {
        StringJoiner domains = new StringJoiner(",");
        for (int i = 0; domains.length() < bytes; i++) {
            domains.add("tenant" + i + ".example.com");
        }
        return domains.toString();
    }

    @Test
    @Tag("task:5")
    @DisplayName("Measures the declared variables as Lambda does: the bytes of their JSON text")
    void measuresLikeLambda() {
        Env env = new Env(Map.of("A", "x", "BB", "yz", "UNDECLARED", "ignored"));

        String onlyDeclared = "; variables that are not declared (UNDECLARED here, the runtime's AWS_* ones on Lambda) "
                + "are not counted";
        assertThat(env.sizeInBytes(List.of(A))).as("{\"A\":\"x\"} is 9 bytes" + onlyDeclared).isEqualTo(9);
        assertThat(env.sizeInBytes(List.of(A, BB))).as("{\"A\":\"x\",\"BB\":\"yz\"} is 19 bytes" + onlyDeclared)
                .isEqualTo(19);
        assertThat(env.sizeInBytes(List.of())).as("{} is 2 bytes").isEqualTo(2);
        assertThat(new Env(Map.of()).sizeInBytes(List.of(A, BB)))
                .as("declared variables that are not set take nothing: {} is 2 bytes").isEqualTo(2);
        assertThat(new Env(Map.of("A", "é\"")).sizeInBytes(List.of(A)))
                .as("count bytes of UTF-8, not characters: é is 2 bytes and a quote is escaped as 2, "
                        + "{\"A\":\"é\\\"\"} is 12 bytes").isEqualTo(12);
        assertThat(new Env(Map.of("A", "日本")).sizeInBytes(List.of(A)))
                .as("count bytes of UTF-8, not characters: 日本 is 6 bytes, {\"A\":\"日本\"} is 14").isEqualTo(14);
    }

    @Test
    @Tag("task:5")
    @DisplayName("Accepts exactly 4096 bytes of variables and refuses 4097, naming the largest variable")
    void environmentBudget() {
        // {"A":"…","BB":"yz"} is 18 bytes around the value of A, so A may hold 4096 - 18 bytes.
        Env atLimit = new Env(Map.of("A", "x".repeat(4078), "BB", "yz"));
        Env overLimit = new Env(Map.of("A", "x".repeat(4079), "BB", "yz"));
        assertThat(atLimit.sizeInBytes(List.of(A, BB))).as("the fixture: exactly 4096 bytes").isEqualTo(4096);

        assertThat(catchThrowable(() -> LambdaLimits.checkEnvironment(atLimit, List.of(A, BB))))
                .as("exactly 4096 bytes fits: 4 KB is Lambda's limit, inclusive").isNull();
        ConfigurationException e = configurationError(() -> LambdaLimits.checkEnvironment(overLimit, List.of(BB, A)),
                "4097 bytes: Lambda would refuse to deploy this, so fail init with a ConfigurationException");
        assertThat(e.variable())
                .as("name the largest variable (A, not the first one declared): the one to move to Parameter Store")
                .isEqualTo("A");
        assertThat(e.getMessage()).as("say how many bytes, the limit and the largest variable")
                .contains("4097", "4096", "A");
    }

    @Test
    @Tag("task:5")
    @DisplayName("SignupCheckConfig.from checks the 4 KB budget before anything else")
    void configChecksTheBudget() {
        Map<String, String> variables = new HashMap<>(Map.of("ALLOWED_EMAIL_DOMAINS", domainsOf(5000)));

        ConfigurationException e = configurationError(() -> SignupCheckConfig.from(new Env(variables)),
                "a 5 KB domain list would be refused by Lambda: call LambdaLimits.checkEnvironment in "
                        + "SignupCheckConfig.from");
        assertThat(e.variable()).as("the largest variable").isEqualTo("ALLOWED_EMAIL_DOMAINS");
        assertThat(e.getMessage()).as("the message states the limit").contains("4096");

        variables.put("ALLOWED_EMAIL_DOMAINS", domainsOf(5000) + ",localhost");
        variables.put("MIN_PASSWORD_LENGTH", "twelve");
        ConfigurationException first = configurationError(() -> SignupCheckConfig.from(new Env(variables)),
                "over 4 KB, with a non-domain in the list and a malformed MIN_PASSWORD_LENGTH");
        assertThat(first.getMessage())
                .as("check the 4 KB budget first, before reading any variable: Lambda refuses the whole "
                        + "configuration before a single value is read, so that is the error to report")
                .contains("4096");
    }

    // tag::record-budget-test[]
    @Test
    @Tag("task:5")
    @DisplayName("Rejects a record over MAX_RECORD_BYTES with payload_too_large, as an answer, not an exception")
    void recordBudget() throws Exception {
        int max = 1024;
        List<String> lines = new ArrayList<>();
        SignupCheckHandler handler = new SignupCheckHandler(new SignupCheckConfig(Set.of(), 12, max),
                new JsonLog("signup-check", Clock.systemUTC(), lines::add));
        // The record is measured as the JSON of NewUser(email, displayName, profile): pad the profile to the byte.
        int overhead = JSON.writeValueAsBytes(new NewUser("ada@example.com", "Ada", Map.of("bio", ""))).length;
        SignupRequest atLimit = new SignupRequest("ada@example.com", "correct horse battery staple", "Ada",
                Map.of("bio", "x".repeat(max - overhead)));
        SignupRequest overLimit = new SignupRequest("ada@example.com", "correct horse battery staple", "Ada",
                Map.of("bio", "x".repeat(max - overhead + 1)));

        SignupCheckResult fits = answer(handler, atLimit, "r1");
        SignupCheckResult tooLarge = answer(handler, overLimit, "r2");

        assertThat(fits.accepted())
                .as("a record of exactly MAX_RECORD_BYTES fits (the limit is inclusive); the record is the JSON of "
                        + "NewUser(email, displayName, profile), what is forwarded: without the password")
                .isTrue();
        assertThat(tooLarge.accepted()).as("one byte more than MAX_RECORD_BYTES is refused").isFalse();
        assertThat(tooLarge.error()).as("refused as error payload_too_large").isEqualTo("payload_too_large");
        assertThat(tooLarge.message()).as("say how large it was and what is allowed")
                .contains(Integer.toString(max + 1), Integer.toString(max));
        JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        assertThat(last.path("level").asText()).as("an oversized record is worth a WARN line").isEqualTo("WARN");
        assertThat(last.path("error").asText()).as("the WARN line says payload_too_large")
                .isEqualTo("payload_too_large");
        assertThat(last.path("recordBytes").asInt()).as("the WARN line says how large").isEqualTo(max + 1);
    }
    // end::record-budget-test[]

    @Test
    @Tag("task:5")
    @DisplayName("Measures the record in bytes of UTF-8, not in characters")
    void recordBytesNotCharacters() throws Exception {
        int max = 1024;
        SignupCheckHandler handler = new SignupCheckHandler(new SignupCheckConfig(Set.of(), 12, max),
                new JsonLog("signup-check", Clock.systemUTC(), line -> { }));
        int overhead = JSON.writeValueAsBytes(new NewUser("ada@example.com", "Ada", Map.of("bio", ""))).length;
        // Each é is 1 character but 2 bytes: this record is under 1024 characters and over 1024 bytes.
        String bio = "é".repeat((max - overhead) / 2 + 1);
        String record = JSON.writeValueAsString(new NewUser("ada@example.com", "Ada", Map.of("bio", bio)));
        assertThat(record.length()).as("the fixture: fewer characters than the limit").isLessThanOrEqualTo(max);
        assertThat(record.getBytes(StandardCharsets.UTF_8).length).as("the fixture: more bytes").isGreaterThan(max);

        SignupCheckResult result = answer(handler, new SignupRequest("ada@example.com", "correct horse battery staple",
                "Ada", Map.of("bio", bio)), "r");

        assertThat(result.error())
                .as("MAX_RECORD_BYTES counts bytes of UTF-8 (SNS does), not the characters of a String: this record "
                        + "is %d characters but %d bytes", record.length(),
                        record.getBytes(StandardCharsets.UTF_8).length)
                .isEqualTo("payload_too_large");
    }

    @Test
    @Tag("task:5")
    @DisplayName("Checks the size before the fields: an oversized record is refused even if a field is invalid")
    void sizeFirst() {
        SignupCheckHandler handler = new SignupCheckHandler(new SignupCheckConfig(Set.of(), 12, 1024),
                new JsonLog("signup-check", Clock.systemUTC(), line -> { }));

        SignupCheckResult result = answer(handler, new SignupRequest("not-an-email", null, "x".repeat(2000),
                Map.of()), "r");

        assertThat(result.error()).as("check the size first, before the fields: reject the oversized record before "
                + "spending work on it").isEqualTo("payload_too_large");
        assertThat(result.problems()).as("no field problems for a record refused for its size").isEmpty();
    }
}
