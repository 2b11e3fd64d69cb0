package dev.sjl.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.lambda.SignupCheckResult.NewUser;
import dev.sjl.localcloud.context.LocalLambdaContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Task 5: Lambda's limits, checked where they bite: at init for the environment, per invoke for the record. */
class LambdaLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final EnvVar A = new EnvVar("A", false, false, "a");
    private static final EnvVar BB = new EnvVar("BB", false, false, "b");

    @Test
    @Tag("task:5")
    @DisplayName("Measures the declared variables as Lambda does: the bytes of their JSON text")
    void measuresLikeLambda() {
        Env env = new Env(Map.of("A", "x", "BB", "yz", "UNDECLARED", "ignored"));

        assertThat(env.sizeInBytes(List.of(A))).as("{\"A\":\"x\"} is 9 bytes").isEqualTo(9);
        assertThat(env.sizeInBytes(List.of(A, BB))).as("{\"A\":\"x\",\"BB\":\"yz\"} is 19 bytes").isEqualTo(19);
        assertThat(env.sizeInBytes(List.of())).as("{} is 2 bytes").isEqualTo(2);
        assertThat(new Env(Map.of()).sizeInBytes(List.of(A, BB))).as("variables that are not set take nothing")
                .isEqualTo(2);
        assertThat(new Env(Map.of("A", "é\"")).sizeInBytes(List.of(A)))
                .as("é is 2 bytes in UTF-8 and a quote is escaped as 2 bytes: {\"A\":\"é\\\"\"}").isEqualTo(12);
    }

    @Test
    @Tag("task:5")
    @DisplayName("Accepts exactly 4096 bytes of variables and refuses 4097, naming the largest variable")
    void environmentBudget() {
        // {"A":"…","BB":"yz"} is 18 bytes around the value of A, so A may hold 4096 - 18 characters.
        Env atLimit = new Env(Map.of("A", "x".repeat(4078), "BB", "yz"));
        Env overLimit = new Env(Map.of("A", "x".repeat(4079), "BB", "yz"));
        assertThat(atLimit.sizeInBytes(List.of(A, BB))).isEqualTo(4096);

        assertThatCode(() -> LambdaLimits.checkEnvironment(atLimit, List.of(A, BB)))
                .as("4 KB is Lambda's limit, inclusive").doesNotThrowAnyException();
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> LambdaLimits.checkEnvironment(overLimit, List.of(BB, A)));
        assertThat(e).as("4097 bytes: Lambda would refuse to deploy this, so fail init").isNotNull();
        assertThat(e.variable()).as("name the largest variable: the one to move to Parameter Store").isEqualTo("A");
        assertThat(e.getMessage()).contains("4097", "4096", "A");
    }

    @Test
    @Tag("task:5")
    @DisplayName("SignupCheckConfig.from checks the 4 KB budget before anything else")
    void configChecksTheBudget() {
        StringJoiner domains = new StringJoiner(",");
        for (int i = 0; domains.length() < 5000; i++) {
            domains.add("tenant" + i + ".example.com");
        }
        Map<String, String> variables = new HashMap<>(Map.of("ALLOWED_EMAIL_DOMAINS", domains.toString()));

        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> SignupCheckConfig.from(new Env(variables)));

        assertThat(e).as("a 5 KB domain list would be refused by Lambda: call LambdaLimits.checkEnvironment "
                + "in SignupCheckConfig.from").isNotNull();
        assertThat(e.variable()).isEqualTo("ALLOWED_EMAIL_DOMAINS");
        assertThat(e.getMessage()).contains("4096");
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

        SignupCheckResult fits = handler.handleRequest(atLimit, LocalLambdaContext.forFunction("f"));
        SignupCheckResult tooLarge = handler.handleRequest(overLimit, LocalLambdaContext.forFunction("f"));

        assertThat(fits.accepted()).as("exactly MAX_RECORD_BYTES fits").isTrue();
        assertThat(tooLarge.accepted()).as("one byte more is refused").isFalse();
        assertThat(tooLarge.error()).isEqualTo("payload_too_large");
        assertThat(tooLarge.message()).as("say how large it was and what is allowed")
                .contains(Integer.toString(max + 1), Integer.toString(max));
        JsonNode last = JSON.readTree(lines.get(lines.size() - 1));
        assertThat(last.path("level").asText()).as("an oversized record is worth a warning").isEqualTo("WARN");
        assertThat(last.path("error").asText()).isEqualTo("payload_too_large");
        assertThat(last.path("recordBytes").asInt()).isEqualTo(max + 1);
    }
    // end::record-budget-test[]

    @Test
    @Tag("task:5")
    @DisplayName("Checks the size before the fields: an oversized record is refused even if a field is invalid")
    void sizeFirst() {
        SignupCheckHandler handler = new SignupCheckHandler(new SignupCheckConfig(Set.of(), 12, 1024),
                new JsonLog("signup-check", Clock.systemUTC(), line -> { }));

        SignupCheckResult result = handler.handleRequest(new SignupRequest("not-an-email", null, "x".repeat(2000),
                Map.of()), LocalLambdaContext.forFunction("f"));

        assertThat(result.error()).as("reject the oversized record before spending work on its fields")
                .isEqualTo("payload_too_large");
        assertThat(result.problems()).isEmpty();
    }
}
