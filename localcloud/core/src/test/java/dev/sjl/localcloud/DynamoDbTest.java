package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.StreamStatus;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * DynamoDB as the labs meet it: dynalite for items, expressions and indexes, plus the local cloud's layer
 * (dynamodb-extensions.mjs) for transactions, TTL deletion and Streams. Each test names the AWS behaviour it
 * reproduces and the page of the AWS documentation that states it.
 */
// the SDK's Consumer<Builder>... varargs
@SuppressWarnings("unchecked")
@Tag("dynamodb")
@LocalCloudTest(services = Service.DYNAMODB)
class DynamoDbTest {

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    /** A users table keyed by pk with an e-mail GSI, as lab 06 designs it. */
    private static String usersTable(DynamoDbClient dynamo, TestResources resources) {
        return usersTable(dynamo, resources, "users", StreamViewType.NEW_AND_OLD_IMAGES);
    }

    private static String usersTable(DynamoDbClient dynamo, TestResources resources, String base, StreamViewType view) {
        String table = resources.name(base);
        dynamo.createTable(b -> b.tableName(table)
                .billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("email").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .globalSecondaryIndexes(g -> g.indexName("by-email")
                        .keySchema(k -> k.attributeName("email").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL)))
                .streamSpecification(st -> st.streamEnabled(view != null).streamViewType(view)));
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
        return table;
    }

    /** Every record on the table's latest stream, from the trim horizon. */
    private static List<Record> streamRecords(DynamoDbClient dynamo, DynamoDbStreamsClient streams, String table) {
        String arn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        String shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
        String iterator = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
        return streams.getRecords(b -> b.shardIterator(iterator)).records();
    }

    private static List<String> names(List<Record> records) {
        return records.stream().map(r -> r.eventName() + " " + r.dynamodb().keys().get("pk").s()).toList();
    }

    @Test
    @DisplayName("Rejects a second put of the same key when the write is conditional on attribute_not_exists")
    void conditionalWrite(DynamoDbClient dynamo, TestResources resources) {
        String table = usersTable(dynamo, resources);
        Map<String, AttributeValue> user = Map.of("pk", s("USER#1"), "email", s("ada@example.com"));
        dynamo.putItem(b -> b.tableName(table).item(user).conditionExpression("attribute_not_exists(pk)"));

        assertThatThrownBy(() -> dynamo.putItem(b -> b.tableName(table).item(user).conditionExpression("attribute_not_exists(pk)")))
                .as("condition expressions must be enforced, or lab 06's uniqueness check proves nothing")
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    @DisplayName("Finds an item through a global secondary index")
    void queriesTheGsi(DynamoDbClient dynamo, TestResources resources) {
        String table = usersTable(dynamo, resources);
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("USER#1"), "email", s("ada@example.com"))));
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("USER#2"), "email", s("grace@example.com"))));

        QueryResponse found = dynamo.query(b -> b.tableName(table).indexName("by-email")
                .keyConditionExpression("email = :e").expressionAttributeValues(Map.of(":e", s("grace@example.com"))));

        assertThat(found.items()).as("the GSI query must return exactly the matching user")
                .singleElement().extracting(item -> item.get("pk").s()).isEqualTo("USER#2");
    }

    @Test
    @DisplayName("Pages through a scan with Limit and ExclusiveStartKey without losing or repeating items")
    void paginates(DynamoDbClient dynamo, TestResources resources) {
        String table = usersTable(dynamo, resources);
        for (int i = 0; i < 7; i++) {
            String pk = "USER#" + i;
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s(pk))));
        }
        List<String> seen = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            var page = dynamo.scan(b -> b.tableName(table).limit(3).exclusiveStartKey(from));
            page.items().forEach(item -> seen.add(item.get("pk").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);

        assertThat(seen).as("every item exactly once across pages").hasSize(7).doesNotHaveDuplicates();
        assertThat(pages).as("7 items with Limit 3 take at least 3 pages").isGreaterThanOrEqualTo(3);
    }

    /** TransactWriteItems / TransactGetItems: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_TransactWriteItems.html */
    @Nested
    class Transactions {

        @Test
        @DisplayName("Cancels a whole transaction when one condition fails, with one CancellationReason per item in request order, "
                + "None for those that passed and the old item for ALL_OLD (API_TransactWriteItems, TransactionCanceledException)")
        void cancelsAsAWholeWithReasonsInOrder(DynamoDbClient dynamo, TestResources resources) {
            String table = usersTable(dynamo, resources);
            Map<String, AttributeValue> emailClaim = Map.of("pk", s("EMAIL#ada@example.com"), "owner", s("USER#1"));
            dynamo.putItem(b -> b.tableName(table).item(emailClaim));
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("COUNTER"), "users", n(1))));

            assertThatThrownBy(() -> dynamo.transactWriteItems(t -> t.transactItems(
                    i -> i.put(p -> p.tableName(table).item(Map.of("pk", s("USER#2"), "email", s("ada@example.com")))
                            .conditionExpression("attribute_not_exists(pk)")),
                    i -> i.put(p -> p.tableName(table).item(Map.of("pk", s("EMAIL#ada@example.com"), "owner", s("USER#2")))
                            .conditionExpression("attribute_not_exists(pk)").returnValuesOnConditionCheckFailure("ALL_OLD")),
                    i -> i.update(u -> u.tableName(table).key(Map.of("pk", s("COUNTER")))
                            .updateExpression("SET #u = #u + :one").expressionAttributeNames(Map.of("#u", "users"))
                            .expressionAttributeValues(Map.of(":one", n(1)))))))
                    .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                        assertThat(e.cancellationReasons()).extracting(CancellationReason::code)
                                .as("one reason per item, in the order of the request")
                                .containsExactly("None", "ConditionalCheckFailed", "None");
                        assertThat(e.cancellationReasons().get(1).item())
                                .as("ReturnValuesOnConditionCheckFailure=ALL_OLD returns the item that failed the check")
                                .isEqualTo(emailClaim);
                    });
            assertThat(dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", s("USER#2")))).hasItem())
                    .as("no part of a cancelled transaction may be written").isFalse();
            assertThat(dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", s("COUNTER")))).item().get("users").n())
                    .as("the update that passed its own checks must not be applied either").isEqualTo("1");
        }

        @Test
        @DisplayName("Applies Put, Update, Delete and a passing ConditionCheck together (API_TransactWriteItems)")
        void commitsEveryKindOfAction(DynamoDbClient dynamo, TestResources resources) {
            String table = usersTable(dynamo, resources);
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("COUNTER"), "users", n(4))));
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("INVITE#9"))));
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("SIGNUPS"), "open", AttributeValue.fromBool(true))));

            dynamo.transactWriteItems(t -> t.transactItems(
                    i -> i.put(p -> p.tableName(table).item(Map.of("pk", s("USER#5"), "email", s("eve@example.com")))
                            .conditionExpression("attribute_not_exists(pk)")),
                    i -> i.update(u -> u.tableName(table).key(Map.of("pk", s("COUNTER")))
                            .updateExpression("ADD #u :one").expressionAttributeNames(Map.of("#u", "users"))
                            .expressionAttributeValues(Map.of(":one", n(1)))),
                    i -> i.delete(d -> d.tableName(table).key(Map.of("pk", s("INVITE#9"))).conditionExpression("attribute_exists(pk)")),
                    i -> i.conditionCheck(c -> c.tableName(table).key(Map.of("pk", s("SIGNUPS")))
                            .conditionExpression("#o = :yes").expressionAttributeNames(Map.of("#o", "open"))
                            .expressionAttributeValues(Map.of(":yes", AttributeValue.fromBool(true))))));

            var read = dynamo.transactGetItems(t -> t.transactItems(
                    i -> i.get(g -> g.tableName(table).key(Map.of("pk", s("USER#5")))),
                    i -> i.get(g -> g.tableName(table).key(Map.of("pk", s("COUNTER")))),
                    i -> i.get(g -> g.tableName(table).key(Map.of("pk", s("INVITE#9"))))));
            assertThat(read.responses()).as("TransactGetItems answers in request order, an absent item as an empty response").hasSize(3);
            assertThat(read.responses().get(0).item().get("email").s()).isEqualTo("eve@example.com");
            assertThat(read.responses().get(1).item().get("users").n()).isEqualTo("5");
            assertThat(read.responses().get(2).hasItem()).as("the deleted invite").isFalse();
        }

        @Test
        @DisplayName("An update that fails while being applied (a number added to a string) cancels the transaction with "
                + "ValidationError for that item and undoes the actions before it (API_TransactWriteItems, TransactionCanceledException)")
        void failureWhileApplyingUndoesTheRest(DynamoDbClient dynamo, DynamoDbStreamsClient streams, TestResources resources) {
            String table = usersTable(dynamo, resources);
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("USER#1"), "logins", s("many"))));
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("USER#2"), "email", s("bob@example.com"))));

            assertThatThrownBy(() -> dynamo.transactWriteItems(t -> t.transactItems(
                    i -> i.put(p -> p.tableName(table).item(Map.of("pk", s("USER#3")))),
                    i -> i.delete(d -> d.tableName(table).key(Map.of("pk", s("USER#2")))),
                    i -> i.update(u -> u.tableName(table).key(Map.of("pk", s("USER#1")))
                            .updateExpression("SET logins = logins + :one").expressionAttributeValues(Map.of(":one", n(1)))))))
                    .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.cancellationReasons())
                            .extracting(CancellationReason::code).containsExactly("None", "None", "ValidationError"));

            assertThat(dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", s("USER#3")))).hasItem()).as("the put is undone").isFalse();
            assertThat(dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", s("USER#2")))).item())
                    .as("the delete is undone").containsEntry("email", s("bob@example.com"));
            assertThat(dynamo.query(b -> b.tableName(table).indexName("by-email").keyConditionExpression("email = :e")
                    .expressionAttributeValues(Map.of(":e", s("bob@example.com")))).count()).as("and so is its index entry").isEqualTo(1);
            assertThat(names(streamRecords(dynamo, streams, table))).as("a cancelled transaction leaves nothing on the stream")
                    .containsExactly("INSERT USER#1", "INSERT USER#2");
        }

        @Test
        @DisplayName("A repeated ClientRequestToken changes nothing twice, and the same token with other parameters is "
                + "IdempotentParameterMismatchException (API_TransactWriteItems, ClientRequestToken: 10-minute window)")
        void idempotencyToken(DynamoDbClient dynamo, TestResources resources) {
            String table = usersTable(dynamo, resources);
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("COUNTER"), "users", n(0))));
            TransactWriteItem increment = TransactWriteItem.builder().update(u -> u.tableName(table).key(Map.of("pk", s("COUNTER")))
                    .updateExpression("ADD #u :one").expressionAttributeNames(Map.of("#u", "users"))
                    .expressionAttributeValues(Map.of(":one", n(1)))).build();

            dynamo.transactWriteItems(t -> t.clientRequestToken("signup-7f3a").transactItems(increment));
            dynamo.transactWriteItems(t -> t.clientRequestToken("signup-7f3a").transactItems(increment));

            assertThat(dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", s("COUNTER")))).item().get("users").n())
                    .as("a retried transaction with the same token must not count twice").isEqualTo("1");
            assertThatThrownBy(() -> dynamo.transactWriteItems(t -> t.clientRequestToken("signup-7f3a").transactItems(
                    i -> i.put(p -> p.tableName(table).item(Map.of("pk", s("OTHER")))))))
                    .isInstanceOf(IdempotentParameterMismatchException.class);
        }

        @Test
        @DisplayName("Refuses two actions on one item and more than 100 actions with ValidationException (API_TransactWriteItems)")
        void validation(DynamoDbClient dynamo, TestResources resources) {
            String table = usersTable(dynamo, resources);

            assertThatThrownBy(() -> dynamo.transactWriteItems(t -> t.transactItems(
                    i -> i.put(p -> p.tableName(table).item(Map.of("pk", s("USER#1"))).conditionExpression("attribute_not_exists(pk)")),
                    i -> i.conditionCheck(c -> c.tableName(table).key(Map.of("pk", s("USER#1"))).conditionExpression("attribute_not_exists(pk)")))))
                    .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.getMessage()).contains("multiple operations on one item");
                    });
            List<TransactWriteItem> tooMany = IntStream.range(0, 101)
                    .mapToObj(i -> TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of("pk", s("USER#" + i)))).build())
                    .toList();
            assertThatThrownBy(() -> dynamo.transactWriteItems(t -> t.transactItems(tooMany)))
                    .isInstanceOfSatisfying(DynamoDbException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
            assertThat(dynamo.scan(b -> b.tableName(table)).count()).as("a refused transaction writes nothing").isZero();
        }

        @Test
        @DisplayName("Transactions are serialisable: concurrent transfers never overdraw or lose money, and TransactGetItems "
                + "never sees half a transfer (Developer Guide, transaction-apis: isolation levels)")
        void serialisableUnderConcurrency(DynamoDbClient dynamo, TestResources resources) throws Exception {
            String table = usersTable(dynamo, resources);
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("ACCOUNT#A"), "balance", n(3))));
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("ACCOUNT#B"), "balance", n(3))));
            AtomicBoolean writing = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<Integer>> writers = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    long seed = w;
                    writers.add(pool.submit(() -> {
                        Random random = new Random(seed);
                        int committed = 0;
                        for (int i = 0; i < 40; i++) {
                            String from = random.nextBoolean() ? "ACCOUNT#A" : "ACCOUNT#B";
                            String to = from.equals("ACCOUNT#A") ? "ACCOUNT#B" : "ACCOUNT#A";
                            try {
                                dynamo.transactWriteItems(t -> t.transactItems(
                                        it -> it.update(u -> u.tableName(table).key(Map.of("pk", s(from)))
                                                .updateExpression("SET balance = balance - :two").conditionExpression("balance >= :two")
                                                .expressionAttributeValues(Map.of(":two", n(2)))),
                                        it -> it.update(u -> u.tableName(table).key(Map.of("pk", s(to)))
                                                .updateExpression("SET balance = balance + :two")
                                                .expressionAttributeValues(Map.of(":two", n(2))))));
                                committed++;
                            } catch (TransactionCanceledException insufficientFunds) {
                                // the condition refused an overdraft: exactly what must happen sometimes
                            }
                        }
                        return committed;
                    }));
                }
                List<Future<List<Long>>> readers = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    readers.add(pool.submit(() -> {
                        List<Long> totals = new ArrayList<>();
                        while (writing.get()) {
                            var both = dynamo.transactGetItems(t -> t.transactItems(
                                    i -> i.get(g -> g.tableName(table).key(Map.of("pk", s("ACCOUNT#A")))),
                                    i -> i.get(g -> g.tableName(table).key(Map.of("pk", s("ACCOUNT#B"))))));
                            totals.add(both.responses().stream().mapToLong(x -> Long.parseLong(x.item().get("balance").n())).sum());
                        }
                        return totals;
                    }));
                }
                int committed = 0;
                for (Future<Integer> writer : writers) {
                    committed += writer.get();
                }
                writing.set(false);
                List<Long> totals = new ArrayList<>();
                for (Future<List<Long>> reader : readers) {
                    totals.addAll(reader.get());
                }

                long a = Long.parseLong(dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", s("ACCOUNT#A")))).item().get("balance").n());
                long bal = Long.parseLong(dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", s("ACCOUNT#B")))).item().get("balance").n());
                assertThat(committed).as("some transfers commit").isPositive();
                assertThat(a).as("no overdraft: each condition saw the balance its write changed").isNotNegative();
                assertThat(bal).isNotNegative();
                assertThat(a + bal).as("money is neither created nor lost").isEqualTo(6);
                assertThat(totals).as("every TransactGetItems saw both halves of a transfer or neither").isNotEmpty().containsOnly(6L);
            } finally {
                writing.set(false);
                pool.shutdownNow();
            }
        }
    }

    /** Time to Live: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TTL.html (and howitworks-ttl.html). */
    @Nested
    class TimeToLive {

        @Test
        @DisplayName("UpdateTimeToLive enables TTL on an attribute, DescribeTimeToLive reports it, enabling twice is a "
                + "ValidationException (API_UpdateTimeToLive, API_DescribeTimeToLive)")
        void enableAndDescribe(DynamoDbClient dynamo, TestResources resources) {
            String table = usersTable(dynamo, resources);
            assertThat(dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription().timeToLiveStatus())
                    .as("a new table has TTL off").isEqualTo(TimeToLiveStatus.DISABLED);

            dynamo.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));

            var ttl = dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
            assertThat(ttl.timeToLiveStatus()).isEqualTo(TimeToLiveStatus.ENABLED);
            assertThat(ttl.attributeName()).isEqualTo("expiresAt");
            assertThatThrownBy(() -> dynamo.updateTimeToLive(b -> b.tableName(table)
                    .timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true))))
                    .isInstanceOfSatisfying(DynamoDbException.class,
                            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException"));
        }

        @Test
        @DisplayName("Deletes an expired item (AWS: within a few days; here: within a second or two) and writes a REMOVE "
                + "stream record with userIdentity Service/dynamodb.amazonaws.com; leaves future, non-Number and more-than-"
                + "five-years-old expiry times alone (TTL.html, time-to-live-ttl-streams.html)")
        void deletesExpiredItems(DynamoDbClient dynamo, DynamoDbStreamsClient streams, TestResources resources) throws Exception {
            String table = usersTable(dynamo, resources);
            dynamo.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
            long now = Instant.now().getEpochSecond();
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("SESSION#live"), "expiresAt", n(now + 3600))));
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("SESSION#text"), "expiresAt", s(Long.toString(now - 60)))));
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("SESSION#ancient"),
                    "expiresAt", n(now - Duration.ofDays(6 * 365).toSeconds()))));
            // Last, so the sweep that deletes it has already looked at the three above.
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("SESSION#old"), "expiresAt", n(now - 60))));

            Instant deadline = Instant.now().plusSeconds(15);
            while (dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", s("SESSION#old")))).hasItem()) {
                assertThat(Instant.now()).as("the expired item was not deleted within 15 s").isBefore(deadline);
                Thread.sleep(100);
            }

            List<String> left = dynamo.scan(b -> b.tableName(table)).items().stream().map(i -> i.get("pk").s()).sorted().toList();
            assertThat(left).as("only the expired Number item goes").containsExactly("SESSION#ancient", "SESSION#live", "SESSION#text");
            Record removal = streamRecords(dynamo, streams, table).stream()
                    .filter(r -> r.eventName() == OperationType.REMOVE).findFirst().orElseThrow();
            assertThat(removal.dynamodb().keys().get("pk").s()).isEqualTo("SESSION#old");
            assertThat(removal.dynamodb().oldImage().get("expiresAt").n()).isEqualTo(Long.toString(now - 60));
            assertThat(removal.userIdentity()).as("a TTL deletion is marked as the service's").isNotNull();
            assertThat(removal.userIdentity().type()).isEqualTo("Service");
            assertThat(removal.userIdentity().principalId()).isEqualTo("dynamodb.amazonaws.com");
        }
    }

    /** DynamoDB Streams: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Streams.html */
    @Nested
    class Streams {

        @Test
        @DisplayName("Records INSERT, MODIFY and REMOVE with the images the StreamViewType asks for (API_StreamSpecification)")
        void viewTypes(DynamoDbClient dynamo, DynamoDbStreamsClient streams, TestResources resources) {
            for (StreamViewType view : List.of(StreamViewType.KEYS_ONLY, StreamViewType.NEW_IMAGE, StreamViewType.OLD_IMAGE,
                    StreamViewType.NEW_AND_OLD_IMAGES)) {
                String table = usersTable(dynamo, resources, "view-" + view.toString().toLowerCase().replace('_', '-'), view);
                dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("USER#1"), "email", s("ada@example.com"))));
                dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("USER#1"), "email", s("ada@lovelace.org"))));
                dynamo.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("USER#1"))));

                List<Record> records = streamRecords(dynamo, streams, table);
                assertThat(records).extracting(Record::eventName).as(view.toString())
                        .containsExactly(OperationType.INSERT, OperationType.MODIFY, OperationType.REMOVE);
                boolean withNew = view == StreamViewType.NEW_IMAGE || view == StreamViewType.NEW_AND_OLD_IMAGES;
                boolean withOld = view == StreamViewType.OLD_IMAGE || view == StreamViewType.NEW_AND_OLD_IMAGES;
                Record modify = records.get(1);
                assertThat(modify.dynamodb().streamViewType()).isEqualTo(view);
                assertThat(modify.dynamodb().keys()).isEqualTo(Map.of("pk", s("USER#1")));
                assertThat(modify.dynamodb().hasNewImage()).as(view + " new image").isEqualTo(withNew);
                assertThat(modify.dynamodb().hasOldImage()).as(view + " old image").isEqualTo(withOld);
                if (withNew) {
                    assertThat(modify.dynamodb().newImage().get("email").s()).isEqualTo("ada@lovelace.org");
                }
                if (withOld) {
                    assertThat(modify.dynamodb().oldImage().get("email").s()).isEqualTo("ada@example.com");
                }
                assertThat(records.get(0).dynamodb().hasOldImage()).as("an INSERT has no old image").isFalse();
                assertThat(records.get(2).dynamodb().hasNewImage()).as("a REMOVE has no new image").isFalse();
                assertThat(records.get(2).userIdentity()).as("only a TTL deletion carries a userIdentity").isNull();
                assertThat(records).allSatisfy(r -> {
                    assertThat(r.eventSource()).isEqualTo("aws:dynamodb");
                    assertThat(r.awsRegion()).isEqualTo("us-east-1");
                    assertThat(r.dynamodb().sizeBytes()).isPositive();
                });
                assertThat(records).extracting(r -> r.dynamodb().sequenceNumber()).as("sequence numbers increase")
                        .isSortedAccordingTo(java.util.Comparator.comparing(java.math.BigInteger::new));
            }
        }

        @Test
        @DisplayName("Writes no record for a PutItem or UpdateItem that does not change the item (Streams.html: \"If you perform "
                + "a PutItem or UpdateItem operation that does not change any data in an item, DynamoDB Streams does not write "
                + "a stream record for that operation.\")")
        void noRecordWithoutChange(DynamoDbClient dynamo, DynamoDbStreamsClient streams, TestResources resources) {
            String table = usersTable(dynamo, resources);
            Map<String, AttributeValue> user = Map.of("pk", s("USER#1"), "email", s("ada@example.com"), "logins", n(1),
                    "roles", AttributeValue.fromSs(List.of("reader", "writer")));
            dynamo.putItem(b -> b.tableName(table).item(user));
            dynamo.putItem(b -> b.tableName(table).item(user));
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("USER#1"), "email", s("ada@example.com"),
                    "logins", AttributeValue.fromN("1.0"), "roles", AttributeValue.fromSs(List.of("writer", "reader")))));
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("pk", s("USER#1")))
                    .updateExpression("SET email = :e").expressionAttributeValues(Map.of(":e", s("ada@example.com"))));
            dynamo.deleteItem(b -> b.tableName(table).key(Map.of("pk", s("USER#404"))));
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("pk", s("USER#1")))
                    .updateExpression("ADD logins :one").expressionAttributeValues(Map.of(":one", n(1))));

            assertThat(names(streamRecords(dynamo, streams, table)))
                    .as("identical puts (1.0 is 1, sets are unordered), a no-op update and deleting a missing item change nothing")
                    .containsExactly("INSERT USER#1", "MODIFY USER#1");
        }

        @Test
        @DisplayName("Records every item a BatchWriteItem or a transaction changes, and nothing from a cancelled transaction (Streams.html)")
        void batchesAndTransactions(DynamoDbClient dynamo, DynamoDbStreamsClient streams, TestResources resources) {
            String table = usersTable(dynamo, resources);
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("USER#3"))));
            dynamo.batchWriteItem(b -> b.requestItems(Map.of(table, List.of(
                    software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("USER#1")))).build(),
                    software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder().putRequest(p -> p.item(Map.of("pk", s("USER#2")))).build(),
                    software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder().deleteRequest(d -> d.key(Map.of("pk", s("USER#3")))).build()))));
            dynamo.transactWriteItems(t -> t.transactItems(
                    i -> i.put(p -> p.tableName(table).item(Map.of("pk", s("USER#4")))),
                    i -> i.delete(d -> d.tableName(table).key(Map.of("pk", s("USER#1"))))));
            assertThatThrownBy(() -> dynamo.transactWriteItems(t -> t.transactItems(
                    i -> i.put(p -> p.tableName(table).item(Map.of("pk", s("USER#5")))),
                    i -> i.conditionCheck(c -> c.tableName(table).key(Map.of("pk", s("USER#2"))).conditionExpression("attribute_not_exists(pk)")))))
                    .isInstanceOf(TransactionCanceledException.class);

            List<String> recorded = names(streamRecords(dynamo, streams, table));
            assertThat(recorded.subList(0, 1)).containsExactly("INSERT USER#3");
            assertThat(recorded.subList(1, 4)).as("the batch's three writes, in any order")
                    .containsExactlyInAnyOrder("INSERT USER#1", "INSERT USER#2", "REMOVE USER#3");
            assertThat(recorded.subList(4, recorded.size())).as("the committed transaction, not the cancelled one")
                    .containsExactly("INSERT USER#4", "REMOVE USER#1");
        }

        @Test
        @DisplayName("An iterator taken on an empty stream reads the stream's first record, whatever other tables' streams "
                + "wrote in between (sequence numbers are shared, so a stream's own have gaps)")
        void iteratorOnAnEmptyStream(DynamoDbClient dynamo, DynamoDbStreamsClient streams, TestResources resources) {
            String quiet = usersTable(dynamo, resources, "quiet", StreamViewType.KEYS_ONLY);
            String busy = usersTable(dynamo, resources, "busy", StreamViewType.KEYS_ONLY);
            String arn = dynamo.describeTable(b -> b.tableName(quiet)).table().latestStreamArn();
            String shard = streams.describeStream(b -> b.streamArn(arn)).streamDescription().shards().get(0).shardId();
            Map<String, String> iterators = new LinkedHashMap<>();
            for (ShardIteratorType type : List.of(ShardIteratorType.TRIM_HORIZON, ShardIteratorType.LATEST)) {
                iterators.put(type.toString(), streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                        .shardIteratorType(type)).shardIterator());
            }
            // What a poller holds after reading the empty stream once.
            iterators.put("next after an empty read", streams.getRecords(b -> b.shardIterator(iterators.get("TRIM_HORIZON")))
                    .nextShardIterator());

            for (int i = 1; i <= 3; i++) {
                String pk = "USER#busy-" + i;
                dynamo.putItem(b -> b.tableName(busy).item(Map.of("pk", s(pk))));
            }
            dynamo.putItem(b -> b.tableName(quiet).item(Map.of("pk", s("USER#quiet"))));

            iterators.forEach((name, iterator) -> assertThat(names(streams.getRecords(b -> b.shardIterator(iterator)).records()))
                    .as("the quiet table's record, read with the %s iterator taken before the busy table's writes (not "
                            + "TrimmedDataAccessException: nothing was trimmed)", name)
                    .containsExactly("INSERT USER#quiet"));
        }

        @Test
        @DisplayName("Serves ListStreams, DescribeStream and GetShardIterator LATEST / AT_SEQUENCE_NUMBER / AFTER_SEQUENCE_NUMBER "
                + "(API_streams_GetShardIterator), and closes the shard when UpdateTable disables the stream (API_UpdateTable)")
        void iteratorsAndLifecycle(DynamoDbClient dynamo, DynamoDbStreamsClient streams, TestResources resources) {
            String table = usersTable(dynamo, resources, "plain", null);
            assertThat(dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn()).as("no stream asked for").isNull();

            var enabled = dynamo.updateTable(b -> b.tableName(table)
                    .streamSpecification(st -> st.streamEnabled(true).streamViewType(StreamViewType.NEW_IMAGE))).tableDescription();
            String arn = enabled.latestStreamArn();
            assertThat(arn).startsWith("arn:aws:dynamodb:us-east-1:").contains(":table/" + table + "/stream/").endsWith(enabled.latestStreamLabel());
            assertThat(enabled.streamSpecification().streamViewType()).isEqualTo(StreamViewType.NEW_IMAGE);
            assertThat(streams.listStreams(b -> b.tableName(table)).streams()).singleElement()
                    .satisfies(st -> assertThat(st.streamArn()).isEqualTo(arn));
            var description = streams.describeStream(b -> b.streamArn(arn)).streamDescription();
            assertThat(description.streamStatus()).isEqualTo(StreamStatus.ENABLED);
            assertThat(description.tableName()).isEqualTo(table);
            String shard = description.shards().get(0).shardId();

            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("USER#1"))));
            String latest = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard).shardIteratorType(ShardIteratorType.LATEST)).shardIterator();
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("USER#2"))));
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("USER#3"))));

            var fromLatest = streams.getRecords(b -> b.shardIterator(latest));
            assertThat(names(fromLatest.records())).as("LATEST starts after the newest record").containsExactly("INSERT USER#2", "INSERT USER#3");
            String second = fromLatest.records().get(0).dynamodb().sequenceNumber();
            String at = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.AT_SEQUENCE_NUMBER).sequenceNumber(second)).shardIterator();
            assertThat(names(streams.getRecords(b -> b.shardIterator(at).limit(1)).records())).containsExactly("INSERT USER#2");
            String after = streams.getShardIterator(b -> b.streamArn(arn).shardId(shard)
                    .shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(second)).shardIterator();
            assertThat(names(streams.getRecords(b -> b.shardIterator(after)).records())).containsExactly("INSERT USER#3");
            String next = fromLatest.nextShardIterator();
            assertThat(streams.getRecords(b -> b.shardIterator(next)).records()).as("nothing new yet").isEmpty();

            dynamo.updateTable(b -> b.tableName(table).streamSpecification(st -> st.streamEnabled(false)));
            dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("USER#4"))));
            var closed = streams.describeStream(b -> b.streamArn(arn)).streamDescription();
            assertThat(closed.streamStatus()).isEqualTo(StreamStatus.DISABLED);
            assertThat(closed.shards().get(0).sequenceNumberRange().endingSequenceNumber()).as("a closed shard has an end").isNotNull();
            var last = streams.getRecords(b -> b.shardIterator(next));
            assertThat(last.records()).as("no record after the stream was disabled").isEmpty();
            assertThat(last.nextShardIterator()).as("a closed shard that has been read to its end has no next iterator").isNull();
        }
    }
}
