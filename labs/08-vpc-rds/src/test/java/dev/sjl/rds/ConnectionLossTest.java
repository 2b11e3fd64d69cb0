package dev.sjl.rds;

import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.users.User;
import dev.sjl.users.UserServiceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What the store does when the connection fails under it. The retry itself is written for you
 * ({@code withConnection}); these tests hold your create to it: nothing lost, nothing done twice.
 */
@Tag("task:1")
@LocalCloudTest(services = Service.POSTGRES)
@DisplayName("Task 1: the store when the connection fails")
class ConnectionLossTest {

    private static final String HASH = "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW";
    private static final Instant CREATED = Instant.parse("2026-01-15T10:00:00.123Z");
    private static final User ADA = new User("id-ada", "ada@example.com", HASH, CREATED);

    @Test
    @DisplayName("Reads again on a new connection when the database ended the first one")
    void readsAgainAfterTheConnectionEnded(TestResources resources) {
        DataSource db = TestDatabase.migrated(resources);
        new PostgresUserRepository(db).create(ADA);
        FlakyDataSource flaky = new FlakyDataSource(db, FlakyDataSource.Fault.ENDED_BEFORE_USE);

        Throwable thrown = catchThrowable(() -> assertThat(new PostgresUserRepository(flaky).findById("id-ada"))
                .contains(ADA));

        assertThat(thrown).as("findById on a connection the server had ended (run the work in withConnection)").isNull();
        assertThat(flaky.borrowed.get()).as("connections borrowed: the ended one, then one more").isEqualTo(2);
    }

    @Test
    @DisplayName("Reports success, once, when the answer to its COMMIT was lost")
    void lostCommitAnswerIsNotATakenEmail(TestResources resources) throws SQLException {
        DataSource db = TestDatabase.migrated(resources);
        FlakyDataSource flaky = new FlakyDataSource(db, FlakyDataSource.Fault.COMMIT_ANSWER_LOST);

        Throwable thrown = catchThrowable(() -> new PostgresUserRepository(flaky).create(ADA));

        assertThat(thrown).as("create whose COMMIT succeeded on the server but whose answer was lost: the retry finds "
                + "its own user, which is a success, not EMAIL_TAKEN").isNull();
        assertThat(PostgresSchemaTest.strings(db, "SELECT user_id FROM user_events"))
                .as("events: one, the create happened once").containsExactly("id-ada");
    }

    @Test
    @DisplayName("Does not retry a failure that is not a lost connection")
    void otherFailuresAreNotRetried(TestResources resources) {
        FlakyDataSource counting = new FlakyDataSource(TestDatabase.migrated(resources), FlakyDataSource.Fault.NONE);
        // Longer than the column's CHECK allows: an error in the data, which a second attempt cannot fix.
        User tooLong = new User("id-long", "a".repeat(300) + "@example.com", HASH, CREATED);

        Throwable thrown = catchThrowable(() -> new PostgresUserRepository(counting).create(tooLong));

        assertThat(thrown).as("a row the table's CHECK refuses").isInstanceOf(DatabaseException.class)
                .isNotInstanceOf(UserServiceException.class);
        assertThat(counting.borrowed.get()).as("connections borrowed for a failure that is not a lost connection")
                .isEqualTo(1);
    }

    @Test
    @DisplayName("Leaves a pooled connection usable after a refused create")
    void refusedCreateRollsBack(TestResources resources) throws SQLException {
        FlakyDataSource pool = new FlakyDataSource(TestDatabase.migrated(resources), FlakyDataSource.Fault.ONE_SHARED_CONNECTION);
        PostgresUserRepository users = new PostgresUserRepository(pool);
        users.create(ADA);
        catchThrowable(() -> users.create(new User("id-2", "ada@example.com", HASH, CREATED)));

        Throwable thrown = catchThrowable(() -> assertThat(users.findById("id-ada")).contains(ADA));
        pool.closeShared();

        assertThat(thrown).as("a read on the same connection after a refused create: roll the failed transaction "
                + "back, or the connection stays in an aborted transaction for the next request").isNull();
    }
}
