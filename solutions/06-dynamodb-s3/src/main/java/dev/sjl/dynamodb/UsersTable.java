package dev.sjl.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The one table of the user service, designed from its access patterns ({@link AccessPattern}) before any code:
 * a generic {@code PK}/{@code SK} key so users, their email claims, refresh tokens and revoked families live side by
 * side, one GSI for the only pattern the key cannot serve (users in sign-up order), and TTL on {@code expiresAt} so
 * sessions delete themselves. Tests create the table from {@link #definition(String)}; the handbook prints it.
 */
public final class UsersTable {

    public static final String PK = "PK";
    public static final String SK = "SK";
    /** Users in sign-up order: every user item puts the same {@link #ALL_USERS} here and its creation time in GSI1SK. */
    public static final String BY_CREATION = "GSI1";
    public static final String GSI1PK = "GSI1PK";
    public static final String GSI1SK = "GSI1SK";
    public static final String ALL_USERS = "USERS";
    /** Epoch seconds, a Number: what DynamoDB's TTL reads (a String or milliseconds is never expired). */
    public static final String EXPIRES_AT = "expiresAt";

    private UsersTable() {
    }

    // tag::table-definition[]
    /**
     * The table: keys, the index, on-demand billing (a sign-up service has no steady load to provision for).
     */
    public static CreateTableRequest definition(String tableName) {
        // BEGIN TASK 1
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(string(PK), string(SK), string(GSI1PK), string(GSI1SK))
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                        .indexName(BY_CREATION)
                        .keySchema(key(GSI1PK, KeyType.HASH), key(GSI1SK, KeyType.RANGE))
                        // ALL: a page of users is served by the index alone, not one GetItem per user.
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build())
                .build();
        // STARTER
        //| // TODO: one table, keyed PK (hash) and SK (range), both strings, billed on demand; one global secondary index
        //| //  named BY_CREATION keyed GSI1PK (hash) and GSI1SK (range) that projects every attribute. Only attributes used in
        //| //  a key are declared.
        //| throw new UnsupportedOperationException("Task 1: define the table from its access patterns");
        // END TASK 1
    }
    // end::table-definition[]

    /** Creates the table, waits until it is active, and turns TTL on for {@link #EXPIRES_AT}. */
    public static void create(DynamoDbClient dynamo, String tableName) {
        dynamo.createTable(definition(tableName));
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(tableName));
        // BEGIN TASK 1
        dynamo.updateTimeToLive(b -> b.tableName(tableName)
                .timeToLiveSpecification(t -> t.attributeName(EXPIRES_AT).enabled(true)));
        // STARTER
        //| // TODO: turn on time to live for EXPIRES_AT, so expired sessions delete themselves (UpdateTimeToLive).
        // END TASK 1
    }

    // BEGIN TASK 1
    private static AttributeDefinition string(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
    // END TASK 1
}
