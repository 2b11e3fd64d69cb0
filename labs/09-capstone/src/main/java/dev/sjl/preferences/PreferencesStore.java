package dev.sjl.preferences;

import dev.sjl.dynamodb.StaleVersionException;
import dev.sjl.dynamodb.UsersTable;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

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
        // TODO: GetItem of key(userId), strongly consistent (a client reads its own write). No item: the DEFAULTS at
        //  version 0, never an error. Otherwise the item's email and sms (booleans) and version (a number).
        throw new UnsupportedOperationException("Task 2: read the caller's preferences item");
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
        // TODO: one PutItem of the whole item (key(userId), email, sms, version = expectedVersion + 1) with a condition
        //  DynamoDB checks at the write: the stored version is still expectedVersion (no item at all when it is 0),
        //  OR the item already holds exactly this change at the next version (a retry). A failed condition is a
        //  StaleVersionException; never read, compare in Java, then write.
        throw new UnsupportedOperationException("Task 2: write the preferences only over the version the client read");
    }
    // end::save[]
}
