package dev.sjl.dynamodb;

import dev.sjl.avatars.ThumbnailHandler;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("task:1")
@LocalCloudTest(services = Service.DYNAMODB)
@DisplayName("Task 1: the table, designed from the access patterns")
class UsersTableTest {

    @Test
    @DisplayName("Keys the table by PK (hash) and SK (range), both strings, billed on demand")
    void keysAndBilling(DynamoDbClient dynamo, TestResources resources) {
        String table = Tables.fresh(dynamo, resources);

        TableDescription described = dynamo.describeTable(b -> b.tableName(table)).table();

        assertThat(keys(described.keySchema())).as("the table's key schema: PK is the partition (HASH) key, SK the sort "
                + "(RANGE) key, so one partition holds a user's items and a key condition can select among them")
                .isEqualTo(Map.of("PK", KeyType.HASH, "SK", KeyType.RANGE));
        assertThat(described.attributeDefinitions()).as("only key attributes are declared, all of type S")
                .allSatisfy(a -> assertThat(a.attributeTypeAsString()).isEqualTo("S"))
                .extracting(a -> a.attributeName()).containsExactlyInAnyOrder("PK", "SK", "GSI1PK", "GSI1SK");
        assertThat(described.billingModeSummary() == null ? null : described.billingModeSummary().billingMode())
                .as("billing mode: on demand (PAY_PER_REQUEST); a new service has no steady load to provision for")
                .isEqualTo(BillingMode.PAY_PER_REQUEST);
    }

    @Test
    @DisplayName("Serves the user list from a GSI keyed GSI1PK/GSI1SK that projects every attribute")
    void listIndex(DynamoDbClient dynamo, TestResources resources) {
        String table = Tables.fresh(dynamo, resources);

        List<GlobalSecondaryIndexDescription> indexes = dynamo.describeTable(b -> b.tableName(table)).table()
                .globalSecondaryIndexes();

        assertThat(indexes).as("one global secondary index, named UsersTable.BY_CREATION").hasSize(1);
        GlobalSecondaryIndexDescription index = indexes.get(0);
        assertThat(index.indexName()).as("the index's name").isEqualTo(UsersTable.BY_CREATION);
        assertThat(keys(index.keySchema())).as("the index's keys: GSI1PK (HASH), GSI1SK (RANGE)")
                .isEqualTo(Map.of("GSI1PK", KeyType.HASH, "GSI1SK", KeyType.RANGE));
        assertThat(index.projection().projectionType()).as("the index projects ALL attributes: with KEYS_ONLY a page of "
                + "users costs one GetItem per user").isEqualTo(ProjectionType.ALL);
    }

    @Test
    @DisplayName("Turns on time to live for expiresAt, so expired sessions delete themselves")
    void timeToLive(DynamoDbClient dynamo, TestResources resources) {
        String table = Tables.fresh(dynamo, resources);

        TimeToLiveDescription ttl = dynamo.describeTimeToLive(b -> b.tableName(table)).timeToLiveDescription();

        assertThat(ttl.timeToLiveStatus()).as("TTL must be ENABLED (UpdateTimeToLive) after UsersTable.create, or no "
                + "session is ever deleted").isEqualTo(TimeToLiveStatus.ENABLED);
        assertThat(ttl.attributeName()).as("the TTL attribute").isEqualTo(UsersTable.EXPIRES_AT);
    }

    @Test
    @DisplayName("Serves every access pattern from the table's key or its index, never a Scan")
    void everyPatternHasAKey(DynamoDbClient dynamo, TestResources resources) {
        String table = Tables.fresh(dynamo, resources);
        List<String> indexes = dynamo.describeTable(b -> b.tableName(table)).table().globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndexDescription::indexName).toList();

        for (AccessPattern pattern : AccessPattern.values()) {
            assertThat(pattern.where()).as("%s (%s) is served by the table or one of its indexes %s", pattern,
                    pattern.pattern(), indexes).isIn(concat("table", indexes));
            assertThat(pattern.keyCondition()).as("%s names its key condition", pattern).contains("=").doesNotContain("Scan");
            assertThat(pattern.pattern()).as("%s says what it is for", pattern).isNotBlank();
        }
    }

    @Test
    @DisplayName("Describes the keys in the handbook from the definition itself")
    void handbookTable() {
        assertThat(UsersTableFacts.DYNAMODB_SCHEMA).as("the handbook's key table, read from UsersTable.definition")
                .containsExactly(
                        new UsersTableFacts.KeySchema("users", "(table)", "PK", "SK", "(all)"),
                        new UsersTableFacts.KeySchema("users", UsersTable.BY_CREATION, "GSI1PK", "GSI1SK", "ALL"));
        assertThat(UsersTableFacts.IAM_PERMISSIONS).as("the functions' grants: no Scan, no wildcard action")
                .noneSatisfy(p -> assertThat(p.actions()).contains("dynamodb:Scan"))
                .allSatisfy(p -> assertThat(p.actions()).noneMatch(a -> a.contains("*")));
        // Two grants a look at the SDK calls alone misses: a presigned URL acts with its signer's permissions, and the
        // thumbnail handler writes the table as well as the bucket.
        assertThat(UsersTableFacts.IAM_PERMISSIONS).as("the thumbnail function points the profile at its thumbnail "
                + "(AvatarProfiles.thumbnailReady, an UpdateItem): its role needs dynamodb:UpdateItem on the table")
                .anySatisfy(p -> {
                    assertThat(p.function()).isEqualTo("thumbnail");
                    assertThat(p.actions()).contains("dynamodb:UpdateItem");
                    assertThat(p.resource()).isEqualTo("table/users");
                });
        assertThat(UsersTableFacts.IAM_PERMISSIONS).as("GET /users/me/avatar presigns a GET of thumbnails/...: the user "
                + "service signs it, so its role needs s3:GetObject there (and only there: uploads are unchecked)")
                .anySatisfy(p -> {
                    assertThat(p.function()).isEqualTo("user service");
                    assertThat(p.actions()).contains("s3:GetObject");
                    assertThat(p.resource()).contains(ThumbnailHandler.THUMBNAILS).doesNotContain("users/*");
                });
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(rest);
        all.add(0, first);
        return all;
    }

    private static Map<String, KeyType> keys(List<KeySchemaElement> schema) {
        return schema.stream().collect(Collectors.toMap(KeySchemaElement::attributeName, KeySchemaElement::keyType));
    }
}
