package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.CreateEventSourceMappingResponse;
import software.amazon.awssdk.services.lambda.model.EventSourcePosition;
import software.amazon.awssdk.services.lambda.model.InvalidParameterValueException;

/** Lambda's DynamoDB Streams event source mapping, over the standard Streams API, through the real SDK clients. */
@SuppressWarnings({"try", "unchecked"}) // try: resources that only scope a registration; unchecked: the SDK's varargs builders
@Tag("event-sources")
@LocalCloudTest(services = {Service.DYNAMODB, Service.LAMBDA})
class DynamoDbStreamEventSourceTest {

    private static String table(DynamoDbClient dynamo, TestResources resources) {
        String table = resources.name("users");
        dynamo.createTable(b -> b.tableName(table)
                .keySchema(k -> k.attributeName("userId").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("userId").attributeType(ScalarAttributeType.S))
                .billingMode("PAY_PER_REQUEST")
                .streamSpecification(st -> st.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        return table;
    }

    private static void put(DynamoDbClient dynamo, String table, String id, String email) {
        dynamo.putItem(b -> b.tableName(table).item(Map.of("userId", AttributeValue.fromS(id), "email", AttributeValue.fromS(email),
                "logins", AttributeValue.fromN("1"))));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    private static List<String> ids(List<DynamodbEvent> batches) {
        List<String> ids = new ArrayList<>();
        batches.forEach(b -> b.getRecords().forEach(r -> ids.add(r.getEventName() + ":" + r.getDynamodb().getKeys().get("userId").getS())));
        return ids;
    }

    @Test
    @DisplayName("Delivers INSERT, MODIFY and REMOVE as a DynamodbEvent with keys, new and old images (CreateEventSourceMapping)")
    void deliversStreamRecords(DynamoDbClient dynamo, FunctionRegistry functions, LocalCloud cloud, TestResources resources) throws Exception {
        String table = table(dynamo, resources);
        String streamArn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        List<DynamodbEvent> batches = new CopyOnWriteArrayList<>();
        String function = resources.name("audit");
        try (var registration = functions.register(function, Functions.handler(DynamodbEvent.class, (event, context) -> {
            batches.add(event);
            return null;
        })); LambdaClient lambda = LambdaInvokeEndpointTest.lambdaClient(cloud)) {
            put(dynamo, table, "u1", "ada@example.com");
            CreateEventSourceMappingResponse mapping = lambda.createEventSourceMapping(b -> b.eventSourceArn(streamArn)
                    .functionName(function).startingPosition(EventSourcePosition.TRIM_HORIZON).batchSize(2));
            try {
                dynamo.updateItem(b -> b.tableName(table).key(Map.of("userId", AttributeValue.fromS("u1")))
                        .updateExpression("SET logins = logins + :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
                dynamo.deleteItem(b -> b.tableName(table).key(Map.of("userId", AttributeValue.fromS("u1"))));

                await(() -> ids(batches).size() >= 3, "three stream records reached the function");
                assertThat(ids(batches)).containsExactly("INSERT:u1", "MODIFY:u1", "REMOVE:u1");
                assertThat(batches).allSatisfy(b -> assertThat(b.getRecords()).hasSizeLessThanOrEqualTo(2));
                DynamodbStreamRecord modify = batches.stream().flatMap(b -> b.getRecords().stream())
                        .filter(r -> r.getEventName().equals("MODIFY")).findFirst().orElseThrow();
                assertThat(modify.getEventSource()).isEqualTo("aws:dynamodb");
                assertThat(modify.getEventSourceARN()).isEqualTo(streamArn);
                assertThat(modify.getAwsRegion()).isEqualTo("us-east-1");
                assertThat(modify.getDynamodb().getStreamViewType()).isEqualTo("NEW_AND_OLD_IMAGES");
                assertThat(modify.getDynamodb().getOldImage().get("logins").getN()).isEqualTo("1");
                assertThat(modify.getDynamodb().getNewImage().get("logins").getN()).isEqualTo("2");
                assertThat(modify.getDynamodb().getNewImage().get("email").getS()).isEqualTo("ada@example.com");
                assertThat(modify.getDynamodb().getSequenceNumber()).isNotBlank();
                assertThat(modify.getDynamodb().getApproximateCreationDateTime()).isNotNull();
            } finally {
                lambda.deleteEventSourceMapping(b -> b.uuid(mapping.uuid()));
            }
        }
    }

    @Test
    @DisplayName("Retries a failing batch, bisecting it, until the poison record is alone; then moves on after MaximumRetryAttempts")
    void bisectsOnError(DynamoDbClient dynamo, FunctionRegistry functions, EventSourceMappings mappings, TestResources resources) throws Exception {
        String table = table(dynamo, resources);
        String streamArn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        List<DynamodbEvent> batches = new CopyOnWriteArrayList<>();
        String function = resources.name("projector");
        try (var registration = functions.register(function, Functions.handler(DynamodbEvent.class, (event, context) -> {
            batches.add(event);
            if (event.getRecords().stream().anyMatch(r -> r.getDynamodb().getKeys().get("userId").getS().equals("poison"))) {
                throw new IllegalStateException("cannot project poison");
            }
            return null;
        }))) {
            for (String id : List.of("a", "b", "poison", "d")) {
                put(dynamo, table, id, id + "@example.com");
            }
            EventSourceMapping mapping = mappings.create(EventSourceMapping.of(streamArn, function).withStartingPosition("TRIM_HORIZON")
                    .withBatchSize(4).withBisectBatchOnFunctionError(true).withMaximumRetryAttempts(2));
            try {
                await(() -> batches.stream().anyMatch(b -> b.getRecords().size() == 1
                        && b.getRecords().get(0).getDynamodb().getKeys().get("userId").getS().equals("d")), "record d was delivered");
                List<Integer> sizes = batches.stream().map(b -> b.getRecords().size()).toList();
                assertThat(sizes).as("4 fails, its halves are retried (2 ok, 2 fails), then 1 and 1").startsWith(4, 2, 2, 1);
                assertThat(ids(batches).stream().filter("INSERT:a"::equals))
                        .as("the records before the poison one arrive again in the retried halves: at least once").hasSizeGreaterThan(1);
                assertThat(ids(batches)).contains("INSERT:poison");
            } finally {
                mappings.delete(mapping.uuid());
            }
        }
    }

    @Test
    @DisplayName("Retries from the first record named in batchItemFailures (ReportBatchItemFailures)")
    void reportBatchItemFailures(DynamoDbClient dynamo, FunctionRegistry functions, EventSourceMappings mappings, TestResources resources) throws Exception {
        String table = table(dynamo, resources);
        String streamArn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        List<DynamodbEvent> batches = new CopyOnWriteArrayList<>();
        String function = resources.name("mailer");
        try (var registration = functions.register(function, Functions.handler(DynamodbEvent.class, (event, context) -> {
            batches.add(event);
            List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
            if (batches.size() == 1) {
                failures.add(new StreamsEventResponse.BatchItemFailure(event.getRecords().get(1).getDynamodb().getSequenceNumber()));
            }
            return new StreamsEventResponse(failures);
        }))) {
            for (String id : List.of("x", "y", "z")) {
                put(dynamo, table, id, id + "@example.com");
            }
            EventSourceMapping mapping = mappings.create(EventSourceMapping.of(streamArn, function).withStartingPosition("TRIM_HORIZON")
                    .withBatchSize(3).withReportBatchItemFailures(true));
            try {
                await(() -> batches.size() >= 2, "the batch was retried");
                assertThat(ids(batches.subList(0, 1))).containsExactly("INSERT:x", "INSERT:y", "INSERT:z");
                assertThat(ids(batches.subList(1, 2))).as("x succeeded; y and z come again").containsExactly("INSERT:y", "INSERT:z");
            } finally {
                mappings.delete(mapping.uuid());
            }
        }
    }

    @Test
    @DisplayName("Starts at LATEST: a write made before the mapping existed is not delivered")
    void startsAtLatest(DynamoDbClient dynamo, FunctionRegistry functions, EventSourceMappings mappings, TestResources resources) throws Exception {
        String table = table(dynamo, resources);
        String streamArn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        List<DynamodbEvent> batches = new CopyOnWriteArrayList<>();
        String function = resources.name("latest");
        try (var registration = functions.register(function, Functions.handler(DynamodbEvent.class, (event, context) -> {
            batches.add(event);
            return null;
        }))) {
            put(dynamo, table, "before", "old@example.com");
            EventSourceMapping mapping = mappings.create(EventSourceMapping.of(streamArn, function).withStartingPosition("LATEST"));
            try {
                put(dynamo, table, "after", "new@example.com");
                await(() -> !ids(batches).isEmpty(), "the new write was delivered");
                assertThat(ids(batches)).containsExactly("INSERT:after");
            } finally {
                mappings.delete(mapping.uuid());
            }
        }
    }

    @Test
    @DisplayName("Refuses a stream mapping without a StartingPosition, as Lambda does")
    void startingPositionRequired(DynamoDbClient dynamo, FunctionRegistry functions, LocalCloud cloud, TestResources resources) throws Exception {
        String table = table(dynamo, resources);
        String streamArn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        String function = resources.name("nowhere");
        try (var registration = functions.register(function, Functions.json(payload -> "null"));
             LambdaClient lambda = LambdaInvokeEndpointTest.lambdaClient(cloud)) {
            assertThatThrownBy(() -> lambda.createEventSourceMapping(b -> b.eventSourceArn(streamArn).functionName(function)))
                    .isInstanceOf(InvalidParameterValueException.class).hasMessageContaining("StartingPosition");
        }
    }
}
