package dev.sjl.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Invocation;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * Lambda's DynamoDB Streams poller for one mapping, over the standard Streams API (DescribeStream,
 * GetShardIterator, GetRecords). Per shard, in order, it invokes the function with a {@code DynamodbEvent} of at most
 * the batch size and moves on only when the batch succeeded. As on AWS
 * (<a href="https://docs.aws.amazon.com/lambda/latest/dg/services-dynamodb-errorhandling.html">error handling for a
 * DynamoDB event source</a>): a failed batch is retried, which blocks the shard, until {@code MaximumRetryAttempts}
 * (default: until the records expire); {@code BisectBatchOnFunctionError} splits a failing batch in two and retries
 * each half; {@code ReportBatchItemFailures} retries from the first record named in {@code batchItemFailures}
 * (by its sequence number). A batch that runs out of retries is discarded with a line in the log: on-failure
 * destinations are not emulated.
 */
final class StreamPoller extends EventSourceMappings.Poller {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration IDLE = Duration.ofMillis(250);
    private static final Duration RETRY_PAUSE = Duration.ofMillis(200);

    private final DynamoDbStreamsClient streams;
    private final String region;
    /** Open shards and where each one is read from next; null once a shard is read to its end. */
    private final Map<String, String> iterators = new LinkedHashMap<>();
    private boolean firstDescribe = true;

    StreamPoller(EventSourceMapping mapping, DynamoDbStreamsClient streams, FunctionRegistry functions) {
        super(mapping, functions);
        this.streams = streams;
        // Lambda reports its own region; DynamoDB Local writes "ddblocal" into its stream ARNs.
        this.region = AwsClients.LOCAL_REGION.id();
    }

    /**
     * Takes the shard iterators before polling starts, so {@code LATEST} means "after the mapping was created" as soon
     * as {@code create} returns, and an unknown stream is refused there, as Lambda refuses it.
     */
    @Override
    void start() {
        try {
            discoverShards();
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
            throw LambdaApiException.invalid("Stream not found: " + mapping.eventSourceArn());
        }
        super.start();
    }

    @Override
    void pollOnce() {
        discoverShards();
        boolean any = false;
        for (Map.Entry<String, String> shard : iterators.entrySet()) {
            if (!running) {
                return;
            }
            if (shard.getValue() == null) {
                continue;
            }
            GetRecordsResponse response;
            try {
                String iterator = shard.getValue();
                response = streams.getRecords(b -> b.shardIterator(iterator).limit(Math.min(1000, mapping.batchSize())));
            } catch (ExpiredIteratorException e) {
                shard.setValue(streams.getShardIterator(b -> b.streamArn(mapping.eventSourceArn()).shardId(shard.getKey())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator());
                continue;
            }
            List<Record> records = response.records();
            if (!records.isEmpty()) {
                any = true;
                process(records, mapping.maximumRetryAttempts());
            }
            shard.setValue(response.nextShardIterator());
        }
        if (!any) {
            pause(IDLE);
        }
    }

    private void discoverShards() {
        StreamDescription description = streams.describeStream(b -> b.streamArn(mapping.eventSourceArn())).streamDescription();
        for (Shard shard : description.shards()) {
            if (iterators.containsKey(shard.shardId())) {
                continue;
            }
            boolean closed = shard.sequenceNumberRange() != null && shard.sequenceNumberRange().endingSequenceNumber() != null;
            // LATEST applies when the mapping starts; a shard that appears later is read from its beginning.
            ShardIteratorType type = firstDescribe && "LATEST".equals(mapping.startingPosition())
                    ? ShardIteratorType.LATEST : ShardIteratorType.TRIM_HORIZON;
            if (closed && type == ShardIteratorType.LATEST) {
                iterators.put(shard.shardId(), null);
                continue;
            }
            iterators.put(shard.shardId(), streams.getShardIterator(b -> b.streamArn(mapping.eventSourceArn())
                    .shardId(shard.shardId()).shardIteratorType(type)).shardIterator());
        }
        firstDescribe = false;
    }

    /** Invokes with {@code records} until they succeed or the retries run out. */
    private void process(List<Record> records, int retriesLeft) {
        List<Record> batch = records;
        int retries = retriesLeft;
        while (running) {
            Invocation invocation = functions.invoke(mapping.functionName(), event(batch).toString());
            int firstFailed = firstFailed(invocation, batch);
            if (firstFailed < 0) {
                result("OK");
                return;
            }
            result(invocation.succeeded() ? "PROBLEM: the function reported " + batch.get(firstFailed).dynamodb().sequenceNumber() + " as failed"
                    : "PROBLEM: Function call failed: " + invocation.errorType() + ": " + invocation.errorMessage());
            if (retries == 0) {
                System.err.println("[localcloud] event source mapping " + mapping.uuid() + ": discarding " + batch.size()
                        + " stream records after the last retry (on-failure destinations are not emulated)");
                return;
            }
            if (retries > 0) {
                retries--;
            }
            batch = batch.subList(firstFailed, batch.size());
            if (mapping.bisectBatchOnFunctionError() && !invocation.succeeded() && batch.size() > 1) {
                int half = batch.size() / 2;
                process(batch.subList(0, half), retries);
                process(batch.subList(half, batch.size()), retries);
                return;
            }
            if (!pause(RETRY_PAUSE)) {
                return;
            }
        }
    }

    /**
     * The index to retry from, or -1 for a success. With {@code ReportBatchItemFailures}, an unknown or empty
     * {@code itemIdentifier} fails the whole batch, and a null or empty list is a success, as for SQS.
     */
    private int firstFailed(Invocation invocation, List<Record> batch) {
        if (!invocation.succeeded()) {
            return 0;
        }
        if (!mapping.reportBatchItemFailures()) {
            return -1;
        }
        JsonNode failures;
        try {
            JsonNode response = JSON.readTree(invocation.response());
            failures = response == null ? null : response.get("batchItemFailures");
        } catch (java.io.IOException e) {
            return 0;
        }
        if (failures == null || failures.isNull() || failures.isEmpty()) {
            return -1;
        }
        int first = Integer.MAX_VALUE;
        for (JsonNode failure : failures) {
            String id = failure.path("itemIdentifier").asText("");
            int index = -1;
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i).dynamodb().sequenceNumber().equals(id)) {
                    index = i;
                }
            }
            if (index < 0) {
                return 0;
            }
            first = Math.min(first, index);
        }
        return first;
    }

    /** The {@code DynamodbEvent} JSON Lambda sends. */
    private ObjectNode event(List<Record> batch) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode out = event.putArray("Records");
        for (Record record : batch) {
            ObjectNode r = out.addObject();
            r.put("eventID", record.eventID());
            r.put("eventName", record.eventNameAsString());
            r.put("eventVersion", record.eventVersion());
            r.put("eventSource", "aws:dynamodb");
            r.put("awsRegion", region);
            StreamRecord data = record.dynamodb();
            ObjectNode dynamodb = r.putObject("dynamodb");
            if (data.approximateCreationDateTime() != null) {
                dynamodb.put("ApproximateCreationDateTime", data.approximateCreationDateTime().getEpochSecond());
            }
            if (data.hasKeys()) {
                dynamodb.set("Keys", item(data.keys()));
            }
            if (data.hasNewImage()) {
                dynamodb.set("NewImage", item(data.newImage()));
            }
            if (data.hasOldImage()) {
                dynamodb.set("OldImage", item(data.oldImage()));
            }
            dynamodb.put("SequenceNumber", data.sequenceNumber());
            if (data.sizeBytes() != null) {
                dynamodb.put("SizeBytes", data.sizeBytes());
            }
            dynamodb.put("StreamViewType", data.streamViewTypeAsString());
            if (record.userIdentity() != null) {
                r.putObject("userIdentity").put("type", record.userIdentity().type())
                        .put("principalId", record.userIdentity().principalId());
            }
            r.put("eventSourceARN", mapping.eventSourceArn());
        }
        return event;
    }

    private static ObjectNode item(Map<String, AttributeValue> attributes) {
        ObjectNode item = JSON.createObjectNode();
        attributes.forEach((name, value) -> item.set(name, value(value)));
        return item;
    }

    /** An attribute value in DynamoDB's JSON form: {@code {"S":"…"}}, {@code {"N":"…"}}, {@code {"M":{…}}}, … */
    static ObjectNode value(AttributeValue value) {
        ObjectNode node = JSON.createObjectNode();
        switch (value.type()) {
            case S -> node.put("S", value.s());
            case N -> node.put("N", value.n());
            case B -> node.put("B", base64(value.b()));
            case BOOL -> node.put("BOOL", value.bool());
            case NUL -> node.put("NULL", true);
            case SS -> value.ss().forEach(node.putArray("SS")::add);
            case NS -> value.ns().forEach(node.putArray("NS")::add);
            case BS -> {
                ArrayNode set = node.putArray("BS");
                value.bs().forEach(b -> set.add(base64(b)));
            }
            case L -> {
                ArrayNode list = node.putArray("L");
                value.l().forEach(v -> list.add(value(v)));
            }
            case M -> node.set("M", item(value.m()));
            default -> throw new IllegalArgumentException("Unknown attribute value type in a stream record: " + value);
        }
        return node;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }
}
