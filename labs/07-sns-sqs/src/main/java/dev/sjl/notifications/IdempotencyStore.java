package dev.sjl.notifications;

import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Which notifications were sent, by idempotency key ({@code <channel>#<eventId>}): the memory that turns SQS's
 * at-least-once delivery into at-most-one send. A key is claimed by a conditional put before the provider is called,
 * marked sent after, and released when the send failed, so a retry may claim it again. A claim is a lease: a worker
 * that dies mid-send holds the key only until the lease ends. Sent keys expire by TTL after {@code retention}, longer
 * than any message can live in the queues.
 */
public final class IdempotencyStore {

    public static final String KEY = "key";
    public static final String STATUS = "status";
    public static final String LEASE_UNTIL = "leaseUntil";
    /** Epoch seconds, a Number: DynamoDB's TTL deletes the item after it. */
    public static final String EXPIRES_AT = "expiresAt";
    public static final String IN_PROGRESS = "IN_PROGRESS";
    public static final String SENT = "SENT";

    /** What a claim found. */
    public enum Claim {
        /** The key is this worker's: send, then {@link #complete} or {@link #release}. */
        CLAIMED,
        /** Sent before: send nothing, and delete the message (it is a duplicate). */
        ALREADY_SENT,
        /** Another worker holds a live lease: send nothing now, and let the message come back later. */
        IN_PROGRESS
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration lease;
    private final Duration retention;

    /**
     * @param lease     at least the function's timeout: no claim expires while its worker may still be sending
     * @param retention longer than a message can live in the queue and its DLQ, or a late redelivery is sent again
     */
    public IdempotencyStore(DynamoDbClient dynamo, String table, Clock clock, Duration lease, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.lease = lease;
        this.retention = retention;
    }

    /** The table: one string key, on demand. */
    public static CreateTableRequest definition(String table) {
        return CreateTableRequest.builder().tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName(KEY).attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName(KEY).keyType(KeyType.HASH).build())
                .build();
    }

    /** Creates the table and turns TTL on for {@link #EXPIRES_AT}. */
    public static void create(DynamoDbClient dynamo, String table) {
        dynamo.createTable(definition(table));
        dynamo.waiter().waitUntilTableExists(b -> b.tableName(table));
        dynamo.updateTimeToLive(b -> b.tableName(table).timeToLiveSpecification(t -> t.attributeName(EXPIRES_AT).enabled(true)));
    }

    // tag::claim[]
    /** Claims {@code key} for one send, in one conditional write: two workers with the same message cannot both win. */
    public Claim claim(String key) {
        // TODO: one PutItem of {KEY, STATUS IN_PROGRESS, LEASE_UNTIL now+lease, EXPIRES_AT now+retention} (epoch
        //  seconds, Numbers), conditional on the key being absent or its lease having run out. Its failure is the
        //  answer: read the item (consistently) to tell ALREADY_SENT from IN_PROGRESS. Never read first and put after:
        //  two workers with the same message both read "free".
        throw new UnsupportedOperationException("Task 3: claim the idempotency key with a conditional put");
    }
    // end::claim[]

    /** Marks {@code key} sent, kept until the retention ends (TTL). */
    public void complete(String key) {
        // TODO: set STATUS to SENT and EXPIRES_AT to now+retention (and drop the lease): the key now means "never again".
        throw new UnsupportedOperationException("Task 3: mark the key sent");
    }

    /** Gives the key back after a failed send, so the message's next delivery can claim it at once. */
    public void release(String key) {
        // TODO: delete the key, but only while it is still IN_PROGRESS (a SENT key must never be deleted).
        throw new UnsupportedOperationException("Task 3: release the key after a failed send");
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
