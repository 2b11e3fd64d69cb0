package dev.sjl.dynamodb;

import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.users.User;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@Tag("task:3")
@LocalCloudTest(services = Service.DYNAMODB)
@DisplayName("Task 3: updates with optimistic locking")
class OptimisticLockingTest {

    private static final String OLD = "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW";
    private static final Instant CREATED = Instant.parse("2026-01-15T10:00:00Z");

    private static DynamoDbUserRepository withAda(DynamoDbClient dynamo, TestResources resources) {
        DynamoDbUserRepository users = new DynamoDbUserRepository(dynamo, Tables.fresh(dynamo, resources), Tables.randomKey());
        users.create(new User("ada", "ada@example.com", OLD, CREATED));
        return users;
    }

    @Test
    @DisplayName("Changes the hash when the version read is current, and counts the version up")
    void updatesCurrentVersion(DynamoDbClient dynamo, TestResources resources) {
        DynamoDbUserRepository users = withAda(dynamo, resources);

        long next = users.changePasswordHash("ada", 1, "new-hash");

        assertThat(next).as("the version after one change").isEqualTo(2);
        assertThat(users.load("ada")).as("the stored user after the change: new hash, version 2, the rest as it was")
                .contains(new DynamoDbUserRepository.VersionedUser(new User("ada", "ada@example.com", "new-hash", CREATED), 2));
        assertThat(users.changePasswordHash("ada", 2, "newer-hash")).as("a second change from version 2").isEqualTo(3);
    }

    @Test
    @DisplayName("Refuses a change from a version someone else already changed, and keeps theirs")
    void refusesStaleVersion(DynamoDbClient dynamo, TestResources resources) {
        DynamoDbUserRepository users = withAda(dynamo, resources);
        users.changePasswordHash("ada", 1, "first-writer");

        Throwable thrown = catchThrowable(() -> users.changePasswordHash("ada", 1, "second-writer"));

        assertThat(thrown).as("a change that names version 1 after the item moved to 2 must throw "
                + "StaleVersionException (condition version = :expected), not overwrite the last writer").isInstanceOf(StaleVersionException.class);
        assertThat(users.findById("ada").map(User::passwordHash)).as("the first writer's hash is kept").contains("first-writer");
    }

    @Test
    @DisplayName("Refuses to change a user who does not exist, and creates nothing")
    void refusesUnknownUser(DynamoDbClient dynamo, TestResources resources) {
        DynamoDbUserRepository users = withAda(dynamo, resources);

        Throwable thrown = catchThrowable(() -> users.changePasswordHash("ghost", 1, "hash"));

        assertThat(thrown).as("an update of a missing user: StaleVersionException (an UpdateItem creates the item unless "
                + "the condition requires attribute_exists)").isInstanceOf(StaleVersionException.class);
        assertThat(users.load("ghost")).as("no half-made user without an email").isEmpty();
    }

    @Test
    @DisplayName("Lets exactly one of ten parallel changes from the same version win, round after round")
    void oneWinnerPerVersion(DynamoDbClient dynamo, TestResources resources) throws Exception {
        DynamoDbUserRepository users = withAda(dynamo, resources);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            for (long version = 1; version <= 5; version++) {
                long expected = version;
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    String hash = "round-" + version + "-writer-" + i;
                    results.add(pool.submit(() -> {
                        start.await();
                        try {
                            users.changePasswordHash("ada", expected, hash);
                            return true;
                        } catch (StaleVersionException e) {
                            return false;
                        }
                    }));
                }
                start.countDown();
                int winners = 0;
                for (Future<Boolean> result : results) {
                    winners += Concurrency.await(result) ? 1 : 0;
                }
                assertThat(winners).as("changes from version %s that succeeded: the version check and the write are one "
                        + "conditional UpdateItem, never a read, a compare and a put", expected).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(users.load("ada").map(DynamoDbUserRepository.VersionedUser::version)).as("the version after five "
                + "rounds with one winning change each").contains(6L);
    }
}
