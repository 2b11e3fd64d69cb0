package dev.sjl.dynamodb;

import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.users.User;
import dev.sjl.users.UserServiceException;
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

@Tag("task:2")
@LocalCloudTest(services = Service.DYNAMODB)
@DisplayName("Task 2: sign-ups in DynamoDB")
class SignupTest {

    private static final String HASH = "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW";
    private static final Instant CREATED = Instant.parse("2026-01-15T10:00:00Z");

    private enum Outcome { CREATED, EMAIL_TAKEN, OTHER_REASON }

    // tag::signup-race[]
    @Test
    @DisplayName("Lets exactly one of 200 parallel sign-ups for one email win; the other 199 get EMAIL_TAKEN")
    void twoHundredParallelSignups(DynamoDbClient dynamo, TestResources resources) throws Exception {
        DynamoDbUserRepository users = new DynamoDbUserRepository(dynamo, Tables.fresh(dynamo, resources), Tables.randomKey());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        List<Future<Outcome>> outcomes = new ArrayList<>();
        try {
            for (int i = 0; i < 200; i++) {
                User candidate = new User("racer-" + i, "popular@example.com", HASH, CREATED);
                outcomes.add(pool.submit(() -> {
                    start.await();
                    try {
                        users.create(candidate);
                        return Outcome.CREATED;
                    } catch (UserServiceException e) {
                        return e.reason() == UserServiceException.Reason.EMAIL_TAKEN ? Outcome.EMAIL_TAKEN : Outcome.OTHER_REASON;
                    }
                }));
            }
            start.countDown();
            List<Outcome> seen = new ArrayList<>();
            for (Future<Outcome> outcome : outcomes) {
                seen.add(Concurrency.await(outcome));
            }
            assertThat(seen).as("sign-ups that succeeded: claim the email and create the user in ONE transaction, each put "
                    + "conditional on attribute_not_exists; a check then put lets several through")
                    .filteredOn(o -> o == Outcome.CREATED).hasSize(1);
            assertThat(seen).as("sign-ups refused with EMAIL_TAKEN (409)").filteredOn(o -> o == Outcome.EMAIL_TAKEN).hasSize(199);
        } finally {
            pool.shutdownNow();
        }
        assertThat(Tables.everyItem(dynamo, users.tableName()))
                .as("items about popular@example.com: one user and one email claim, nothing half-written")
                .filteredOn(item -> item.get("PK").s().startsWith("USER#")).hasSize(1);
    }
    // end::signup-race[]

    @Test
    @DisplayName("Reads CancellationReasons: a taken id is not a taken email, and claims nothing")
    void takenIdIsNotTakenEmail(DynamoDbClient dynamo, TestResources resources) {
        DynamoDbUserRepository users = new DynamoDbUserRepository(dynamo, Tables.fresh(dynamo, resources), Tables.randomKey());
        users.create(new User("same-id", "ada@example.com", HASH, CREATED));

        Throwable thrown = catchThrowable(() -> users.create(new User("same-id", "grace@example.com", HASH, CREATED)));

        assertThat(thrown).as("a second user with a taken id must be refused (the user item's condition)").isNotNull();
        boolean saysEmailTaken = thrown instanceof UserServiceException e && e.reason() == UserServiceException.Reason.EMAIL_TAKEN;
        assertThat(saysEmailTaken).as("CancellationReasons has one entry per action, in order: only a ConditionalCheckFailed "
                + "on the email claim means EMAIL_TAKEN; here it was the user item (%s)", thrown).isFalse();
        assertThat(users.findByEmail("grace@example.com")).as("the cancelled transaction claimed no email").isEmpty();
        assertThat(users.findById("same-id").map(User::email)).as("the first user is unchanged").contains("ada@example.com");
    }

    @Test
    @DisplayName("Keeps users across a restart: a new repository on the same table finds them")
    void survivesARestart(DynamoDbClient dynamo, TestResources resources) {
        String table = Tables.fresh(dynamo, resources);
        User ada = new User("ada-id", "ada@example.com", HASH, CREATED);
        new DynamoDbUserRepository(dynamo, table, Tables.randomKey()).create(ada);

        DynamoDbUserRepository afterColdStart = new DynamoDbUserRepository(dynamo, table, Tables.randomKey());

        assertThat(afterColdStart.findByEmail("ada@example.com")).as("the user, found by a fresh container").contains(ada);
        assertThat(afterColdStart.load("ada-id").map(DynamoDbUserRepository.VersionedUser::version))
                .as("a new user's version").contains(1L);
    }
}
