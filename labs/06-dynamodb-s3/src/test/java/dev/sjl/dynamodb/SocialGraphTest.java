package dev.sjl.dynamodb;

import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.users.User;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@Tag("task:8")
@LocalCloudTest(services = Service.DYNAMODB)
@DisplayName("Task 8: followers, posts and likes in the same table")
class SocialGraphTest {

    private static final String HASH = "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW";
    private static final Instant START = Instant.parse("2026-03-01T09:00:00Z");

    /** A table with these users signed up, and a graph over it. */
    private static SocialGraph graph(DynamoDbClient dynamo, String table, MutableClock clock, String... users) {
        DynamoDbUserRepository repository = new DynamoDbUserRepository(dynamo, table, Tables.randomKey());
        for (String id : users) {
            repository.create(new User(id, id + "@example.com", HASH, START));
        }
        return new SocialGraph(dynamo, table, Tables.randomKey(), clock);
    }

    // tag::follow-test[]
    @Test
    @DisplayName("Follows in both directions at once, once, and unfollows in both")
    void followBothDirections(DynamoDbClient dynamo, TestResources resources) {
        String table = Tables.fresh(dynamo, resources);
        SocialGraph social = graph(dynamo, table, MutableClock.of(START, ZoneOffset.UTC), "ada", "bob");

        boolean first = social.follow("ada", "bob");
        boolean again = social.follow("ada", "bob");

        assertThat(first).as("the first follow made the follow").isTrue();
        assertThat(again).as("following again is a retried request: it returns false (already following) and writes "
                + "nothing; put both items with attribute_not_exists(PK) in one transaction").isFalse();
        assertThat(social.followers("bob", 10, null).userIds()).as("bob's followers (FOLLOWER# under USER#bob)")
                .containsExactly("ada");
        assertThat(social.following("ada", 10, null).userIds()).as("whom ada follows (FOLLOWING# under USER#ada)")
                .containsExactly("bob");
        assertThat(social.followers("ada", 10, null).userIds()).as("nobody follows ada").isEmpty();

        assertThat(social.unfollow("ada", "bob")).as("unfollow removed the follow").isTrue();
        assertThat(social.unfollow("ada", "bob")).as("unfollowing again finds nothing to remove").isFalse();
        assertThat(social.followers("bob", 10, null).userIds()).as("both halves are gone: followers").isEmpty();
        assertThat(social.following("ada", 10, null).userIds()).as("both halves are gone: following").isEmpty();
    }
    // end::follow-test[]

    @Test
    @DisplayName("Refuses to follow oneself or a user who does not exist, and leaves no half follow behind")
    void refusesBadFollows(DynamoDbClient dynamo, TestResources resources) {
        String table = Tables.fresh(dynamo, resources);
        SocialGraph social = graph(dynamo, table, MutableClock.of(START, ZoneOffset.UTC), "ada");

        Throwable self = catchThrowable(() -> social.follow("ada", "ada"));
        Throwable ghost = catchThrowable(() -> social.follow("ada", "ghost"));

        assertThat(self).as("following oneself is a 400").isInstanceOfSatisfying(InvalidSocialRequestException.class,
                e -> assertThat(e.status()).isEqualTo(400));
        assertThat(ghost).as("following a user with no account is a 404: a ConditionCheck on USER#<id>/PROFILE in the "
                + "same transaction already checks it").isInstanceOfSatisfying(InvalidSocialRequestException.class,
                e -> assertThat(e.status()).isEqualTo(404));
        assertThat(social.following("ada", 10, null).userIds()).as("the refused follow left no FOLLOWING# item: one "
                + "transaction writes both halves or neither").isEmpty();
        String bad = "ada#PROFILE";
        Map<String, org.assertj.core.api.ThrowableAssert.ThrowingCallable> calls = new java.util.LinkedHashMap<>();
        calls.put("follow(bad, ada)", () -> social.follow(bad, "ada"));
        calls.put("follow(ada, bad)", () -> social.follow("ada", bad));
        calls.put("unfollow(bad, ada)", () -> social.unfollow(bad, "ada"));
        calls.put("unfollow(ada, bad)", () -> social.unfollow("ada", bad));
        calls.put("followers(bad)", () -> social.followers(bad, 10, null));
        calls.put("following(bad)", () -> social.following(bad, 10, null));
        calls.put("publish(bad)", () -> social.publish(bad, "hi"));
        calls.put("posts(bad)", () -> social.posts(bad, 10, null));
        calls.put("post(bad, p)", () -> social.post(bad, "p"));
        calls.put("post(ada, bad)", () -> social.post("ada", bad));
        calls.put("like(bad, p, ada)", () -> social.like(bad, "p", "ada"));
        calls.put("like(ada, bad, ada)", () -> social.like("ada", bad, "ada"));
        calls.put("like(ada, p, bad)", () -> social.like("ada", "p", bad));
        calls.put("unlike(bad, p, ada)", () -> social.unlike(bad, "p", "ada"));
        calls.put("unlike(ada, bad, ada)", () -> social.unlike("ada", bad, "ada"));
        calls.put("unlike(ada, p, bad)", () -> social.unlike("ada", "p", bad));
        calls.put("importPosts(bad author)", () -> social.importPosts(List.of(new SocialGraph.Post(bad, "p", "x", START, 0))));
        calls.put("importPosts(bad post id)", () -> social.importPosts(List.of(new SocialGraph.Post("ada", bad, "x", START, 0))));
        calls.forEach((call, callable) -> assertThat(catchThrowable(callable)).as("%s: an id with '#' would write into "
                + "another item's key; refuse it with a 400 before any write", call)
                .isInstanceOfSatisfying(InvalidSocialRequestException.class, e -> assertThat(e.status()).isEqualTo(400)));
    }

    @Test
    @DisplayName("Lists followers a page at a time with a begins_with query, never a Scan, and refuses another list's cursor")
    void followersByQuery(DynamoDbClient dynamo, TestResources resources) {
        String table = Tables.fresh(dynamo, resources);
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            people.add("fan-" + i);
        }
        List<String> everyone = new ArrayList<>(people);
        everyone.add("star");
        everyone.add("other");
        SocialGraph setup = graph(dynamo, table, MutableClock.of(START, ZoneOffset.UTC), everyone.toArray(String[]::new));
        people.forEach(fan -> {
            setup.follow(fan, "star");
            setup.follow(fan, "other");
        });
        setup.follow("star", "other");
        Recording recording = new Recording(dynamo);
        SocialGraph social = new SocialGraph(recording, table, Tables.randomKey(), MutableClock.of(START, ZoneOffset.UTC));

        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String cursor = null;
        do {
            SocialGraph.IdPage page = social.followers("star", 3, cursor);
            seen.addAll(page.userIds());
            sizes.add(page.userIds().size());
            cursor = page.nextCursor();
        } while (cursor != null && sizes.size() < 10);

        assertThat(recording.operations).as("followers are one Query on PK = USER#<id> AND begins_with(SK, FOLLOWER#): a "
                + "Scan reads every item of the table to find them").doesNotContain("Scan").contains("Query");
        assertThat(seen).as("every follower once, in id order, and nobody else").containsExactlyElementsOf(people);
        assertThat(sizes.subList(0, 2)).as("full pages hold exactly the limit (Limit on the Query)").containsExactly(3, 3);
        SocialGraph.IdPage followingFirst = social.following("fan-0", 1, null);
        SocialGraph.IdPage followingNext = social.following("fan-0", 1, followingFirst.nextCursor());
        assertThat(List.of(followingFirst.userIds(), followingNext.userIds())).as("whom fan-0 follows, one a page: "
                + "the same Query on FOLLOWING# under USER#fan-0, continued from the sealed cursor")
                .containsExactly(List.of("other"), List.of("star"));
        String otherList = social.followers("other", 3, null).nextCursor();
        Throwable foreign = catchThrowable(() -> social.followers("star", 3, otherList));
        assertThat(foreign).as("a cursor of another user's list opens but names another partition: refuse it with "
                + "InvalidPageRequestException (400), not a ValidationException from DynamoDB (500)")
                .isInstanceOf(InvalidPageRequestException.class);
    }

    @Test
    @DisplayName("Lists a user's posts newest first, a page at a time")
    void postsNewestFirst(DynamoDbClient dynamo, TestResources resources) {
        String table = Tables.fresh(dynamo, resources);
        MutableClock clock = MutableClock.of(START, ZoneOffset.UTC);
        SocialGraph social = graph(dynamo, table, clock, "ada", "bob");
        List<String> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            published.add(social.publish("ada", "post " + i).postId());
            social.publish("bob", "bob's post " + i);
            clock.add(Duration.ofMinutes(1));
        }

        SocialGraph.PostPage first = social.posts("ada", 3, null);
        SocialGraph.PostPage second = social.posts("ada", 3, first.nextCursor());

        List<String> newestFirst = new ArrayList<>(published);
        java.util.Collections.reverse(newestFirst);
        List<String> seen = new ArrayList<>();
        first.posts().forEach(p -> seen.add(p.postId()));
        second.posts().forEach(p -> seen.add(p.postId()));
        assertThat(seen).as("ada's posts, newest first: the post id starts with the time, so read the POST# items "
                + "backwards (ScanIndexForward = false)").containsExactlyElementsOf(newestFirst);
        assertThat(first.posts()).as("only ada's posts").allSatisfy(p -> assertThat(p.authorId()).isEqualTo("ada"));
        assertThat(second.nextCursor()).as("the last page has no next cursor").isNull();
        Throwable empty = catchThrowable(() -> social.publish("ada", " "));
        assertThat(empty).as("an empty post is a 400").isInstanceOf(InvalidSocialRequestException.class);
        assertThat(social.publish("ada", "x".repeat(SocialGraph.MAX_POST_LENGTH)).text()).as("a post of exactly "
                + "MAX_POST_LENGTH characters is taken").hasSize(SocialGraph.MAX_POST_LENGTH);
        assertThat(catchThrowable(() -> social.publish("ada", "x".repeat(SocialGraph.MAX_POST_LENGTH + 1))))
                .as("one character more is a 400").isInstanceOf(InvalidSocialRequestException.class);
        assertThat(social.posts("ada", DynamoDbUserRepository.MAX_PAGE_SIZE, null).posts()).as("a page of the largest "
                + "size is allowed").hasSize(6);
        for (int limit : new int[] {0, DynamoDbUserRepository.MAX_PAGE_SIZE + 1}) {
            assertThat(catchThrowable(() -> social.posts("ada", limit, null))).as("limit %s is outside 1..%s: "
                    + "InvalidPageRequestException (400)", limit, DynamoDbUserRepository.MAX_PAGE_SIZE)
                    .isInstanceOf(InvalidPageRequestException.class);
        }
    }

    // tag::like-test[]
    @Test
    @DisplayName("Counts each user's like once, atomically, even when likes arrive at the same time")
    void likesOnce(DynamoDbClient dynamo, TestResources resources) throws Exception {
        String table = Tables.fresh(dynamo, resources);
        SocialGraph social = graph(dynamo, table, MutableClock.of(START, ZoneOffset.UTC), "ada");
        SocialGraph.Post post = social.publish("ada", "hello");

        assertThat(social.like("ada", post.postId(), "fan-0")).as("a first like counts").isTrue();
        assertThat(social.like("ada", post.postId(), "fan-0")).as("a second like by the same user counts once: put "
                + "LIKE#USER#<id> with attribute_not_exists in the transaction that adds to the counter").isFalse();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> likes = new ArrayList<>();
        try {
            for (int i = 1; i <= 20; i++) {
                String fan = "fan-" + i;
                likes.add(pool.submit(() -> {
                    start.await();
                    return social.like("ada", post.postId(), fan);
                }));
            }
            start.countDown();
            for (Future<Boolean> like : likes) {
                assertThat(Concurrency.await(like)).as("every new fan's like counts").isTrue();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(social.post("ada", post.postId()).orElseThrow().likes()).as("21 fans, 21 likes: ADD on the counter "
                + "in the same transaction, never a read of the count then a write of count + 1").isEqualTo(21);
        assertThat(social.unlike("ada", post.postId(), "fan-0")).as("unlike removes the like").isTrue();
        assertThat(social.unlike("ada", post.postId(), "fan-0")).as("unliking twice takes nothing more").isFalse();
        assertThat(social.post("ada", post.postId()).orElseThrow().likes()).as("the count after one unlike").isEqualTo(20);
        Throwable noPost = catchThrowable(() -> social.like("ada", "no-such-post", "fan-1"));
        assertThat(noPost).as("a like on a post that does not exist is a 404, and leaves no like item")
                .isInstanceOfSatisfying(InvalidSocialRequestException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
    // end::like-test[]

    // tag::batch-test[]
    @Test
    @DisplayName("Imports posts in batches of 25 and writes again what a throttled batch left unprocessed")
    void importRetriesUnprocessedItems(DynamoDbClient dynamo, TestResources resources) {
        String table = Tables.fresh(dynamo, resources);
        Throttled throttled = new Throttled(dynamo, 7);
        SocialGraph importer = new SocialGraph(throttled, table, Tables.randomKey(), MutableClock.of(START, ZoneOffset.UTC));
        List<SocialGraph.Post> posts = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            posts.add(new SocialGraph.Post("ada", String.format("20250101T0000%02d.000000000Z-import", i), "imported " + i,
                    START.minus(Duration.ofDays(50 - i)), i % 3));
        }

        importer.importPosts(posts);

        SocialGraph reader = new SocialGraph(dynamo, table, Tables.randomKey(), MutableClock.of(START, ZoneOffset.UTC));
        List<SocialGraph.Post> stored = new ArrayList<>();
        String cursor = null;
        do {
            SocialGraph.PostPage page = reader.posts("ada", 100, cursor);
            stored.addAll(page.posts());
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(throttled.largestBatch.get()).as("BatchWriteItem takes at most 25 items a call").isLessThanOrEqualTo(25);
        assertThat(stored).as("every imported post is stored: a batch's UnprocessedItems were not written, send them "
                + "again (with a pause) until none is left").hasSize(50);
        assertThat(stored.get(0).text()).as("the newest imported post comes first").isEqualTo("imported 49");
        Throttled stuck = new Throttled(dynamo, 0);
        Throwable gaveUp = catchThrowable(() -> new SocialGraph(stuck, table, Tables.randomKey(), MutableClock.of(START, ZoneOffset.UTC))
                .importPosts(posts.subList(0, 3)));
        assertThat(gaveUp).as("a table that never takes an item: give up with IllegalStateException, never loop for ever")
                .isInstanceOf(IllegalStateException.class);
        assertThat(stuck.calls.get()).as("BatchWriteItem calls before giving up: MAX_BATCH_ATTEMPTS")
                .isEqualTo(SocialGraph.MAX_BATCH_ATTEMPTS);
    }
    // end::batch-test[]

    /** Records which operations reach the table; delegates the ones the graph uses. */
    private static final class Recording implements DynamoDbClient {
        final List<String> operations = new CopyOnWriteArrayList<>();
        private final DynamoDbClient real;

        Recording(DynamoDbClient real) {
            this.real = real;
        }

        @Override
        public QueryResponse query(QueryRequest request) {
            operations.add("Query");
            return real.query(request);
        }

        @Override
        public ScanResponse scan(ScanRequest request) {
            operations.add("Scan");
            return real.scan(request);
        }

        @Override
        public GetItemResponse getItem(GetItemRequest request) {
            operations.add("GetItem");
            return real.getItem(request);
        }

        @Override
        public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
            operations.add("TransactWriteItems");
            return real.transactWriteItems(request);
        }

        @Override
        public String serviceName() {
            return real.serviceName();
        }

        @Override
        public void close() {
        }
    }

    /** A table under load: each BatchWriteItem writes only its first few items and hands the rest back unprocessed. */
    private static final class Throttled implements DynamoDbClient {
        final AtomicInteger largestBatch = new AtomicInteger();
        final AtomicInteger calls = new AtomicInteger();
        private final DynamoDbClient real;
        private final int acceptedPerCall;

        Throttled(DynamoDbClient real, int acceptedPerCall) {
            this.real = real;
            this.acceptedPerCall = acceptedPerCall;
        }

        @Override
        public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
            calls.incrementAndGet();
            Map<String, List<WriteRequest>> unprocessed = new java.util.HashMap<>();
            Map<String, List<WriteRequest>> accepted = new java.util.HashMap<>();
            request.requestItems().forEach((table, writes) -> {
                largestBatch.accumulateAndGet(writes.size(), Math::max);
                int cut = Math.min(acceptedPerCall, writes.size());
                accepted.put(table, writes.subList(0, cut));
                if (cut < writes.size()) {
                    unprocessed.put(table, writes.subList(cut, writes.size()));
                }
            });
            if (accepted.values().stream().anyMatch(w -> !w.isEmpty())) {
                real.batchWriteItem(b -> b.requestItems(accepted));
            } else if (request.requestItems().values().stream().allMatch(List::isEmpty)) {
                // What DynamoDB answers to a batch with nothing in it.
                throw new IllegalArgumentException("an empty batch is a ValidationException");
            }
            return BatchWriteItemResponse.builder().unprocessedItems(unprocessed).build();
        }

        @Override
        public PutItemResponse putItem(PutItemRequest request) {
            return real.putItem(request);
        }

        @Override
        public String serviceName() {
            return real.serviceName();
        }

        @Override
        public void close() {
        }
    }
}
