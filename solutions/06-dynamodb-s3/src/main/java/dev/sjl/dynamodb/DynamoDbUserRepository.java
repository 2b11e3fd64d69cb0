package dev.sjl.dynamodb;

import dev.sjl.users.User;
import dev.sjl.users.UserProfile;
import dev.sjl.users.UserRepository;
import dev.sjl.users.UserServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.sjl.dynamodb.UsersTable.ALL_USERS;
import static dev.sjl.dynamodb.UsersTable.BY_CREATION;
import static dev.sjl.dynamodb.UsersTable.GSI1PK;
import static dev.sjl.dynamodb.UsersTable.GSI1SK;
import static dev.sjl.dynamodb.UsersTable.PK;
import static dev.sjl.dynamodb.UsersTable.SK;

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
        // BEGIN TASK 2
        Map<String, AttributeValue> account = Map.of(
                PK, s(userKey(user.id())), SK, s(PROFILE),
                GSI1PK, s(ALL_USERS), GSI1SK, s(creationKey(user)),
                "id", s(user.id()), "email", s(user.email()), "passwordHash", s(user.passwordHash()),
                "createdAt", s(user.createdAt().toString()), "version", AttributeValue.fromN("1"));
        Map<String, AttributeValue> claim = Map.of(
                PK, s(emailKey(user.email())), SK, s(EMAIL), "userId", s(user.id()));
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    putIfAbsent(account), // reason 0
                    putIfAbsent(claim))); // reason 1
        } catch (TransactionCanceledException e) {
            // One reason per action, in order. Only a failed check on the email claim means "email taken"; a failed
            // check on the user item is an id collision, a bug, not something to tell the client about its email.
            List<CancellationReason> reasons = e.cancellationReasons();
            if (reasons.size() == 2 && CONDITION_FAILED.equals(reasons.get(1).code())) {
                throw new UserServiceException(UserServiceException.Reason.EMAIL_TAKEN,
                        "An account with this email already exists.");
            }
            throw e;
        }
        // STARTER
        //| // TODO: one TransactWriteItems with two puts, each conditional on attribute_not_exists(PK): the user item
        //| //  (USER#<id>/PROFILE, GSI1PK ALL_USERS and GSI1SK creationKey(user) for the list, version 1) and the email claim
        //| //  (EMAIL#<email>/EMAIL with the userId). A cancelled transaction says why per item in CancellationReasons, in
        //| //  order: only a failed check on the email claim is UserServiceException(EMAIL_TAKEN, ...). Never look the email
        //| //  up first and put after: two sign-ups both see it free.
        //| throw new UnsupportedOperationException("Task 2: create the user and claim the email in one transaction");
        // END TASK 2
    }
    // end::create-user[]

    @Override
    public Optional<User> findByEmail(String email) {
        // BEGIN TASK 2
        if (email == null) {
            return Optional.empty();
        }
        Map<String, AttributeValue> claim = get(emailKey(email), EMAIL);
        return claim == null ? Optional.empty() : findById(claim.get("userId").s());
        // STARTER
        //| // TODO: read the email claim (consistently), then the user it names.
        //| throw new UnsupportedOperationException("Task 2: find a user by email");
        // END TASK 2
    }

    @Override
    public Optional<User> findById(String id) {
        return load(id).map(VersionedUser::user);
    }

    /** The user and the version to name when changing it. */
    public Optional<VersionedUser> load(String id) {
        // BEGIN TASK 2
        if (id == null) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = get(userKey(id), PROFILE);
        if (item == null) {
            return Optional.empty();
        }
        User user = new User(item.get("id").s(), item.get("email").s(), item.get("passwordHash").s(),
                Instant.parse(item.get("createdAt").s()));
        return Optional.of(new VersionedUser(user, Long.parseLong(item.get("version").n())));
        // STARTER
        //| // TODO: read USER#<id>/PROFILE with a consistent read (a user who just signed up must find themself) and
        //| //  rebuild the User and its version; an unknown or null id is empty, never an exception.
        //| throw new UnsupportedOperationException("Task 2: load a user by id");
        // END TASK 2
    }

    // tag::optimistic-lock[]
    /**
     * Replaces the password hash if nobody changed the user since {@code expectedVersion} was read.
     *
     * @return the new version
     * @throws StaleVersionException when the user changed in between, or does not exist
     */
    public long changePasswordHash(String id, long expectedVersion, String newHash) {
        // BEGIN TASK 3
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of(PK, s(userKey(id)), SK, s(PROFILE)))
                    .updateExpression("SET passwordHash = :hash, version = :next")
                    .conditionExpression("attribute_exists(PK) AND version = :expected")
                    .expressionAttributeValues(Map.of(
                            ":hash", s(newHash),
                            ":expected", AttributeValue.fromN(Long.toString(expectedVersion)),
                            ":next", AttributeValue.fromN(Long.toString(expectedVersion + 1)))));
        } catch (ConditionalCheckFailedException e) {
            throw new StaleVersionException("The account changed since it was read: read it again.");
        }
        return expectedVersion + 1;
        // STARTER
        //| // TODO: one UpdateItem that sets the hash and version + 1, on the condition that the item exists and its version
        //| //  is still expectedVersion. A failed condition is a StaleVersionException: never read, compare, then write.
        //| throw new UnsupportedOperationException("Task 3: update the user only if its version is unchanged");
        // END TASK 3
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
        // BEGIN TASK 4
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new InvalidPageRequestException("limit must be between 1 and " + MAX_PAGE_SIZE + ".");
        }
        Map<String, AttributeValue> start = cursors.open(cursor);
        QueryResponse page = dynamo.query(b -> b.tableName(table).indexName(BY_CREATION)
                .keyConditionExpression("GSI1PK = :all")
                .expressionAttributeValues(Map.of(":all", s(ALL_USERS)))
                .limit(limit)
                .exclusiveStartKey(start));
        List<UserProfile> users = page.items().stream()
                .map(item -> new UserProfile(item.get("id").s(), item.get("email").s(), item.get("createdAt").s()))
                .toList();
        return new UserPage(users, cursors.seal(page.lastEvaluatedKey()));
        // STARTER
        //| // TODO: refuse a limit outside 1..MAX_PAGE_SIZE (InvalidPageRequestException). Query the BY_CREATION index for
        //| //  GSI1PK = ALL_USERS with Limit = limit, starting after the opened cursor; the next cursor is the sealed
        //| //  LastEvaluatedKey. Not a Scan: it reads every item of the table and filters after the limit.
        //| throw new UnsupportedOperationException("Task 4: list users a page at a time through the index");
        // END TASK 4
    }
    // end::list-users[]

    // BEGIN TASK 2
    private TransactWriteItem putIfAbsent(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"))
                .build();
    }

    private Map<String, AttributeValue> get(String pk, String sk) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(PK, s(pk), SK, s(sk))).consistentRead(true)).item();
        return item == null || item.isEmpty() ? null : item;
    }
    // END TASK 2

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
