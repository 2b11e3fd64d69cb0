package dev.sjl.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.localcloud.EventSourceMapping;
import dev.sjl.localcloud.EventSourceMappings;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@Tag("task:4")
@LocalCloudTest(services = {Service.SQS, Service.LAMBDA})
class WelcomeSequenceTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> STEPS = List.of("welcome", "verify-email", "complete-profile");

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("the body must be JSON: " + body);
        }
    }

    @Test
    @DisplayName("Creates a FIFO queue with content-based deduplication and a visibility six times the function's timeout")
    void fifoQueueAttributes() {
        Map<QueueAttributeName, String> attributes = WelcomeSequence.queueAttributes(Duration.ofSeconds(5));

        assertThat(attributes).as("a FIFO queue (FifoQueue true) with ContentBasedDeduplication true")
                .containsEntry(QueueAttributeName.FIFO_QUEUE, "true")
                .containsEntry(QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true");
        assertThat(attributes).as("visibility timeout must be at least 6 × the function timeout").containsEntry(QueueAttributeName.VISIBILITY_TIMEOUT, "30");
    }

    @Test
    @DisplayName("Delivers each user's steps in order, in a message group per user, and drops a repeated send")
    void orderPerUser(LocalCloud cloud, SqsClient sqs, FunctionRegistry functions, EventSourceMappings mappings, TestResources resources) throws Exception {
        String url = sqs.createQueue(b -> b.queueName(resources.fifoName("welcome"))
                .attributes(WelcomeSequence.queueAttributes(Duration.ofSeconds(1)))).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        List<SQSMessage> seen = new CopyOnWriteArrayList<>();
        String function = resources.name("sequence-worker");
        WelcomeSequence sequence = new WelcomeSequence(sqs, url);
        List<String> users = List.of("user-a", "user-b", "user-c");

        for (String user : users) {
            sequence.send(user, STEPS);
        }
        // The same steps again within five minutes: a retried request, which content-based deduplication must drop.
        sequence.send("user-a", STEPS);

        try (var registration = functions.register(function, Functions.handler(SQSEvent.class, (event, context) -> {
            seen.addAll(event.getRecords());
            return null;
        }), Duration.ofSeconds(1), 512)) {
            String mapping = mappings.create(EventSourceMapping.of(arn, function).withBatchSize(4)).uuid();
            try {
                Await.until(() -> seen.size() >= users.size() * STEPS.size() && cloud.peekQueue(url).isEmpty(), "every user's steps must be delivered: "
                        + "content-based deduplication compares whole bodies, so each user's body must name the user",
                        functions, function);
            } finally {
                mappings.delete(mapping);
            }
        }

        for (String user : users) {
            List<SQSMessage> mine = seen.stream().filter(m -> json(m.getBody()).path("userId").asText().equals(user)).toList();
            assertThat(mine).as("the message group must be the user id: order holds within a group, and one user's "
                    + "group never waits for another's").allSatisfy(m -> assertThat(m.getAttributes().get("MessageGroupId")).isEqualTo(user));
            assertThat(mine).as("%s's steps in the order sent, each once: a repeat within five minutes is dropped by "
                    + "content-based deduplication", user).extracting(m -> json(m.getBody()).path("step").asText())
                    .containsExactlyElementsOf(STEPS);
            assertThat(mine).extracting(m -> json(m.getBody()).path("position").asInt()).as("positions count from 1")
                    .containsExactly(1, 2, 3);
        }
        assertThat(seen).as("nothing more than one message per user and step").hasSize(users.size() * STEPS.size());
    }
}
