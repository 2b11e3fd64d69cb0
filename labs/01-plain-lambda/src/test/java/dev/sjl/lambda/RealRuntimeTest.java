package dev.sjl.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.localcloud.lambda.InvocationResult;
import dev.sjl.localcloud.lambda.LocalLambda;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The handler in the real Java runtime, out of process: a separate JVM runs the official runtime interface client,
 * which builds the handler with its no-arg constructor and polls a local Runtime API for invocations. These tests
 * check what the runtime answers, never how fast: cold/warm numbers come from the harness in the README.
 */
class RealRuntimeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HANDLER = "dev.sjl.lambda.SignupCheckHandler::handleRequest";

    private static LocalLambda function(Map<String, String> environment) {
        // Timeouts only stop a hung JVM on a busy machine; they are not part of what is tested.
        return LocalLambda.builder(HANDLER).functionName("signup-check").environment(environment)
                .timeout(Duration.ofSeconds(60)).initTimeout(Duration.ofSeconds(120)).build();
    }

    private static String event(String name) {
        try (var in = RealRuntimeTest.class.getResourceAsStream("/events/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The one JSON line (with a requestId) an invocation wrote on stdout. */
    private static JsonNode onlyJsonLine(InvocationResult result) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : result.logs()) {
            if (line.startsWith("{")) {
                JsonNode node = JSON.readTree(line);
                if (node.has("requestId")) {
                    lines.add(node);
                }
            }
        }
        assertThat(lines).as("one JSON line per invocation on stdout; the invocation wrote: %s (outcome: %s)",
                result.logs(), result).hasSize(1);
        return lines.get(0);
    }

    // tag::init-failure-test[]
    @Test
    @Tag("task:3")
    @DisplayName("In the real runtime, a malformed variable fails init with a message that names it")
    void initFailsOnBadConfiguration() {
        try (LocalLambda fn = function(Map.of("ALLOWED_EMAIL_DOMAINS", "*", "MIN_PASSWORD_LENGTH", "twelve"))) {
            InvocationResult result = fn.invoke(event("signup-valid.json"));

            assertThat(result.initError())
                    .as("the no-arg constructor should read Env.system() and fail init (never fall back to defaults: "
                            + "a function that starts half-configured fails later, on a request); the runtime said: %s",
                            result)
                    .isTrue();
            assertThat(result.errorType())
                    .as("the runtime reports the class of what the constructor threw: ConfigurationException (a "
                            + "static field that reads the environment fails class loading with "
                            + "ExceptionInInitializerError instead, and your message is lost); the runtime said: %s",
                            result)
                    .isEqualTo(ConfigurationException.class.getName());
            assertThat(result.errorMessage()).as("the operator reads this message: name the variable and value")
                    .contains("MIN_PASSWORD_LENGTH", "twelve");
        }
    }
    // end::init-failure-test[]

    @Test
    @Tag("task:4")
    @DisplayName("In the real runtime, answers a valid and an invalid signup from one warm instance")
    void answersInTheRealRuntime() throws Exception {
        try (LocalLambda fn = function(Map.of("ALLOWED_EMAIL_DOMAINS", "example.com"))) {
            InvocationResult valid = fn.invoke(event("signup-valid.json"));
            InvocationResult invalid = fn.invoke(event("signup-invalid.json"));
            InvocationResult otherDomain = fn.invoke(
                    "{\"email\":\"ada@elsewhere.org\",\"password\":\"correct horse battery staple\","
                            + "\"displayName\":\"Ada\"}");
            InvocationResult notAString = fn.invoke("{\"email\":{\"address\":\"ada@example.com\"}}");
            InvocationResult afterwards = fn.invoke(event("signup-valid.json"));

            assertThat(valid.isSuccess()).as("the runtime's answer: %s", valid).isTrue();
            JsonNode accepted = JSON.readTree(valid.payload());
            assertThat(accepted.path("accepted").asBoolean()).as("response: %s", valid.payload()).isTrue();
            assertThat(accepted.path("user").path("email").asText()).as("the normalized email")
                    .isEqualTo("ada.lovelace@example.com");
            assertThat(accepted.path("requestId").asText()).as("the request id the runtime handed the handler")
                    .isEqualTo(valid.requestId());
            assertThat(valid.payload()).as("the password never goes back to the caller")
                    .doesNotContain("correct horse battery staple");

            JsonNode rejected = JSON.readTree(invalid.payload());
            assertThat(rejected.path("accepted").asBoolean()).as("response: %s", invalid.payload()).isFalse();
            assertThat(rejected.path("error").asText()).as("invalid fields are error invalid_signup")
                    .isEqualTo("invalid_signup");
            assertThat(rejected.path("problems")).as("one problem per invalid field, all of them").hasSize(3);

            assertThat(JSON.readTree(otherDomain.payload()).path("problems").path(0).path("code").asText())
                    .as("ALLOWED_EMAIL_DOMAINS came from the process environment, read by the no-arg constructor")
                    .isEqualTo("domain_not_allowed");
            assertThat(notAString.errorType())
                    .as("an object where a string belongs never reaches the handler: the runtime's deserializer "
                            + "refuses it and the caller gets its error document (Lambda's documented behaviour); %s",
                            notAString)
                    .isEqualTo("java.lang.RuntimeException");
            assertThat(afterwards.isSuccess()).as("the instance still answers after that: %s", afterwards).isTrue();
            assertThat(fn.coldStarts()).as("one execution environment served them all").isEqualTo(1);
        }
    }

    @Test
    @Tag("task:4")
    @DisplayName("In the real runtime, writes JSON log lines: cold first, then warm, never the password")
    void logsInTheRealRuntime() throws Exception {
        try (LocalLambda fn = function(Map.of("ALLOWED_EMAIL_DOMAINS", "*"))) {
            InvocationResult first = fn.invoke(event("signup-valid.json"));
            InvocationResult second = fn.invoke(event("signup-valid.json"));

            // The runtime hands back each invocation's own lines, complete when invoke returns.
            JsonNode cold = onlyJsonLine(first);
            JsonNode warm = onlyJsonLine(second);
            assertThat(cold.path("requestId").asText()).as("the line carries the invocation's request id")
                    .isEqualTo(first.requestId());
            assertThat(cold.path("coldStart").asBoolean()).as("the first invocation of an environment is cold")
                    .isTrue();
            assertThat(warm.path("requestId").asText()).as("the line carries the invocation's request id")
                    .isEqualTo(second.requestId());
            assertThat(warm.path("coldStart").asBoolean()).as("the second invocation is warm").isFalse();
            assertThat(String.join("\n", fn.logs())).as("never the password or the name, init included")
                    .doesNotContain("correct horse battery staple", "Lovelace");
        }
    }
}
