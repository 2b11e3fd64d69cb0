package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingResponse;
import software.amazon.awssdk.services.lambda.model.FunctionResponseType;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Lambda's SQS event source mapping, driven through the real SQS and Lambda clients. */
@SuppressWarnings({"try", "unchecked"}) // try: resources that only scope a registration; unchecked: the SDK's varargs builders
@Tag("event-sources")
@LocalCloudTest(services = {Service.SQS, Service.LAMBDA})
class SqsEventSourceTest {

    private static String arn(SqsClient sqs, String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static List<String> bodies(List<SQSEvent> batches) {
        List<String> bodies = new ArrayList<>();
        batches.forEach(b -> b.getRecords().forEach(r -> bodies.add(r.getBody())));
        return bodies;
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    @DisplayName("Delivers messages as an SQSEvent (created with CreateEventSourceMapping) and deletes a batch the function handled")
    void deliversSqsEvents(SqsClient sqs, FunctionRegistry functions, LocalCloud cloud, TestResources resources) throws Exception {
        String url = sqs.createQueue(b -> b.queueName(resources.name("welcome"))).queueUrl();
        String queueArn = arn(sqs, url);
        List<SQSEvent> batches = new CopyOnWriteArrayList<>();
        String function = resources.name("welcome-worker");
        try (var registration = functions.register(function, Functions.handler(SQSEvent.class, (event, context) -> {
            batches.add(event);
            return null;
        })); LambdaClient lambda = LambdaInvokeEndpointTest.lambdaClient(cloud)) {
            CreateEventSourceMappingResponse mapping = lambda.createEventSourceMapping(b -> b.eventSourceArn(queueArn)
                    .functionName(function).batchSize(3).maximumBatchingWindowInSeconds(1));
            try {
                for (int i = 1; i <= 7; i++) {
                    int n = i;
                    sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"userId\":" + n + "}")
                            .messageAttributes(Map.of("kind", MessageAttributeValue.builder().dataType("String").stringValue("UserSignedUp").build())));
                }
                await(() -> bodies(batches).size() >= 7, "all 7 messages reached the function");

                assertThat(bodies(batches)).containsExactlyInAnyOrder("{\"userId\":1}", "{\"userId\":2}", "{\"userId\":3}",
                        "{\"userId\":4}", "{\"userId\":5}", "{\"userId\":6}", "{\"userId\":7}");
                assertThat(batches).as("no batch is larger than BatchSize").allSatisfy(b -> assertThat(b.getRecords()).hasSizeLessThanOrEqualTo(3));
                SQSMessage record = batches.get(0).getRecords().get(0);
                assertThat(record.getEventSource()).isEqualTo("aws:sqs");
                assertThat(record.getEventSourceArn()).isEqualTo(queueArn);
                assertThat(record.getAwsRegion()).isEqualTo("us-east-1");
                assertThat(record.getReceiptHandle()).isNotBlank();
                assertThat(record.getMd5OfBody()).hasSize(32);
                assertThat(record.getAttributes()).containsEntry("ApproximateReceiveCount", "1").containsKey("SentTimestamp");
                assertThat(record.getMessageAttributes().get("kind").getStringValue()).isEqualTo("UserSignedUp");
                assertThat(record.getMessageAttributes().get("kind").getDataType()).isEqualTo("String");
                await(() -> cloud.peekQueue(url).isEmpty(), "the handled messages were deleted");
                assertThat(lambda.getEventSourceMapping(b -> b.uuid(mapping.uuid())).state()).isEqualTo("Enabled");
                assertThat(lambda.listEventSourceMappings(b -> b.eventSourceArn(queueArn)).eventSourceMappings())
                        .extracting(m -> m.uuid()).containsExactly(mapping.uuid());
            } finally {
                lambda.deleteEventSourceMapping(b -> b.uuid(mapping.uuid()));
            }
        }
    }

    @Test
    @DisplayName("Returns only the batchItemFailures to the queue, redelivers them, and its redrive policy moves them to the DLQ")
    void partialBatchFailureThenDeadLetterQueue(SqsClient sqs, FunctionRegistry functions, EventSourceMappings mappings,
                                                LocalCloud cloud, TestResources resources) throws Exception {
        String dlqUrl = sqs.createQueue(b -> b.queueName(resources.name("emails-dlq"))).queueUrl();
        String url = sqs.createQueue(b -> b.queueName(resources.name("emails")).attributes(Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, "1",
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + arn(sqs, dlqUrl) + "\",\"maxReceiveCount\":\"2\"}"))).queueUrl();
        List<String> delivered = new CopyOnWriteArrayList<>();
        String function = resources.name("email-worker");
        // Lambda refuses a queue whose visibility timeout is shorter than the function's timeout.
        try (var registration = functions.register(function, Functions.handler(SQSEvent.class, (event, context) -> {
            List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
            for (SQSMessage message : event.getRecords()) {
                delivered.add(message.getBody());
                if (message.getBody().contains("bounce")) {
                    failures.add(new SQSBatchResponse.BatchItemFailure(message.getMessageId()));
                }
            }
            return new SQSBatchResponse(failures);
        }), Duration.ofSeconds(1), 512)) {
            EventSourceMapping mapping = mappings.create(EventSourceMapping.of(arn(sqs, url), function).withReportBatchItemFailures(true));
            try {
                sqs.sendMessage(b -> b.queueUrl(url).messageBody("ada@example.com"));
                sqs.sendMessage(b -> b.queueUrl(url).messageBody("bounce@example.com"));

                await(() -> cloud.peekQueue(dlqUrl).size() == 1, "the failing message reached the dead-letter queue");
                assertThat(delivered.stream().filter("ada@example.com"::equals))
                        .as("a message the function handled is deleted: delivered once").hasSize(1);
                assertThat(delivered.stream().filter("bounce@example.com"::equals))
                        .as("a reported failure comes back after the visibility timeout until maxReceiveCount (2)").hasSize(2);
                assertThat(cloud.peekQueue(dlqUrl)).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("bounce@example.com"));
                assertThat(cloud.peekQueue(url)).as("nothing is left in the source queue").isEmpty();
            } finally {
                mappings.delete(mapping.uuid());
            }
        }
    }

    @Test
    @DisplayName("Returns the whole batch when the function throws, so a message can reach the function twice (at least once)")
    void errorReturnsWholeBatch(SqsClient sqs, FunctionRegistry functions, EventSourceMappings mappings, LocalCloud cloud,
                                TestResources resources) throws Exception {
        String url = sqs.createQueue(b -> b.queueName(resources.name("orders"))
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "1"))).queueUrl();
        List<SQSEvent> batches = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        String function = resources.name("order-worker");
        try (var registration = functions.register(function, Functions.handler(SQSEvent.class, (event, context) -> {
            batches.add(event);
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("payment service timed out");
            }
            return null;
        }), Duration.ofSeconds(1), 512)) {
            sqs.sendMessageBatch(b -> b.queueUrl(url).entries(e -> e.id("1").messageBody("order-1"), e -> e.id("2").messageBody("order-2")));
            EventSourceMapping mapping = mappings.create(EventSourceMapping.of(arn(sqs, url), function));
            try {
                await(() -> bodies(batches).size() >= 4 && cloud.peekQueue(url).isEmpty(), "both messages were delivered again and deleted");
                assertThat(bodies(batches)).as("the failed batch came back whole: each order twice")
                        .containsExactlyInAnyOrder("order-1", "order-2", "order-1", "order-2");
                assertThat(batches.get(batches.size() - 1).getRecords())
                        .allSatisfy(r -> assertThat(r.getAttributes().get("ApproximateReceiveCount")).isEqualTo("2"));
                assertThat(functions.invocations(function)).first().satisfies(i -> assertThat(i.errorMessage()).isEqualTo("payment service timed out"));
            } finally {
                mappings.delete(mapping.uuid());
            }
        }
    }

    @Test
    @DisplayName("Keeps a FIFO queue's order within each message group")
    void fifoOrderPerGroup(SqsClient sqs, FunctionRegistry functions, EventSourceMappings mappings, TestResources resources) throws Exception {
        String url = sqs.createQueue(b -> b.queueName(resources.fifoName("ledger"))
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true", QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true"))).queueUrl();
        List<SQSMessage> seen = new CopyOnWriteArrayList<>();
        String function = resources.name("ledger-worker");
        try (var registration = functions.register(function, Functions.handler(SQSEvent.class, (event, context) -> {
            seen.addAll(event.getRecords());
            return null;
        }))) {
            for (int i = 1; i <= 4; i++) {
                for (String account : List.of("acct-a", "acct-b")) {
                    String body = account + ":" + i;
                    sqs.sendMessage(b -> b.queueUrl(url).messageBody(body).messageGroupId(account));
                }
            }
            EventSourceMapping mapping = mappings.create(EventSourceMapping.of(arn(sqs, url), function).withBatchSize(3));
            try {
                await(() -> seen.size() >= 8, "all 8 messages were delivered");
                for (String account : List.of("acct-a", "acct-b")) {
                    assertThat(seen.stream().filter(m -> m.getAttributes().get("MessageGroupId").equals(account)).map(SQSMessage::getBody))
                            .as("group " + account + " in the order it was sent")
                            .containsExactly(account + ":1", account + ":2", account + ":3", account + ":4");
                }
            } finally {
                mappings.delete(mapping.uuid());
            }
        }
    }

    @Test
    @DisplayName("Stops polling while disabled (UpdateEventSourceMapping Enabled=false) and picks the messages up when enabled again")
    void disableAndEnable(SqsClient sqs, FunctionRegistry functions, LocalCloud cloud, TestResources resources) throws Exception {
        String url = sqs.createQueue(b -> b.queueName(resources.name("paused"))).queueUrl();
        List<String> bodies = new CopyOnWriteArrayList<>();
        String function = resources.name("paused-worker");
        try (var registration = functions.register(function, Functions.handler(SQSEvent.class, (event, context) -> {
            event.getRecords().forEach(r -> bodies.add(r.getBody()));
            return null;
        })); LambdaClient lambda = LambdaInvokeEndpointTest.lambdaClient(cloud)) {
            String uuid = lambda.createEventSourceMapping(b -> b.eventSourceArn(arn(sqs, url)).functionName(function).enabled(false)).uuid();
            try {
                assertThat(lambda.getEventSourceMapping(b -> b.uuid(uuid)).state()).isEqualTo("Disabled");
                sqs.sendMessage(b -> b.queueUrl(url).messageBody("while paused"));
                Thread.sleep(1500); // a poller that ignored Enabled=false would have taken it by now
                assertThat(cloud.peekQueue(url)).as("a disabled mapping receives nothing").singleElement()
                        .satisfies(m -> assertThat(m.receiveCount()).isZero());

                assertThat(lambda.updateEventSourceMapping(b -> b.uuid(uuid).enabled(true)).state()).isEqualTo("Enabled");
                await(() -> bodies.contains("while paused"), "the message was delivered once enabled");
            } finally {
                lambda.deleteEventSourceMapping(b -> b.uuid(uuid));
            }
        }
    }

    @Test
    @DisplayName("Refuses what Lambda refuses: a batch over 10 without a window, a visibility timeout below the function's, an unknown function")
    void validation(SqsClient sqs, FunctionRegistry functions, LocalCloud cloud, TestResources resources) throws Exception {
        String url = sqs.createQueue(b -> b.queueName(resources.name("big"))).queueUrl();
        String shortUrl = sqs.createQueue(b -> b.queueName(resources.name("short"))
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "2"))).queueUrl();
        String function = resources.name("big-worker");
        try (var registration = functions.register(function, Functions.json(payload -> "null"));
             LambdaClient lambda = LambdaInvokeEndpointTest.lambdaClient(cloud)) {
            assertThatThrownBy(() -> lambda.createEventSourceMapping(b -> b.eventSourceArn(arn(sqs, url)).functionName(function).batchSize(50)))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageContaining("Maximum batch window in seconds must be greater than 0");
            assertThatThrownBy(() -> lambda.createEventSourceMapping(b -> b.eventSourceArn(arn(sqs, shortUrl)).functionName(function)))
                    .isInstanceOf(InvalidParameterValueException.class)
                    .hasMessageContaining("Queue visibility timeout: 2 seconds is less than Function timeout: 3 seconds");
            assertThatThrownBy(() -> lambda.createEventSourceMapping(b -> b.eventSourceArn(arn(sqs, url)).functionName("nobody")
                    .functionResponseTypes(FunctionResponseType.REPORT_BATCH_ITEM_FAILURES)))
                    .isInstanceOf(software.amazon.awssdk.services.lambda.model.ResourceNotFoundException.class);
        }
    }
}
