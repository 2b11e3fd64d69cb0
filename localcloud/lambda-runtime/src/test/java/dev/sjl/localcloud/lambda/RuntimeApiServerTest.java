package dev.sjl.localcloud.lambda;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The Runtime API spoken by hand, as a runtime would: poll, answer, report errors. */
@Timeout(60)
class RuntimeApiServerTest {

    private static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:test";
    private final RuntimeApiServer api = RuntimeApiServer.start(ARN);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        api.close();
    }

    private String url(String path) {
        return "http://" + api.address() + "/2018-06-01/runtime/" + path;
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path)))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("Listens on loopback with an ephemeral port")
    void loopback() {
        assertThat(api.address()).matches("127\\.0\\.0\\.1:\\d+").isNotEqualTo("127.0.0.1:0");
    }

    @Test
    @DisplayName("Runs the hand-out hook before the runtime receives an event, never while it waits for one")
    void handOutHook() throws Exception {
        java.util.concurrent.atomic.AtomicInteger handedOut = new java.util.concurrent.atomic.AtomicInteger();
        try (RuntimeApiServer hooked = RuntimeApiServer.start(ARN, handedOut::incrementAndGet)) {
            CompletableFuture<HttpResponse<String>> next = http.sendAsync(HttpRequest.newBuilder(URI.create(
                    "http://" + hooked.address() + "/2018-06-01/runtime/invocation/next")).build(),
                    HttpResponse.BodyHandlers.ofString());
            hooked.firstPoll().get();
            assertThat(handedOut).as("a runtime waiting on /next has been handed nothing yet").hasValue(0);

            hooked.submit("{}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5), System.nanoTime());

            assertThat(next.get().statusCode()).isEqualTo(200);
            assertThat(handedOut).as("the hook ran once, before the event went out").hasValue(1);
        }
    }

    @Test
    @DisplayName("Hands a queued invocation to /next with Lambda's headers and a content type")
    void nextInvocation() throws Exception {
        assertThat(api.firstPoll()).isNotDone();
        RuntimeApiServer.Invocation invocation =
                api.submit("{\"a\":1}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(5), System.nanoTime());
        long before = System.currentTimeMillis();

        HttpResponse<String> next = http.send(HttpRequest.newBuilder(URI.create(url("invocation/next"))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).isEqualTo("{\"a\":1}");
        assertThat(next.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(next.headers().firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue(invocation.requestId());
        assertThat(next.headers().firstValue("Lambda-Runtime-Invoked-Function-Arn")).hasValue(ARN);
        assertThat(next.headers().firstValue("Lambda-Runtime-Trace-Id").orElseThrow()).startsWith("Root=1-");
        long deadline = Long.parseLong(next.headers().firstValue("Lambda-Runtime-Deadline-Ms").orElseThrow());
        assertThat(deadline).isBetween(before + 4_000, System.currentTimeMillis() + 5_000);
        assertThat(api.firstPoll()).isDone();
        assertThat(invocation.taken()).isDone();
        assertThat(api.pending()).containsExactly(invocation);

        HttpResponse<String> posted = post("invocation/" + invocation.requestId() + "/response", "{\"ok\":true}");

        assertThat(posted.statusCode()).isEqualTo(202);
        InvocationResult result = invocation.result().get();
        assertThat(result.isSuccess()).isTrue();
        assertThat(result.payload()).isEqualTo("{\"ok\":true}");
        assertThat(result.duration()).isNotNull();
        assertThat(api.pending()).isEmpty();
    }

    @Test
    @DisplayName("Keeps /next waiting until there is work")
    void nextWaits() throws Exception {
        CompletableFuture<HttpResponse<String>> next = http.sendAsync(
                HttpRequest.newBuilder(URI.create(url("invocation/next"))).build(),
                HttpResponse.BodyHandlers.ofString());
        api.firstPoll().get();
        assertThat(next).isNotDone();

        RuntimeApiServer.Invocation invocation = api.submit(new byte[0], Duration.ofSeconds(3), System.nanoTime());

        assertThat(next.get().headers().firstValue("Lambda-Runtime-Aws-Request-Id")).hasValue(invocation.requestId());
    }

    @Test
    @DisplayName("Completes an invocation with the error document the runtime posts")
    void invocationError() throws Exception {
        RuntimeApiServer.Invocation invocation = api.submit(new byte[0], Duration.ofSeconds(3), System.nanoTime());
        http.send(HttpRequest.newBuilder(URI.create(url("invocation/next"))).build(),
                HttpResponse.BodyHandlers.discarding());

        HttpResponse<String> posted = post("invocation/" + invocation.requestId() + "/error",
                "{\"errorMessage\":\"boom\",\"errorType\":\"java.lang.IllegalStateException\"}");

        assertThat(posted.statusCode()).isEqualTo(202);
        InvocationResult result = invocation.result().get();
        assertThat(result.errorType()).isEqualTo("java.lang.IllegalStateException");
        assertThat(result.errorMessage()).isEqualTo("boom");
        assertThat(result.initError()).isFalse();
    }

    @Test
    @DisplayName("Takes the error type from the header when the body is not JSON")
    void errorTypeFromHeader() throws Exception {
        RuntimeApiServer.Invocation invocation = api.submit(new byte[0], Duration.ofSeconds(3), System.nanoTime());
        http.send(HttpRequest.newBuilder(URI.create(url("invocation/next"))).build(),
                HttpResponse.BodyHandlers.discarding());

        http.send(HttpRequest.newBuilder(URI.create(url("invocation/" + invocation.requestId() + "/error")))
                .header("Lambda-Runtime-Function-Error-Type", "Runtime.Custom")
                .POST(HttpRequest.BodyPublishers.ofString("not json")).build(), HttpResponse.BodyHandlers.discarding());

        InvocationResult result = invocation.result().get();
        assertThat(result.errorType()).isEqualTo("Runtime.Custom");
        assertThat(result.errorMessage()).isEqualTo("not json");
    }

    @Test
    @DisplayName("Records the init error a runtime reports")
    void initError() throws Exception {
        assertThat(api.initError()).isNull();

        HttpResponse<String> posted = post("init/error",
                "{\"errorMessage\":\"MIN_PASSWORD_LENGTH must be a whole number\",\"errorType\":\"x.ConfigError\"}");

        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(api.initError().type()).isEqualTo("x.ConfigError");
        assertThat(api.initError().message()).isEqualTo("MIN_PASSWORD_LENGTH must be a whole number");
    }

    @Test
    @DisplayName("Answers 400 for an unknown request id and 404 for an unknown resource")
    void unknownThings() throws Exception {
        assertThat(post("invocation/nope/response", "{}").statusCode()).isEqualTo(400);
        assertThat(post("invocation/nope/error", "{}").statusCode()).isEqualTo(400);
        assertThat(post("somewhere/else", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    @DisplayName("Refuses a response over 6 MB and fails the invocation with Function.ResponseSizeTooLarge")
    void responseTooLarge() throws Exception {
        RuntimeApiServer.Invocation invocation = api.submit(new byte[0], Duration.ofSeconds(3), System.nanoTime());
        http.send(HttpRequest.newBuilder(URI.create(url("invocation/next"))).build(),
                HttpResponse.BodyHandlers.discarding());

        HttpResponse<String> posted = post("invocation/" + invocation.requestId() + "/response",
                "x".repeat(RuntimeApiServer.MAX_SYNC_PAYLOAD_BYTES + 1));

        assertThat(posted.statusCode()).isEqualTo(413);
        assertThat(invocation.result().get().errorType()).isEqualTo("Function.ResponseSizeTooLarge");
    }

    @Test
    @DisplayName("Accepts a response of exactly 6 MB")
    void responseAtTheLimit() throws Exception {
        RuntimeApiServer.Invocation invocation = api.submit(new byte[0], Duration.ofSeconds(3), System.nanoTime());
        http.send(HttpRequest.newBuilder(URI.create(url("invocation/next"))).build(),
                HttpResponse.BodyHandlers.discarding());

        HttpResponse<String> posted = post("invocation/" + invocation.requestId() + "/response",
                "x".repeat(RuntimeApiServer.MAX_SYNC_PAYLOAD_BYTES));

        assertThat(posted.statusCode()).isEqualTo(202);
        assertThat(invocation.result().get().isSuccess()).isTrue();
    }
}
