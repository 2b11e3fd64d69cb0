package dev.sjl.preferences;

import dev.sjl.dynamodb.StaleVersionException;
import dev.sjl.dynamodb.UsersTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

import java.util.HashMap;
import java.util.Map;

/**
 * A user's preferences as one item of lab 06's users table, beside the profile in the user's own partition:
 * {@code PK = USER#<id>}, {@code SK = PREFERENCES}. One GetItem to read, one conditional PutItem to write: that is
 * all this code asks of DynamoDB, so that is all its role may do ({@link PreferencesGrant}).
 */
public final class PreferencesStore {

    public static final String SORT_KEY = "PREFERENCES";

    private final DynamoDbClient dynamo;
    private final String table;

    public PreferencesStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /** The item's key: the user's partition, the preferences' sort key. */
    public static Map<String, AttributeValue> key(String userId) {
        return Map.of(UsersTable.PK, AttributeValue.fromS("USER#" + userId),
                UsersTable.SK, AttributeValue.fromS(SORT_KEY));
    }

    // tag::load[]
    /** The stored preferences, or the defaults at version 0 for a user who never saved any. */
    public VersionedPreferences load(String userId) {
        // BEGIN TASK 2
        // Strongly consistent: a client that just saved and reads again must see its own write, not the item before.
        GetItemResponse response = dynamo.getItem(b -> b.tableName(table).key(key(userId)).consistentRead(true));
        if (!response.hasItem() || response.item().isEmpty()) {
            return new VersionedPreferences(Preferences.DEFAULTS, 0);
        }
        Map<String, AttributeValue> item = response.item();
        return new VersionedPreferences(item.get("email").bool(), item.get("sms").bool(),
                Long.parseLong(item.get("version").n()));
        // STARTER
        //| // TODO: GetItem of key(userId), strongly consistent (a client reads its own write). No item: the DEFAULTS at
        //| //  version 0, never an error. Otherwise the item's email and sms (booleans) and version (a number).
        //| throw new UnsupportedOperationException("Task 2: read the caller's preferences item");
        // END TASK 2
    }
    // end::load[]

    // tag::save[]
    /**
     * Replaces the preferences if nobody changed them since {@code expectedVersion} was read (0: never saved), and
     * answers them at the next version. The same request sent twice (a client retrying after a lost answer) finds its
     * own write and succeeds again without a second change.
     *
     * @throws StaleVersionException when someone else's change came in between: theirs is kept
     */
    public VersionedPreferences save(String userId, Preferences wanted, long expectedVersion) {
        // BEGIN TASK 2
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("A version is never negative");
        }
        long next = expectedVersion + 1;
        Map<String, AttributeValue> item = new HashMap<>(key(userId));
        item.put("email", AttributeValue.fromBool(wanted.email()));
        item.put("sms", AttributeValue.fromBool(wanted.sms()));
        item.put("version", AttributeValue.fromN(Long.toString(next)));
        // One condition, checked by DynamoDB at the write: the version the client read is still current, or this very
        // change is already stored (a retry). Reading first and comparing in Java would let two writers both pass.
        String current = expectedVersion == 0 ? "attribute_not_exists(#pk)" : "#version = :expected";
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":next", item.get("version"),
                ":email", item.get("email"), ":sms", item.get("sms")));
        // DynamoDB refuses a name or value the expression does not use, so each branch brings only its own.
        Map<String, String> names = new HashMap<>(Map.of("#version", "version", "#email", "email", "#sms", "sms"));
        if (expectedVersion == 0) {
            names.put("#pk", UsersTable.PK);
        } else {
            values.put(":expected", AttributeValue.fromN(Long.toString(expectedVersion)));
        }
        try {
            dynamo.putItem(b -> b.tableName(table).item(item)
                    .conditionExpression(current + " OR (#version = :next AND #email = :email AND #sms = :sms)")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException e) {
            throw new StaleVersionException("The preferences changed since version " + expectedVersion
                    + " was read: read them again.");
        }
        return new VersionedPreferences(wanted, next);
        // STARTER
        //| // TODO: one PutItem of the whole item (key(userId), email, sms, version = expectedVersion + 1) with a condition
        //| //  DynamoDB checks at the write: the stored version is still expectedVersion (no item at all when it is 0),
        //| //  OR the item already holds exactly this change at the next version (a retry). A failed condition is a
        //| //  StaleVersionException; never read, compare in Java, then write.
        //| throw new UnsupportedOperationException("Task 2: write the preferences only over the version the client read");
        // END TASK 2
    }
    // end::save[]
}
