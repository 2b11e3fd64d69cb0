package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

// the SDK's Consumer<Builder>... varargs
@SuppressWarnings("unchecked")
@Tag("dynamodb")
@LocalCloudTest(services = Service.DYNAMODB)
class DynamoDbLocalTest {

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    /** A users table keyed by pk with an e-mail GSI, as lab 06 designs it. */
    private static String usersTable(DynamoDbClient dynamo, TestResources resources) {
        String table = resources.name("users");
        dynamo.createTable(b -> b.tableName(table)
                .billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(
                        a -> a.attributeName("pk").attributeType(ScalarAttributeType.S),
                        a -> a.attributeName("email").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("pk").keyType(KeyType.HASH))
                .globalSecondaryIndexes(g -> g.indexName("by-email")
                        .keySchema(k -> k.attributeName("email").keyType(KeyType.HASH))
                        .projection(p -> p.projectionType(ProjectionType.ALL)))
                .streamSpecification(st -> st.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
        return table;
    }

    @Test
    @DisplayName("Rejects a second put of the same key when the write is conditional on attribute_not_exists")
    void conditionalWrite(DynamoDbClient dynamo, TestResources resources) {
        String table = usersTable(dynamo, resources);
        Map<String, AttributeValue> user = Map.of("pk", s("USER#1"), "email", s("ada@example.com"));
        dynamo.putItem(b -> b.tableName(table).item(user).conditionExpression("attribute_not_exists(pk)"));

        assertThatThrownBy(() -> dynamo.putItem(b -> b.tableName(table).item(user).conditionExpression("attribute_not_exists(pk)")))
                .as("DynamoDB Local must enforce condition expressions, or lab 06's uniqueness check proves nothing")
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    @DisplayName("Cancels a whole transaction when one of its conditions fails (e-mail uniqueness by a second item)")
    void transactionCancelsAsAWhole(DynamoDbClient dynamo, TestResources resources) {
        String table = usersTable(dynamo, resources);
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("EMAIL#ada@example.com"))));

        assertThatThrownBy(() -> dynamo.transactWriteItems(t -> t.transactItems(
                i -> i.put(p -> p.tableName(table).item(Map.of("pk", s("USER#2"), "email", s("ada@example.com")))
                        .conditionExpression("attribute_not_exists(pk)")),
                i -> i.put(p -> p.tableName(table).item(Map.of("pk", s("EMAIL#ada@example.com")))
                        .conditionExpression("attribute_not_exists(pk)")))))
                .as("the transaction must be cancelled because the e-mail item exists")
                .isInstanceOf(TransactionCanceledException.class);
        assertThat(dynamo.getItem(b -> b.tableName(table).key(Map.of("pk", s("USER#2")))).hasItem())
                .as("no part of a cancelled transaction may be written")
                .isFalse();
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

    @Test
    @DisplayName("Enables TTL on an attribute and reports it as enabled")
    void timeToLive(DynamoDbClient dynamo, TestResources resources) {
        String table = usersTable(dynamo, resources);
        dynamo.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.attributeName("expiresAt").enabled(true)));
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("SESSION#1"),
                "expiresAt", AttributeValue.fromN(Long.toString(Instant.now().plusSeconds(900).getEpochSecond())))));

        var ttl = dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();
        assertThat(ttl.timeToLiveStatus()).as("TTL status after UpdateTimeToLive").isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).isEqualTo("expiresAt");
    }

    @Test
    @DisplayName("Records writes on the table's stream with new and old images")
    void streams(DynamoDbClient dynamo, DynamoDbStreamsClient streams, TestResources resources) {
        String table = usersTable(dynamo, resources);
        dynamo.putItem(b -> b.tableName(table).item(Map.of("pk", s("USER#1"), "email", s("ada@example.com"))));
        String streamArn = dynamo.describeTable(b -> b.tableName(table)).table().latestStreamArn();
        assertThat(streamArn).as("a table created with a StreamSpecification has a stream").isNotBlank();

        String shard = streams.describeStream(b -> b.streamArn(streamArn)).streamDescription().shards().get(0).shardId();
        String iterator = streams.getShardIterator(b -> b.streamArn(streamArn).shardId(shard).shardIteratorType("TRIM_HORIZON")).shardIterator();
        var records = streams.getRecords(b -> b.shardIterator(iterator)).records();
        assertThat(records).as("the put must appear on the stream with its new image").singleElement()
                .satisfies(r -> assertThat(r.dynamodb().newImage().get("email").s()).isEqualTo("ada@example.com"));
    }
}
