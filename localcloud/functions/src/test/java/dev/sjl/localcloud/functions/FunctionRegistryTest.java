package dev.sjl.localcloud.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.sjl.localcloud.functions.fixtures.ShoutHandler;
import dev.sjl.localcloud.lambda.LocalLambda;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@SuppressWarnings("try")
class FunctionRegistryTest {
    private final FunctionRegistry registry = new FunctionRegistry();

    @AfterEach
    void close() {
        registry.close();
    }

    @Test
    @DisplayName("Feeds a RequestHandler the type its handleRequest declares and writes its result as the runtime does")
    void inProcessHandler() {
        try (var r = registry.register("shout", Functions.handler(new ShoutHandler()))) {
            Invocation invocation = registry.invoke("shout", "{\"text\":\"hi\"}");
            assertThat(invocation.succeeded()).isTrue();
            assertThat(invocation.response()).contains("\"shout\":\"HI\"").contains("\"function\":\"shout\"");
            assertThat(registry.find("shout").orElseThrow().handler()).isEqualTo(ShoutHandler.class.getName() + "::handleRequest");
        }
    }

    @Test
    @DisplayName("Reads an aws-lambda-java-events class with the runtime's mix-ins (eventSourceARN, messageAttributes)")
    void eventClassesUseTheRuntimesMixins() {
        String event = """
                {"Records":[{"messageId":"m1","body":"hello","eventSourceARN":"arn:aws:sqs:us-east-1:000000000000:q",
                 "messageAttributes":{"kind":{"stringValue":"A","stringListValues":[],"binaryListValues":[],"dataType":"String"}}}]}""";
        SQSEvent sqs = RuntimeSerialization.fromJson(event, SQSEvent.class);
        assertThat(sqs.getRecords().get(0).getEventSourceArn()).isEqualTo("arn:aws:sqs:us-east-1:000000000000:q");
        assertThat(sqs.getRecords().get(0).getMessageAttributes().get("kind").getStringValue()).isEqualTo("A");
    }

    @Test
    @DisplayName("Reports a thrown exception as the invocation's error, and records every invocation in order")
    void errorsAndRecords() {
        try (var r = registry.register("shout", Functions.handler(new ShoutHandler()))) {
            registry.invoke("shout", "{\"text\":\"a\"}");
            Invocation failed = registry.invoke("arn:aws:lambda:us-east-1:000000000000:function:shout:$LATEST", "{}");
            assertThat(failed.errorType()).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(failed.errorMessage()).isEqualTo("nothing to shout");
            assertThat(failed.errorDocument()).isEqualTo("{\"errorMessage\":\"nothing to shout\",\"errorType\":\"java.lang.IllegalArgumentException\"}");
            assertThat(registry.invocations("shout")).extracting(Invocation::payload).containsExactly("{\"text\":\"a\"}", "{}");
        }
    }

    @Test
    @DisplayName("Cuts a function off at its timeout with Lambda's Sandbox.Timedout")
    void timeout() {
        try (var r = registry.register("slow", (payload, context) -> {
            Thread.sleep(5_000);
            return payload;
        }, Duration.ofMillis(200), 128)) {
            Invocation invocation = registry.invoke("slow", "{}");
            assertThat(invocation.errorType()).isEqualTo("Sandbox.Timedout");
            assertThat(invocation.errorMessage()).contains("Task timed out after 0.20 seconds");
        }
    }

    @Test
    @DisplayName("Builds a handler class once, on its first invocation; a stream handler gets the payload's bytes")
    void handlerClassAndStreams() throws Exception {
        int before = ShoutHandler.instances;
        try (var r = registry.register("shout", Functions.handlerClass(ShoutHandler.class));
             var s = registry.register("echo", Functions.streamHandler((RequestStreamHandler) (in, out, ctx) -> out.write(in.readAllBytes())))) {
            assertThat(ShoutHandler.instances).as("not built before its first invocation (its init)").isEqualTo(before);
            registry.invoke("shout", "{\"text\":\"a\"}");
            registry.invoke("shout", "{\"text\":\"b\"}");
            assertThat(ShoutHandler.instances).isEqualTo(before + 1);
            assertThat(registry.invoke("echo", "{\"é\":1}").response()).isEqualTo(new String("{\"é\":1}".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> Functions.handlerClass(String.class)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("neither RequestHandler nor RequestStreamHandler");
    }

    @Test
    @DisplayName("Refuses a second function under a name, a name Lambda refuses, and an unknown function")
    void registration() {
        try (var r = registry.register("a", Functions.json(p -> p))) {
            assertThatThrownBy(() -> registry.register("a", Functions.json(p -> p))).isInstanceOf(IllegalStateException.class);
        }
        assertThat(registry.list()).isEmpty();
        assertThatThrownBy(() -> registry.register("bad name", Functions.json(p -> p))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.invoke("ghost", "{}")).isInstanceOf(FunctionNotFoundException.class)
                .hasMessage("Function not found: arn:aws:lambda:us-east-1:000000000000:function:ghost");
        assertThat(List.of(FunctionRegistry.functionName("f:prod"), FunctionRegistry.functionName("000000000000:function:f"),
                FunctionRegistry.functionName("arn:aws:lambda:us-east-1:000000000000:function:f"))).containsOnly("f");
    }

    @Test
    @DisplayName("Retries a failed asynchronous invocation twice, with the same request id")
    void asyncRetries() throws Exception {
        registry.asyncRetryDelay(Duration.ofMillis(20));
        AtomicInteger calls = new AtomicInteger();
        try (var r = registry.register("flaky", (payload, context) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("down");
        })) {
            String id = registry.invokeAsync("flaky", "{}");
            List<Invocation> attempts = registry.awaitInvocations("flaky", 3, Duration.ofSeconds(5));
            assertThat(attempts).hasSize(3).extracting(Invocation::requestId).containsOnly(id);
            Thread.sleep(200);
            assertThat(calls).as("no fourth attempt").hasValue(3);
        }
    }

    @Test
    @DisplayName("Runs a handler out of process through the runtime interface client (LocalLambda), errors included")
    void outOfProcess() {
        try (LocalLambda lambda = LocalLambda.builder(ShoutHandler.class.getName() + "::handleRequest").functionName("shout")
                .timeout(Duration.ofSeconds(30)).initTimeout(Duration.ofSeconds(60)).build();
             var r = registry.register("shout", Functions.outOfProcess(lambda), Duration.ofSeconds(60), 512)) {
            Invocation ok = registry.invoke("shout", "{\"text\":\"far\"}");
            assertThat(ok.response()).as(ok.toString()).contains("\"shout\":\"FAR\"");
            Invocation failed = registry.invoke("shout", "{}");
            assertThat(failed.errorType()).isEqualTo(IllegalArgumentException.class.getName());
            assertThat(failed.errorMessage()).isEqualTo("nothing to shout");
        }
    }
}
