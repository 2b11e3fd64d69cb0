package dev.sjl.localcloud;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One event source mapping, as Lambda's {@code CreateEventSourceMapping} takes it and {@code GetEventSourceMapping}
 * describes it: a poller that reads an SQS queue or a DynamoDB stream and invokes a function with batches.
 *
 * @param uuid                       the mapping's id
 * @param eventSourceArn             the queue's or the stream's ARN
 * @param functionName               the registered function it invokes
 * @param batchSize                  most records per invocation (SQS 1–10,000, FIFO 1–10; streams 1–10,000)
 * @param maximumBatchingWindow      how long to gather records before invoking (0–300 s)
 * @param reportBatchItemFailures    {@code FunctionResponseTypes: ["ReportBatchItemFailures"]}
 * @param startingPosition           streams only: {@code TRIM_HORIZON} or {@code LATEST}
 * @param bisectBatchOnFunctionError streams only: split a failing batch in two and retry each half
 * @param maximumRetryAttempts       streams only: -1 (until the records expire) or 0–10,000
 * @param enabled                    whether it polls
 * @param lastModified               when it was created or changed
 */
public record EventSourceMapping(String uuid, String eventSourceArn, String functionName, int batchSize,
                                 Duration maximumBatchingWindow, boolean reportBatchItemFailures,
                                 String startingPosition, boolean bisectBatchOnFunctionError,
                                 int maximumRetryAttempts, boolean enabled, Instant lastModified) {

    public EventSourceMapping {
        Objects.requireNonNull(eventSourceArn, "eventSourceArn");
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(maximumBatchingWindow, "maximumBatchingWindow");
    }

    /** A mapping of {@code eventSourceArn} to {@code functionName} with Lambda's defaults, to adjust with the withers. */
    public static EventSourceMapping of(String eventSourceArn, String functionName) {
        return new EventSourceMapping(null, eventSourceArn, functionName, 0, Duration.ZERO, false, null, false, -1,
                true, null);
    }

    public EventSourceMapping withBatchSize(int size) {
        return new EventSourceMapping(uuid, eventSourceArn, functionName, size, maximumBatchingWindow,
                reportBatchItemFailures, startingPosition, bisectBatchOnFunctionError, maximumRetryAttempts, enabled, lastModified);
    }

    public EventSourceMapping withMaximumBatchingWindow(Duration window) {
        return new EventSourceMapping(uuid, eventSourceArn, functionName, batchSize, window,
                reportBatchItemFailures, startingPosition, bisectBatchOnFunctionError, maximumRetryAttempts, enabled, lastModified);
    }

    public EventSourceMapping withReportBatchItemFailures(boolean report) {
        return new EventSourceMapping(uuid, eventSourceArn, functionName, batchSize, maximumBatchingWindow,
                report, startingPosition, bisectBatchOnFunctionError, maximumRetryAttempts, enabled, lastModified);
    }

    public EventSourceMapping withStartingPosition(String position) {
        return new EventSourceMapping(uuid, eventSourceArn, functionName, batchSize, maximumBatchingWindow,
                reportBatchItemFailures, position, bisectBatchOnFunctionError, maximumRetryAttempts, enabled, lastModified);
    }

    public EventSourceMapping withBisectBatchOnFunctionError(boolean bisect) {
        return new EventSourceMapping(uuid, eventSourceArn, functionName, batchSize, maximumBatchingWindow,
                reportBatchItemFailures, startingPosition, bisect, maximumRetryAttempts, enabled, lastModified);
    }

    public EventSourceMapping withMaximumRetryAttempts(int attempts) {
        return new EventSourceMapping(uuid, eventSourceArn, functionName, batchSize, maximumBatchingWindow,
                reportBatchItemFailures, startingPosition, bisectBatchOnFunctionError, attempts, enabled, lastModified);
    }

    public EventSourceMapping withEnabled(boolean on) {
        return new EventSourceMapping(uuid, eventSourceArn, functionName, batchSize, maximumBatchingWindow,
                reportBatchItemFailures, startingPosition, bisectBatchOnFunctionError, maximumRetryAttempts, on, lastModified);
    }

    EventSourceMapping identified(String id, int size, Instant at) {
        return new EventSourceMapping(id, eventSourceArn, functionName, size, maximumBatchingWindow,
                reportBatchItemFailures, startingPosition, bisectBatchOnFunctionError, maximumRetryAttempts, enabled, at);
    }

    boolean isSqs() {
        return eventSourceArn.startsWith("arn:aws:sqs:");
    }

    boolean isDynamoDbStream() {
        return eventSourceArn.startsWith("arn:aws:dynamodb:") && eventSourceArn.contains("/stream/");
    }
}
