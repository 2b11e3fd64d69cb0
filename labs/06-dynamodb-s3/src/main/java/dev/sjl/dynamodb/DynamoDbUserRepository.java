package dev.sjl.dynamodb;

import dev.sjl.users.User;
import dev.sjl.users.UserProfile;
import dev.sjl.users.UserRepository;
import dev.sjl.users.UserServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;

import static dev.sjl.dynamodb.UsersTable.ALL_USERS;
import static dev.sjl.dynamodb.UsersTable.BY_CREATION;
import static dev.sjl.dynamodb.UsersTable.GSI1PK;
import static dev.sjl.dynamodb.UsersTable.GSI1SK;
import static dev.sjl.dynamodb.UsersTable.PK;

/**
 * Users in the {@link UsersTable}: the store that survives a cold start and is shared by every container, keeping
 * every rule of lab 03's in-memory one ({@code UserRepositoryContract}).
 *
 * <p>A user is two items: {@code USER#<id>} with the account, and {@code EMAIL#<email>} which claims the address.
 * DynamoDB has no unique index; a transaction that puts both items, each only if absent, is the unique constraint.
 */
public final class DynamoDbUserRepository implements UserRepository {

    /** The largest page a client may ask for: a page is one Query, and a Query reads at most 1 MB anyway. */
    public static final int MAX_PAGE_SIZE = 100;

    private static final String PROFILE = "PROFILE";
    private static final String EMAIL = "EMAIL";
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final DateTimeFormatter SORTABLE_TIME =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** A user as stored, with the version an update must name. */
    public record VersionedUser(User user, long version) {
    }

    /** One page of users, oldest first, and the cursor of the next page (null on the last). */
    public record UserPage(List<UserProfile> users, String nextCursor) {
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final CursorSealer cursors;

    /**
     * @param cursorKey 32 random bytes from configuration: what seals this store's page cursors
     */
    public DynamoDbUserRepository(DynamoDbClient dynamo, String table, byte[] cursorKey) {
        this.dynamo = dynamo;
        this.table = table;
        this.cursors = new CursorSealer(cursorKey, "users-by-creation");
    }

    /** The table this store reads and writes. */
    public String tableName() {
        return table;
    }

    // tag::create-user[]
    @Override
    public void create(User user) {
        // TODO: one TransactWriteItems with two puts, each conditional on attribute_not_exists(PK): the user item
        //  (USER#<id>/PROFILE, GSI1PK ALL_USERS and GSI1SK creationKey(user) for the list, version 1) and the email claim
        //  (EMAIL#<email>/EMAIL with the userId). A cancelled transaction says why per item in CancellationReasons, in
        //  order: only a failed check on the email claim is UserServiceException(EMAIL_TAKEN, ...). Never look the email
        //  up first and put after: two sign-ups both see it free.
        throw new UnsupportedOperationException("Task 2: create the user and claim the email in one transaction");
    }
    // end::create-user[]

    @Override
    public Optional<User> findByEmail(String email) {
        // TODO: read the email claim (consistently), then the user it names.
        throw new UnsupportedOperationException("Task 2: find a user by email");
    }

    @Override
    public Optional<User> findById(String id) {
        return load(id).map(VersionedUser::user);
    }

    /** The user and the version to name when changing it. */
    public Optional<VersionedUser> load(String id) {
        // TODO: read USER#<id>/PROFILE with a consistent read (a user who just signed up must find themself) and
        //  rebuild the User and its version; an unknown or null id is empty, never an exception.
        throw new UnsupportedOperationException("Task 2: load a user by id");
    }

    // tag::optimistic-lock[]
    /**
     * Replaces the password hash if nobody changed the user since {@code expectedVersion} was read.
     *
     * @return the new version
     * @throws StaleVersionException when the user changed in between, or does not exist
     */
    public long changePasswordHash(String id, long expectedVersion, String newHash) {
        // TODO: one UpdateItem that sets the hash and version + 1, on the condition that the item exists and its version
        //  is still expectedVersion. A failed condition is a StaleVersionException: never read, compare, then write.
        throw new UnsupportedOperationException("Task 3: update the user only if its version is unchanged");
    }
    // end::optimistic-lock[]

    // tag::list-users[]
    /**
     * Users in sign-up order, {@code limit} at most per page.
     *
     * @param cursor null for the first page, else the {@code nextCursor} of the page before
     * @throws InvalidPageRequestException for a limit outside 1..{@value #MAX_PAGE_SIZE} or a cursor that is not ours
     */
    public UserPage list(int limit, String cursor) {
        // TODO: refuse a limit outside 1..MAX_PAGE_SIZE (InvalidPageRequestException). Query the BY_CREATION index for
        //  GSI1PK = ALL_USERS with Limit = limit, starting after the opened cursor; the next cursor is the sealed
        //  LastEvaluatedKey. Not a Scan: it reads every item of the table and filters after the limit.
        throw new UnsupportedOperationException("Task 4: list users a page at a time through the index");
    }
    // end::list-users[]

    /**
     * The index's sort key: the creation time at a fixed width, so text order is time order ({@code Instant.toString}
     * drops zero fractions, and {@code 10:00:00Z} would sort after {@code 10:00:00.5Z}), then the id to break ties.
     */
    private static String creationKey(User user) {
        return SORTABLE_TIME.format(user.createdAt()) + "#" + user.id();
    }

    private static String userKey(String id) {
        return "USER#" + id;
    }

    private static String emailKey(String email) {
        return "EMAIL#" + email;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
