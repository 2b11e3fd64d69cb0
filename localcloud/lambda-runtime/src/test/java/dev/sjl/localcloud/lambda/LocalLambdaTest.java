package dev.sjl.localcloud.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Runs real handlers in a child JVM through the official runtime interface client. */
@Timeout(120)
class LocalLambdaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ECHO = "dev.sjl.localcloud.lambda.fixtures.EchoHandler::handleRequest";
    private static final String CHATTY = "dev.sjl.localcloud.lambda.fixtures.ChattyHandler::handleRequest";
    private static final String MISBEHAVING = "dev.sjl.localcloud.lambda.fixtures.MisbehavingHandler::handleRequest";

    private static LocalLambda.Builder function(String handler) {
        // Generous: a loaded build machine must not turn a slow JVM start into a failed test.
        return LocalLambda.builder(handler).timeout(Duration.ofSeconds(30)).initTimeout(Duration.ofSeconds(60));
    }

    @Test
    @DisplayName("Runs the handler out of process and returns its response, with Lambda's context and environment")
    void invokesOutOfProcess() throws Exception {
        try (LocalLambda fn = function(ECHO).functionName("echo").memoryMb(256).env("GREETING", "hello").build()) {
            InvocationResult result = fn.invoke("{\"name\":\"Ada\"}");

            assertThat(result.isSuccess()).as("invocation outcome: %s", result).isTrue();
            JsonNode body = JSON.readTree(result.payload());
            assertThat(body.path("event").path("name").asText()).isEqualTo("Ada");
            assertThat(body.path("requestId").asText()).isEqualTo(result.requestId());
            assertThat(body.path("functionName").asText()).isEqualTo("echo");
            assertThat(body.path("functionArn").asText())
                    .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:echo");
            assertThat(body.path("memoryLimitInMB").asInt()).isEqualTo(256);
            assertThat(body.path("remainingTimeInMillis").asInt()).isBetween(1, 30_000);
            assertThat(body.path("greeting").asText()).isEqualTo("hello");
            assertThat(JSON.convertValue(body.path("environmentNames"), String[].class))
                    .as("the child sees Lambda's variables and the function's own, nothing from this machine")
                    .contains("AWS_LAMBDA_RUNTIME_API", "AWS_REGION", "_HANDLER", "GREETING")
                    .doesNotContain("HOME", "USER", "AWS_ACCESS_KEY_ID", "MAVEN_OPTS");
            assertThat(result.duration()).isPositive();
            assertThat(result.latency()).isGreaterThanOrEqualTo(result.duration());
            assertThat(fn.logs()).contains("echo " + result.requestId());
        }
    }

    @Test
    @DisplayName("Has every line an invocation printed in logs() when invoke returns, even with a slow log sink")
    void logsCompleteWhenInvokeReturns() {
        int lines = 40;
        // A slow consumer of lines (a console on a busy machine). When a background thread read the child's output,
        // invoke() could return while it was still behind, and logs() missed the invocation's last lines (lab 01
        // once saw 1 line of 2). The pause widens that window; with the output read at the outcome, it only slows
        // the test down, it cannot change what it sees.
        try (LocalLambda fn = function(CHATTY).logSink(line -> pause()).build()) {
            InvocationResult first = fn.invoke("{\"lines\":" + lines + "}");

            assertThat(fn.logs().stream().filter(line -> line.startsWith(first.requestId())))
                    .as("every line the first invocation printed, when invoke returns; all output: %s", fn.logs())
                    .hasSize(lines);
            assertThat(first.logs()).as("the invocation's own lines, stdout and stderr in the order written")
                    .containsExactlyElementsOf(numbered(first.requestId(), lines));
        }
    }

    @Test
    @DisplayName("Hands each invocation its own log lines: not the init's, not another invocation's")
    void logsPerInvocation() {
        try (LocalLambda fn = function(CHATTY).build()) {
            InvocationResult first = fn.invoke("{\"lines\":3,\"unterminated\":1}");
            InvocationResult second = fn.invoke("{\"lines\":2}");

            assertThat(first.logs()).as("init lines belong to no invocation; a last line without its newline is kept")
                    .containsExactly(first.requestId() + " line 1 of 3", first.requestId() + " line 2 of 3",
                            first.requestId() + " line 3 of 3", first.requestId() + " no newline at the end");
            assertThat(second.logs()).containsExactlyElementsOf(numbered(second.requestId(), 2));
            assertThat(fn.logs()).as("init first, its unterminated line on its own, then the invocations")
                    .startsWith("init line", "init without a newline", first.requestId() + " line 1 of 3")
                    .hasSize(2 + 4 + 2);
        }
    }

    @Test
    @DisplayName("Gives an invocation whose init failed the init's output, stack trace included")
    void initFailureLogs() {
        try (LocalLambda fn = function("dev.sjl.localcloud.lambda.fixtures.FailingInitHandler::handleRequest")
                .build()) {
            InvocationResult result = fn.invoke("\"hi\"");

            assertThat(result.initError()).as("outcome: %s", result).isTrue();
            assertThat(String.join("\n", result.logs())).as("what the runtime printed while its init failed")
                    .contains("GREETING is not set");
        }
    }

    private static List<String> numbered(String requestId, int lines) {
        List<String> expected = new ArrayList<>();
        for (int i = 1; i <= lines; i++) {
            expected.add(requestId + " line " + i + " of " + lines);
        }
        return expected;
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @DisplayName("Keeps the execution environment warm between invocations and measures its init once")
    void reusesTheEnvironment() {
        try (LocalLambda fn = function(ECHO).build()) {
            assertThat(fn.initDuration()).isEmpty();
            for (int i = 0; i < 3; i++) {
                assertThat(fn.invoke("{}").isSuccess()).isTrue();
            }
            assertThat(fn.coldStarts()).isEqualTo(1);
            assertThat(fn.initDuration()).hasValueSatisfying(d -> assertThat(d).isPositive());
        }
    }

    @Test
    @DisplayName("Reports a handler's exception as the error document, and the environment stays up")
    void handlerException() throws Exception {
        try (LocalLambda fn = function(MISBEHAVING).build()) {
            InvocationResult failed = fn.invoke("{\"do\":\"throw\"}");

            assertThat(failed.isSuccess()).isFalse();
            assertThat(failed.initError()).isFalse();
            assertThat(failed.errorType()).isEqualTo("java.lang.IllegalArgumentException");
            assertThat(failed.errorMessage()).isEqualTo("the event is not acceptable");
            assertThat(JSON.readTree(failed.payload()).path("errorType").asText())
                    .isEqualTo("java.lang.IllegalArgumentException");
            assertThat(fn.invoke("{}").payload()).isEqualTo("\"ok\"");
            assertThat(fn.coldStarts()).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("Reports an init failure with the constructor's message, without waiting for a timeout")
    void initFailure() {
        try (LocalLambda fn = function("dev.sjl.localcloud.lambda.fixtures.FailingInitHandler::handleRequest")
                .timeout(Duration.ofMinutes(15)).initTimeout(Duration.ofMinutes(10)).build()) {
            InvocationResult result = fn.invoke("\"hi\"");

            assertThat(result.initError()).as("outcome: %s", result).isTrue();
            assertThat(result.errorMessage()).contains("GREETING is not set");
            assertThat(result.duration()).as("the runtime never took the invocation").isNull();
            assertThat(result.latency()).as("noticed when the runtime exited, not at a timeout")
                    .isLessThan(Duration.ofMinutes(5));
        }
    }

    @Test
    @DisplayName("Notices a runtime that dies mid-invocation, and starts a new environment for the next one")
    void crashedRuntime() {
        try (LocalLambda fn = function(MISBEHAVING).timeout(Duration.ofMinutes(15)).build()) {
            InvocationResult crashed = fn.invoke("{\"do\":\"halt\"}");

            assertThat(crashed.errorType()).isEqualTo("Runtime.ExitError");
            assertThat(crashed.errorMessage()).contains("exit status 3");
            assertThat(crashed.latency()).isLessThan(Duration.ofMinutes(5));
            assertThat(fn.invoke("{}").isSuccess()).isTrue();
            assertThat(fn.coldStarts()).as("a crashed environment is replaced: a second cold start").isEqualTo(2);
        }
    }

    @Test
    @DisplayName("Kills the runtime when an invocation outlives the timeout, then cold-starts a new one")
    void timeout() {
        try (LocalLambda fn = function(MISBEHAVING).timeout(Duration.ofSeconds(5)).build()) {
            assertThat(fn.invoke("{}").isSuccess()).isTrue();
            ProcessHandle first = fn.currentProcess().orElseThrow();

            InvocationResult timedOut = fn.invoke("{\"do\":\"hang\"}");

            assertThat(timedOut.errorType()).isEqualTo("Sandbox.Timedout");
            assertThat(timedOut.errorMessage()).contains("Task timed out after 5.00 seconds");
            assertThat(first.isAlive()).as("the hung JVM is killed").isFalse();
            assertThat(fn.invoke("{}").isSuccess()).isTrue();
            assertThat(fn.coldStarts()).isEqualTo(2);
        }
    }

    @Test
    @DisplayName("Refuses a request over 6 MB before any environment starts, as the Invoke API does")
    void requestTooLarge() {
        try (LocalLambda fn = function(ECHO).build()) {
            InvocationResult result = fn.invoke("\"" + "x".repeat(6 * 1024 * 1024) + "\"");

            assertThat(result.errorType()).isEqualTo("RequestEntityTooLargeException");
            assertThat(result.errorMessage()).contains("6291456 bytes");
            assertThat(fn.coldStarts()).isZero();
        }
    }

    @Test
    @DisplayName("Fails late on a response over 6 MB: the handler ran, the caller still gets an error")
    void responseTooLarge() {
        try (LocalLambda fn = function(MISBEHAVING).build()) {
            InvocationResult result = fn.invoke("{\"do\":\"huge\"}");

            assertThat(result.errorType()).isEqualTo("Function.ResponseSizeTooLarge");
            assertThat(result.duration()).as("the function did run").isNotNull();
        }
    }

    @Test
    @DisplayName("Kills the child JVM on close")
    void closeKillsTheChild() {
        LocalLambda fn = function(ECHO).build();
        assertThat(fn.start()).isPresent();
        ProcessHandle child = fn.currentProcess().orElseThrow();
        assertThat(child.isAlive()).isTrue();

        fn.close();

        assertThat(child.isAlive()).isFalse();
        assertThatThrownBy(() -> fn.invoke("{}")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    @DisplayName("Refuses a configuration Lambda would refuse: reserved names, over 4 KB, out-of-range settings")
    void refusesWhatLambdaRefuses() {
        LocalLambda.Builder builder = LocalLambda.builder(ECHO);
        assertThatThrownBy(() -> builder.env("AWS_REGION", "eu-west-1")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> builder.timeout(Duration.ofMinutes(16))).hasMessageContaining("15 minutes");
        assertThatThrownBy(() -> builder.timeout(Duration.ZERO)).hasMessageContaining("15 minutes");
        assertThatThrownBy(() -> builder.memoryMb(127)).hasMessageContaining("128 to 10240");
        assertThatThrownBy(() -> builder.memoryMb(10_241)).hasMessageContaining("128 to 10240");
        assertThatThrownBy(() -> builder.initTimeout(Duration.ZERO)).hasMessageContaining("positive");

        // {"BIG":"xxx…"} is 10 bytes of JSON around the value: 4086 characters fit exactly.
        assertThat(LocalLambda.builder(ECHO).env("BIG", "x".repeat(4086)).build()).isNotNull();
        assertThatThrownBy(() -> LocalLambda.builder(ECHO).env("BIG", "x".repeat(4087)).build())
                .hasMessageContaining("4097 bytes").hasMessageContaining("4096");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    @DisplayName("Loads the runtime client's native library from a private copy, never the /tmp file every runtime "
            + "rewrites")
    void privateNativeLibrary() throws Exception {
        try (LocalLambda fn = function(ECHO).build()) {
            assertThat(fn.invoke("{}").isSuccess()).isTrue();
            long pid = fn.currentProcess().orElseThrow().pid();

            String maps = Files.readString(Path.of("/proc/" + pid + "/maps"));

            assertThat(maps).as("the child's mapped files").contains("/libaws-lambda-jni.so")
                    .doesNotContain("/tmp/.libaws-lambda-jni.so");
        }
    }

    @Test
    @DisplayName("Starts several execution environments at once, each through its init (the runtime client's shared "
            + "/tmp library failed about one start in three this way)")
    void concurrentColdStarts() throws Exception {
        int environments = 4;
        ExecutorService starts = Executors.newFixedThreadPool(environments);
        List<LocalLambda> functions = new ArrayList<>();
        try {
            for (int i = 0; i < environments; i++) {
                functions.add(function(ECHO).functionName("echo-" + i).build());
            }
            List<Future<InvocationResult>> results = new ArrayList<>();
            for (LocalLambda fn : functions) {
                results.add(starts.submit(() -> fn.invoke("{}")));
            }
            for (int i = 0; i < environments; i++) {
                InvocationResult result = results.get(i).get();
                assertThat(result.isSuccess()).as("environment %d: %s; its output: %s", i, result,
                        functions.get(i).logs()).isTrue();
            }
        } finally {
            starts.shutdownNow();
            functions.forEach(LocalLambda::close);
        }
    }

    @Test
    @DisplayName("Resolves relative classpath entries before the child changes directory")
    void absoluteClasspath() {
        String separator = java.io.File.pathSeparator;
        String resolved = Sandbox.absolute("target/classes" + separator + separator + "/opt/lib.jar");

        assertThat(resolved.split(separator)).containsExactly(
                java.nio.file.Path.of("target/classes").toAbsolutePath().toString(), "/opt/lib.jar");
    }

    @Test
    @DisplayName("Names the function after the handler's class unless told otherwise")
    void defaultFunctionName() throws Exception {
        try (LocalLambda fn = function(ECHO).build()) {
            assertThat(JSON.readTree(fn.invoke("{}").payload()).path("functionName").asText())
                    .isEqualTo("EchoHandler");
        }
    }
}
