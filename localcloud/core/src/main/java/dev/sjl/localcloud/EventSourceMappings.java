package dev.sjl.localcloud;

import dev.sjl.localcloud.functions.FunctionRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * Lambda's event source mappings: one poller thread per enabled mapping reads its SQS queue or DynamoDB stream
 * through the SDK v2 clients, as Lambda's pollers read them, and invokes the registered function with batches of
 * the real event JSON ({@code SQSEvent}, {@code DynamodbEvent}). Created from Java here, or with
 * {@code CreateEventSourceMapping} on the Lambda endpoint.
 */
public final class EventSourceMappings implements AutoCloseable {
    private final AwsClients clients;
    private final FunctionRegistry functions;
    private final Map<String, EventSourceMapping> mappings = new LinkedHashMap<>();
    private final Map<String, Poller> pollers = new LinkedHashMap<>();
    private boolean closed;

    EventSourceMappings(AwsClients clients, FunctionRegistry functions) {
        this.clients = clients;
        this.functions = functions;
    }

    /**
     * Creates a mapping and starts polling. Unset values take Lambda's defaults: batch size 10 for SQS, 100 for
     * streams; no batching window; streams retry until the records expire.
     *
     * @throws LambdaApiException {@code InvalidParameterValueException} for a value Lambda refuses,
     *                            {@code ResourceNotFoundException} for an unknown function
     */
    public synchronized EventSourceMapping create(EventSourceMapping request) {
        if (closed) {
            throw new IllegalStateException("The local cloud is closed");
        }
        String function = FunctionRegistry.functionName(request.functionName());
        if (functions.find(function).isEmpty()) {
            throw LambdaApiException.notFound("Function not found: " + functions.arn(function));
        }
        if (request.isSqs()) {
            checkVisibilityTimeout(request, function);
        }
        EventSourceMapping mapping = validated(request).identified(UUID.randomUUID().toString(),
                request.batchSize() == 0 ? (request.isSqs() ? 10 : 100) : request.batchSize(), Instant.now());
        mapping = new EventSourceMapping(mapping.uuid(), mapping.eventSourceArn(), function, mapping.batchSize(),
                mapping.maximumBatchingWindow(), mapping.reportBatchItemFailures(), mapping.startingPosition(),
                mapping.bisectBatchOnFunctionError(), mapping.maximumRetryAttempts(), mapping.enabled(), mapping.lastModified());
        if (mapping.enabled()) {
            start(mapping);
        }
        mappings.put(mapping.uuid(), mapping);
        return mapping;
    }

    /** Turns polling on or off ({@code UpdateEventSourceMapping}'s {@code Enabled}). */
    public synchronized EventSourceMapping setEnabled(String uuid, boolean enabled) {
        EventSourceMapping mapping = require(uuid);
        EventSourceMapping changed = mapping.withEnabled(enabled).identified(uuid, mapping.batchSize(), Instant.now());
        stop(uuid);
        if (enabled) {
            start(changed);
        }
        mappings.put(uuid, changed);
        return changed;
    }

    public synchronized Optional<EventSourceMapping> get(String uuid) {
        return Optional.ofNullable(mappings.get(uuid));
    }

    /** Every mapping, optionally only those of one event source or function (null for any). */
    public synchronized List<EventSourceMapping> list(String eventSourceArn, String functionName) {
        String function = functionName == null ? null : FunctionRegistry.functionName(functionName);
        List<EventSourceMapping> found = new ArrayList<>();
        for (EventSourceMapping mapping : mappings.values()) {
            if ((eventSourceArn == null || mapping.eventSourceArn().equals(eventSourceArn))
                    && (function == null || mapping.functionName().equals(function))) {
                found.add(mapping);
            }
        }
        return found;
    }

    /** Stops and forgets the mapping; a batch being processed finishes first. */
    public EventSourceMapping delete(String uuid) {
        Poller poller;
        EventSourceMapping mapping;
        synchronized (this) {
            mapping = require(uuid);
            mappings.remove(uuid);
            poller = pollers.remove(uuid);
        }
        if (poller != null) {
            poller.stop();
        }
        return mapping;
    }

    /** Stops and forgets every mapping (the local cloud's reset); returns how many there were. */
    public int deleteAll() {
        List<EventSourceMapping> all = list(null, null);
        all.forEach(mapping -> delete(mapping.uuid()));
        return all.size();
    }

    /** What the mapping's poller did last ({@code LastProcessingResult}). */
    public synchronized String lastProcessingResult(String uuid) {
        Poller poller = pollers.get(uuid);
        return poller == null ? "No records processed" : poller.lastResult();
    }

    /** Lambda refuses a queue whose messages could become visible again while the function still runs. */
    private void checkVisibilityTimeout(EventSourceMapping request, String function) {
        String queueName = request.eventSourceArn().substring(request.eventSourceArn().lastIndexOf(':') + 1);
        String visibility;
        try {
            String url = clients.sqs().getQueueUrl(b -> b.queueName(queueName)).queueUrl();
            visibility = clients.sqs().getQueueAttributes(b -> b.queueUrl(url)
                    .attributeNames(QueueAttributeName.VISIBILITY_TIMEOUT)).attributes().get(QueueAttributeName.VISIBILITY_TIMEOUT);
        } catch (QueueDoesNotExistException e) {
            throw LambdaApiException.invalid("Error occurred while ReceiveMessage. SQS Error Code: "
                    + "AWS.SimpleQueueService.NonExistentQueue. SQS Error Message: The specified queue does not exist.");
        }
        long timeout = functions.find(function).orElseThrow().timeout().toSeconds();
        if (visibility != null && Long.parseLong(visibility) < timeout) {
            throw LambdaApiException.invalid("Queue visibility timeout: " + visibility
                    + " seconds is less than Function timeout: " + timeout + " seconds");
        }
    }

    private EventSourceMapping require(String uuid) {
        EventSourceMapping mapping = mappings.get(uuid);
        if (mapping == null) {
            throw LambdaApiException.notFound("The resource you requested does not exist. (Service: Lambda, Status Code: 404, "
                    + "Request ID: " + uuid + ")");
        }
        return mapping;
    }

    private void start(EventSourceMapping mapping) {
        Poller poller = mapping.isSqs() ? new SqsPoller(mapping, clients.sqs(), functions)
                : new StreamPoller(mapping, clients.dynamoDbStreams(), functions);
        poller.start();
        pollers.put(mapping.uuid(), poller);
    }

    private void stop(String uuid) {
        Poller poller = pollers.remove(uuid);
        if (poller != null) {
            poller.stop();
        }
    }

    /** Lambda's limits on a mapping, with its error wording where it has one. */
    private static EventSourceMapping validated(EventSourceMapping request) {
        String arn = request.eventSourceArn();
        if (!request.isSqs() && !request.isDynamoDbStream()) {
            throw LambdaApiException.invalid("Unsupported event source " + arn + ": the local cloud maps SQS queues "
                    + "(arn:aws:sqs:…) and DynamoDB streams (arn:aws:dynamodb:…:table/NAME/stream/LABEL); Kinesis, Kafka "
                    + "and MQ are not emulated");
        }
        long window = request.maximumBatchingWindow().toSeconds();
        if (window < 0 || window > 300) {
            throw LambdaApiException.invalid("MaximumBatchingWindowInSeconds must be between 0 and 300");
        }
        int size = request.batchSize();
        if (request.isSqs()) {
            boolean fifo = arn.endsWith(".fifo");
            if (size < 0 || size > (fifo ? 10 : 10_000)) {
                throw LambdaApiException.invalid("BatchSize must be between 1 and " + (fifo ? "10 for a FIFO queue" : "10000"));
            }
            if (size > 10 && window == 0) {
                throw LambdaApiException.invalid("Maximum batch window in seconds must be greater than 0 if maximum batch size is greater than 10");
            }
            if (request.startingPosition() != null) {
                throw LambdaApiException.invalid("StartingPosition is not valid for an SQS event source");
            }
            if (request.bisectBatchOnFunctionError() || request.maximumRetryAttempts() != -1) {
                throw LambdaApiException.invalid("BisectBatchOnFunctionError and MaximumRetryAttempts are for stream "
                        + "event sources; an SQS queue retries through its visibility timeout and redrive policy");
            }
        } else {
            if (size < 0 || size > 10_000) {
                throw LambdaApiException.invalid("BatchSize must be between 1 and 10000");
            }
            String position = request.startingPosition();
            if (!"TRIM_HORIZON".equals(position) && !"LATEST".equals(position)) {
                throw LambdaApiException.invalid("StartingPosition must be TRIM_HORIZON or LATEST for a DynamoDB stream"
                        + (position == null ? " (it is required)" : ", not " + position));
            }
            int retries = request.maximumRetryAttempts();
            if (retries < -1 || retries > 10_000) {
                throw LambdaApiException.invalid("MaximumRetryAttempts must be -1 or between 0 and 10000");
            }
        }
        return request;
    }

    @Override
    public void close() {
        List<Poller> running;
        synchronized (this) {
            closed = true;
            running = new ArrayList<>(pollers.values());
            pollers.clear();
        }
        running.forEach(Poller::stop);
    }

    /** A mapping's polling thread. */
    abstract static class Poller {
        final EventSourceMapping mapping;
        final FunctionRegistry functions;
        private final Thread thread;
        volatile boolean running = true;
        private volatile String lastResult = "No records processed";

        Poller(EventSourceMapping mapping, FunctionRegistry functions) {
            this.mapping = mapping;
            this.functions = functions;
            this.thread = new Thread(this::loop, "localcloud-esm-" + mapping.uuid().substring(0, 8));
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        void stop() {
            running = false;
            thread.interrupt();
            try {
                thread.join(Duration.ofSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        String lastResult() {
            return lastResult;
        }

        void result(String result) {
            lastResult = result;
        }

        private void loop() {
            while (running) {
                try {
                    pollOnce();
                } catch (RuntimeException e) {
                    if (!running) {
                        return;
                    }
                    // The source is gone or its emulator is down: say so, wait, and try again, as Lambda's poller does.
                    result("PROBLEM: " + e.getClass().getSimpleName() + ": " + e.getMessage());
                    pause(Duration.ofSeconds(1));
                }
            }
        }

        /** One receive-and-invoke round; returns when there was nothing to do for a while, too. */
        abstract void pollOnce();

        boolean pause(Duration duration) {
            try {
                Thread.sleep(duration.toMillis());
                return true;
            } catch (InterruptedException e) {
                running = false;
                return false;
            }
        }
    }
}
