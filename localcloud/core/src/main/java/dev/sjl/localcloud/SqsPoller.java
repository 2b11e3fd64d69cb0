package dev.sjl.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Invocation;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Lambda's SQS poller for one mapping. It long-polls the queue, gathers up to the batch size within the batching
 * window, and invokes the function with an {@code SQSEvent}. As on AWS
 * (<a href="https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html">Using Lambda with Amazon SQS</a>):
 * a batch the function handled is deleted; an error leaves every message in the queue, where it becomes visible
 * again after the queue's visibility timeout, its receive count grows, and the queue's redrive policy moves it to
 * the dead-letter queue after {@code maxReceiveCount} receives. With {@code ReportBatchItemFailures} only the
 * messages named in {@code batchItemFailures} stay. Delivery is at least once: a message may reach the function
 * again. Batches go one at a time, so a FIFO queue's order within a message group holds.
 */
final class SqsPoller extends EventSourceMappings.Poller {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RECEIVE = 10;

    private final SqsClient sqs;
    private final String queueName;
    private final String region;
    private String queueUrl;

    SqsPoller(EventSourceMapping mapping, SqsClient sqs, FunctionRegistry functions) {
        super(mapping, functions);
        this.sqs = sqs;
        String[] arn = mapping.eventSourceArn().split(":");
        this.region = arn[3];
        this.queueName = arn[5];
    }

    @Override
    void pollOnce() {
        if (queueUrl == null) {
            queueUrl = sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
        }
        List<Message> batch = gather();
        if (batch.isEmpty() || !running) {
            return; // a batch received as the mapping stopped simply becomes visible again
        }
        Invocation invocation = functions.invoke(mapping.functionName(), event(batch).toString());
        Set<String> keep = failedIds(invocation, batch);
        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message message : batch) {
            if (!keep.contains(message.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(done.size()))
                        .receiptHandle(message.receiptHandle()).build());
            }
        }
        for (int i = 0; i < done.size(); i += MAX_RECEIVE) {
            List<DeleteMessageBatchRequestEntry> chunk = done.subList(i, Math.min(done.size(), i + MAX_RECEIVE));
            sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(chunk));
        }
        result(keep.isEmpty() ? "OK" : invocation.succeeded()
                ? "PROBLEM: " + keep.size() + " of " + batch.size() + " messages reported as failed"
                : "PROBLEM: Function call failed: " + invocation.errorType() + ": " + invocation.errorMessage());
    }

    /** Receives until the batch is full, or the window has passed with something in hand. */
    private List<Message> gather() {
        List<Message> batch = new ArrayList<>();
        long windowEnds = System.nanoTime() + mapping.maximumBatchingWindow().toNanos();
        while (running && batch.size() < mapping.batchSize()) {
            long left = windowEnds - System.nanoTime();
            if (!batch.isEmpty() && left <= 0) {
                break;
            }
            // Short waits keep the poller quick to stop; a window longer than a second is spent in several waits.
            int wait = batch.isEmpty() ? 1 : (int) Math.min(1, Math.max(0, left / 1_000_000_000L));
            int want = Math.min(MAX_RECEIVE, mapping.batchSize() - batch.size());
            List<Message> received = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(want)
                    .waitTimeSeconds(wait).messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                    .messageAttributeNames("All")).messages();
            if (batch.isEmpty() && !received.isEmpty()) {
                windowEnds = System.nanoTime() + mapping.maximumBatchingWindow().toNanos(); // the window opens with the first record
            }
            for (Message message : received) {
                // A message whose visibility ran out during a long window comes again: keep its newest receipt handle.
                batch.removeIf(m -> m.messageId().equals(message.messageId()));
                batch.add(message);
            }
            if (batch.isEmpty() && mapping.maximumBatchingWindow().isZero()) {
                return batch;
            }
            if (received.isEmpty() && mapping.maximumBatchingWindow().isZero()) {
                break;
            }
        }
        return batch;
    }

    /**
     * The messages to leave in the queue. Lambda treats a batch as a complete failure when the function failed, or
     * when its {@code batchItemFailures} is not valid JSON or names an empty, null or unknown {@code itemIdentifier};
     * a null or empty response or list is a complete success
     * (<a href="https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-errorhandling.html">Handling errors for an
     * SQS event source</a>).
     */
    private Set<String> failedIds(Invocation invocation, List<Message> batch) {
        Set<String> all = new HashSet<>();
        batch.forEach(m -> all.add(m.messageId()));
        if (!invocation.succeeded()) {
            return all;
        }
        if (!mapping.reportBatchItemFailures()) {
            return Set.of();
        }
        JsonNode response;
        try {
            response = JSON.readTree(invocation.response());
        } catch (java.io.IOException e) {
            return all;
        }
        if (response == null || response.isNull() || response.isEmpty()) {
            return Set.of();
        }
        JsonNode failures = response.get("batchItemFailures");
        if (failures == null || failures.isNull()) {
            return Set.of();
        }
        if (!failures.isArray()) {
            return all;
        }
        Set<String> failed = new HashSet<>();
        for (JsonNode failure : failures) {
            JsonNode id = failure.get("itemIdentifier");
            if (id == null || !id.isTextual() || id.asText().isEmpty() || !all.contains(id.asText())) {
                return all;
            }
            failed.add(id.asText());
        }
        return failed;
    }

    /** The {@code SQSEvent} JSON Lambda sends (the field names its Java runtime reads). */
    private ObjectNode event(List<Message> batch) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : batch) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            message.attributesAsStrings().forEach(attributes::put);
            ObjectNode messageAttributes = record.putObject("messageAttributes");
            for (Map.Entry<String, MessageAttributeValue> entry : message.messageAttributes().entrySet()) {
                MessageAttributeValue value = entry.getValue();
                ObjectNode attribute = messageAttributes.putObject(entry.getKey());
                if (value.stringValue() != null) {
                    attribute.put("stringValue", value.stringValue());
                }
                if (value.binaryValue() != null) {
                    attribute.put("binaryValue", Base64.getEncoder().encodeToString(value.binaryValue().asByteArray()));
                }
                attribute.putArray("stringListValues");
                attribute.putArray("binaryListValues");
                attribute.put("dataType", value.dataType());
            }
            record.put("md5OfBody", message.md5OfBody());
            if (message.md5OfMessageAttributes() != null) {
                record.put("md5OfMessageAttributes", message.md5OfMessageAttributes());
            }
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", mapping.eventSourceArn());
            record.put("awsRegion", region);
        }
        return event;
    }
}
