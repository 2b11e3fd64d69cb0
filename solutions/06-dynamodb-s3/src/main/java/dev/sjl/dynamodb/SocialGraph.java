package dev.sjl.dynamodb;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import static dev.sjl.dynamodb.UsersTable.PK;
import static dev.sjl.dynamodb.UsersTable.SK;

/**
 * The social side of the service, in the same table as the users (single-table design): who follows whom, a user's
 * posts and the likes on them. Every item sits under the partition that answers a question about it, so each
 * question is one Query on the key, a {@code begins_with} on the sort key picking one kind of item:
 * <pre>
 *   USER#&lt;id&gt;    PROFILE                the account (lab 06 task 2)
 *   USER#&lt;id&gt;    FOLLOWER#&lt;followerId&gt;   who follows this user
 *   USER#&lt;id&gt;    FOLLOWING#&lt;followeeId&gt;  whom this user follows
 *   USER#&lt;id&gt;    POST#&lt;postId&gt;           the user's posts; the id starts with the time, so the sort key is time order
 *   POST#&lt;postId&gt; LIKE#USER#&lt;userId&gt;     one like, so a second like by the same user is a failed condition
 * </pre>
 * A follow is two items (one per direction), written by one transaction; a like is the like item and the post's
 * counter, written by one transaction too, so the count never drifts from the likes.
 */
public final class SocialGraph {

    /** The most items BatchWriteItem takes in one call. */
    public static final int BATCH_SIZE = 25;
    /** The longest post, in characters. */
    public static final int MAX_POST_LENGTH = 280;
    /** How many times a batch's unprocessed items are sent again before the import gives up. */
    static final int MAX_BATCH_ATTEMPTS = 8;

    private static final String PROFILE = "PROFILE";
    private static final String FOLLOWER = "FOLLOWER#";
    private static final String FOLLOWING = "FOLLOWING#";
    private static final String POST = "POST#";
    private static final String LIKE = "LIKE#USER#";
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");
    /** Fixed width, so text order is time order; no ':' so the id sits in a URL path as it is. */
    private static final DateTimeFormatter POST_TIME =
            DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** One post; {@code postId} starts with its creation time, so posts sort by time. */
    public record Post(String authorId, String postId, String text, Instant createdAt, long likes) {
    }

    /** One page of user ids and the cursor of the next page (null on the last). */
    public record IdPage(List<String> userIds, String nextCursor) {
    }

    /** One page of posts, newest first, and the cursor of the next page (null on the last). */
    public record PostPage(List<Post> posts, String nextCursor) {
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final CursorSealer followerCursors;
    private final CursorSealer followingCursors;
    private final CursorSealer postCursors;

    /**
     * @param cursorKey 32 random bytes from configuration; each list seals its cursors for its own purpose, so a
     *                  followers cursor does not open as a posts cursor
     */
    public SocialGraph(DynamoDbClient dynamo, String table, byte[] cursorKey, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.followerCursors = new CursorSealer(cursorKey, "followers");
        this.followingCursors = new CursorSealer(cursorKey, "following");
        this.postCursors = new CursorSealer(cursorKey, "posts");
    }

    // tag::follow[]
    /**
     * {@code followerId} follows {@code followeeId}: both directions in one transaction, so a list never shows one
     * half of a follow.
     *
     * @return true if this call made the follow, false if it was already there (a retried request changes nothing)
     * @throws InvalidSocialRequestException 400 for following oneself, 404 when the followee has no account
     */
    public boolean follow(String followerId, String followeeId) {
        checkPair(followerId, followeeId);
        // BEGIN TASK 8
        String since = clock.instant().toString();
        Map<String, AttributeValue> follower = Map.of(PK, s(userKey(followeeId)), SK, s(FOLLOWER + followerId),
                "since", s(since));
        Map<String, AttributeValue> following = Map.of(PK, s(userKey(followerId)), SK, s(FOLLOWING + followeeId),
                "since", s(since));
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    putIfAbsent(follower), // reason 0
                    putIfAbsent(following), // reason 1
                    TransactWriteItem.builder().conditionCheck(c -> c.tableName(table) // reason 2
                            .key(Map.of(PK, s(userKey(followeeId)), SK, s(PROFILE)))
                            .conditionExpression("attribute_exists(PK)")).build()));
            return true;
        } catch (TransactionCanceledException e) {
            if (failed(e, 2)) {
                throw new InvalidSocialRequestException(404, "There is no user with this id to follow.");
            }
            if (failed(e, 0)) {
                return false;
            }
            throw e;
        }
        // STARTER
        //| // TODO: one TransactWriteItems: the FOLLOWER#<followerId> item under USER#<followeeId> and the
        //| //  FOLLOWING#<followeeId> item under USER#<followerId>, each put only if absent, and a ConditionCheck that the
        //| //  followee's USER#<id>/PROFILE exists. Read CancellationReasons: a failed check on the profile is
        //| //  InvalidSocialRequestException(404, ...); a failed put means the follow exists already: return false, not
        //| //  an error (a retried request). Two separate puts leave half a follow when the second one fails.
        //| throw new UnsupportedOperationException("Task 8: follow, both directions in one transaction");
        // END TASK 8
    }
    // end::follow[]

    /**
     * Undoes a follow, both directions in one transaction.
     *
     * @return true if this call removed it, false if there was no such follow
     */
    public boolean unfollow(String followerId, String followeeId) {
        checkPair(followerId, followeeId);
        // BEGIN TASK 8
        try {
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().delete(d -> d.tableName(table)
                            .key(Map.of(PK, s(userKey(followeeId)), SK, s(FOLLOWER + followerId)))
                            .conditionExpression("attribute_exists(PK)")).build(),
                    TransactWriteItem.builder().delete(d -> d.tableName(table)
                            .key(Map.of(PK, s(userKey(followerId)), SK, s(FOLLOWING + followeeId)))).build()));
            return true;
        } catch (TransactionCanceledException e) {
            if (failed(e, 0)) {
                return false;
            }
            throw e;
        }
        // STARTER
        //| // TODO: one transaction deleting both items, the first only if it exists; a failed condition means there was
        //| //  no follow: return false.
        //| throw new UnsupportedOperationException("Task 8: unfollow, both directions in one transaction");
        // END TASK 8
    }

    // tag::followers[]
    /** Who follows {@code userId}, a page at a time, in id order. */
    public IdPage followers(String userId, int limit, String cursor) {
        return idPage(userId, FOLLOWER, followerCursors, limit, cursor);
    }

    /** Whom {@code userId} follows, a page at a time, in id order. */
    public IdPage following(String userId, int limit, String cursor) {
        return idPage(userId, FOLLOWING, followingCursors, limit, cursor);
    }

    private IdPage idPage(String userId, String prefix, CursorSealer sealer, int limit, String cursor) {
        checkId(userId);
        // BEGIN TASK 8
        QueryResponse page = itemsUnder(userKey(userId), prefix, sealer, limit, cursor, true);
        List<String> ids = page.items().stream().map(item -> item.get(SK).s().substring(prefix.length())).toList();
        return new IdPage(ids, sealer.seal(page.lastEvaluatedKey()));
        // STARTER
        //| // TODO: one Query on the key, PK = USER#<userId> AND begins_with(SK, prefix), Limit = limit, after the cursor
        //| //  (itemsUnder does it once you write it); the ids are the sort keys without the prefix, the next cursor the
        //| //  sealed LastEvaluatedKey.
        //| throw new UnsupportedOperationException("Task 8: list followers or following with a begins_with query");
        // END TASK 8
    }
    // end::followers[]

    /**
     * Publishes a post.
     *
     * @throws InvalidSocialRequestException 400 for an empty or too long text
     */
    public Post publish(String authorId, String text) {
        checkId(authorId);
        if (text == null || text.isBlank() || text.length() > MAX_POST_LENGTH) {
            throw new InvalidSocialRequestException(400, "A post is 1 to " + MAX_POST_LENGTH + " characters.");
        }
        Instant now = clock.instant();
        Post post = new Post(authorId, POST_TIME.format(now) + "-" + UUID.randomUUID(), text, now, 0);
        dynamo.putItem(b -> b.tableName(table).item(postItem(post)).conditionExpression("attribute_not_exists(PK)"));
        return post;
    }

    /** One post with its like count, or empty. */
    public Optional<Post> post(String authorId, String postId) {
        checkId(authorId);
        checkId(postId);
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(PK, s(userKey(authorId)), SK, s(POST + postId)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(toPost(item));
    }

    // tag::posts[]
    /** A user's posts, newest first, a page at a time. */
    public PostPage posts(String authorId, int limit, String cursor) {
        checkId(authorId);
        // BEGIN TASK 8
        QueryResponse page = itemsUnder(userKey(authorId), POST, postCursors, limit, cursor, false);
        return new PostPage(page.items().stream().map(SocialGraph::toPost).toList(),
                postCursors.seal(page.lastEvaluatedKey()));
        // STARTER
        //| // TODO: the same begins_with Query with the POST# prefix, read backwards (ScanIndexForward = false): the post
        //| //  ids start with the time, so the newest comes first without sorting anything.
        //| throw new UnsupportedOperationException("Task 8: a user's posts, newest first");
        // END TASK 8
    }
    // end::posts[]

    // tag::like[]
    /**
     * {@code userId} likes a post: the like item and the post's counter in one transaction.
     *
     * @return true if this call added the like, false if the user had liked the post already (the count is unchanged)
     * @throws InvalidSocialRequestException 404 when there is no such post
     */
    public boolean like(String authorId, String postId, String userId) {
        checkId(authorId);
        checkId(postId);
        checkId(userId);
        // BEGIN TASK 8
        return changeLike(authorId, postId, userId, true);
        // STARTER
        //| // TODO: one TransactWriteItems: put POST#<postId>/LIKE#USER#<userId> only if absent, and update the post item
        //| //  (USER#<authorId>/POST#<postId>) with ADD likes :one, only if it exists. A failed check on the like item is a
        //| //  like already given: return false; on the post, InvalidSocialRequestException(404, ...). Never read the count
        //| //  and write count + 1: two likes at once both write the same number.
        //| throw new UnsupportedOperationException("Task 8: like a post once, with an atomic counter");
        // END TASK 8
    }
    // end::like[]

    /** Takes a like back; false if there was none (the count is unchanged). */
    public boolean unlike(String authorId, String postId, String userId) {
        checkId(authorId);
        checkId(postId);
        checkId(userId);
        // BEGIN TASK 8
        return changeLike(authorId, postId, userId, false);
        // STARTER
        //| // TODO: the same transaction the other way round: delete the like only if it exists, ADD likes :minus_one.
        //| throw new UnsupportedOperationException("Task 8: take a like back");
        // END TASK 8
    }

    // tag::import-posts[]
    /**
     * Writes many posts at once (an import from another system): BatchWriteItem, 25 items a call. A batch may come back
     * with some items unwritten ({@code UnprocessedItems}, when a partition is throttled); they are sent again, after a
     * growing pause, until none is left.
     *
     * @throws IllegalStateException when items are still unwritten after {@value #MAX_BATCH_ATTEMPTS} attempts
     */
    public void importPosts(List<Post> posts) {
        posts.forEach(p -> {
            checkId(p.authorId());
            checkId(p.postId());
        });
        // A batch may not name one key twice: the last version of a post wins, as a sequence of puts would.
        Map<String, WriteRequest> byKey = new LinkedHashMap<>();
        posts.forEach(p -> byKey.put(p.authorId() + "/" + p.postId(),
                WriteRequest.builder().putRequest(PutRequest.builder().item(postItem(p)).build()).build()));
        List<WriteRequest> writes = new ArrayList<>(byKey.values());
        for (int from = 0; from < writes.size(); from += BATCH_SIZE) {
            writeBatch(writes.subList(from, Math.min(from + BATCH_SIZE, writes.size())));
        }
    }

    private void writeBatch(List<WriteRequest> batch) {
        // BEGIN TASK 8
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        for (int attempt = 0; attempt < MAX_BATCH_ATTEMPTS; attempt++) {
            if (attempt > 0) {
                pause(attempt);
            }
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse response = dynamo.batchWriteItem(b -> b.requestItems(request));
            pending = response.unprocessedItems();
            if (pending == null || pending.isEmpty()) {
                return;
            }
        }
        throw new IllegalStateException(pending.get(table).size() + " posts were not written after "
                + MAX_BATCH_ATTEMPTS + " attempts: the table is throttled, try the import again later");
        // STARTER
        //| // TODO: BatchWriteItem the batch; its answer's UnprocessedItems were NOT written (a throttled partition): send
        //| //  exactly those again, after pause(attempt), until none is left, at most MAX_BATCH_ATTEMPTS calls; then throw
        //| //  IllegalStateException. Ignoring UnprocessedItems loses posts without any error.
        //| throw new UnsupportedOperationException("Task 8: write a batch, again for its unprocessed items");
        // END TASK 8
    }
    // end::import-posts[]

    /** Exponential backoff with jitter: a throttled partition needs time, not an immediate second burst. */
    private static void pause(int attempt) {
        long ceiling = Math.min(1000L, 25L << attempt);
        try {
            Thread.sleep(ceiling / 2 + (long) (Math.random() * ceiling / 2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry a batch", e);
        }
    }

    // BEGIN TASK 8
    private QueryResponse itemsUnder(String pk, String prefix, CursorSealer sealer, int limit, String cursor,
                                     boolean forward) {
        if (limit < 1 || limit > DynamoDbUserRepository.MAX_PAGE_SIZE) {
            throw new InvalidPageRequestException("limit must be between 1 and "
                    + DynamoDbUserRepository.MAX_PAGE_SIZE + ".");
        }
        Map<String, AttributeValue> start = sealer.open(cursor);
        // A cursor sealed for another user's list opens fine but names another partition: DynamoDB would refuse it
        // with a ValidationException, a 500. It is the client's mistake, so it is a 400.
        if (start != null && (!pk.equals(value(start, PK)) || !value(start, SK).startsWith(prefix))) {
            throw new InvalidPageRequestException("This cursor belongs to another list.");
        }
        return dynamo.query(b -> b.tableName(table)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :prefix)")
                .expressionAttributeValues(Map.of(":pk", s(pk), ":prefix", s(prefix)))
                .scanIndexForward(forward)
                .limit(limit)
                .exclusiveStartKey(start));
    }

    private boolean changeLike(String authorId, String postId, String userId, boolean add) {
        Map<String, AttributeValue> likeKey = Map.of(PK, s(POST + postId), SK, s(LIKE + userId));
        TransactWriteItem likeItem = add
                ? TransactWriteItem.builder().put(p -> p.tableName(table)
                        .item(Map.of(PK, s(POST + postId), SK, s(LIKE + userId), "at", s(clock.instant().toString())))
                        .conditionExpression("attribute_not_exists(PK)")).build()
                : TransactWriteItem.builder().delete(d -> d.tableName(table).key(likeKey)
                        .conditionExpression("attribute_exists(PK)")).build();
        TransactWriteItem counter = TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Map.of(PK, s(userKey(authorId)), SK, s(POST + postId)))
                .updateExpression("ADD likes :delta")
                .conditionExpression("attribute_exists(PK)")
                .expressionAttributeValues(Map.of(":delta", AttributeValue.fromN(add ? "1" : "-1")))).build();
        try {
            dynamo.transactWriteItems(b -> b.transactItems(likeItem, counter));
            return true;
        } catch (TransactionCanceledException e) {
            if (failed(e, 1)) {
                throw new InvalidSocialRequestException(404, "There is no such post.");
            }
            if (failed(e, 0)) {
                return false;
            }
            throw e;
        }
    }

    private TransactWriteItem putIfAbsent(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(item).conditionExpression("attribute_not_exists(PK)"))
                .build();
    }

    private static boolean failed(TransactionCanceledException e, int index) {
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons.size() > index && CONDITION_FAILED.equals(reasons.get(index).code());
    }

    private static String value(Map<String, AttributeValue> key, String name) {
        AttributeValue value = key.get(name);
        return value == null || value.s() == null ? "" : value.s();
    }
    // END TASK 8

    private static Map<String, AttributeValue> postItem(Post post) {
        return Map.of(PK, s(userKey(post.authorId())), SK, s(POST + post.postId()),
                "authorId", s(post.authorId()), "postId", s(post.postId()), "text", s(post.text()),
                "createdAt", s(post.createdAt().toString()), "likes", AttributeValue.fromN(Long.toString(post.likes())));
    }

    private static Post toPost(Map<String, AttributeValue> item) {
        return new Post(item.get("authorId").s(), item.get("postId").s(), item.get("text").s(),
                Instant.parse(item.get("createdAt").s()), Long.parseLong(item.get("likes").n()));
    }

    private static void checkPair(String followerId, String followeeId) {
        checkId(followerId);
        checkId(followeeId);
        if (followerId.equals(followeeId)) {
            throw new InvalidSocialRequestException(400, "A user cannot follow themself.");
        }
    }

    private static void checkId(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new InvalidSocialRequestException(400, "An id is 1 to 100 letters, digits, '.', '_', ':' or '-'.");
        }
    }

    private static String userKey(String id) {
        return "USER#" + id;
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
