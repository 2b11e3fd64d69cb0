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
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@Tag("task:1")
@LocalCloudTest(services = Service.POSTGRES)
@DisplayName("Task 1: the schema by migrations, and two writes in one transaction")
class PostgresSchemaTest {

    private static final String HASH = "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW";
    private static final Instant CREATED = Instant.parse("2026-01-15T10:00:00.123Z");

    @Test
    @DisplayName("Runs the versioned migrations on an empty database, and nothing on a current one")
    void migratesOnce(TestResources resources) throws SQLException {
        DataSource db = TestDatabase.plain(resources);

        int first = Migrations.apply(db);
        int second = Migrations.apply(db);

        assertThat(first).as("migrations run on an empty database: every file under db/migration").isPositive();
        assertThat(second).as("migrations run again on a current schema (each file runs once, as "
                + "flyway_schema_history records)").isZero();
        assertThat(strings(db, "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank"))
                .as("the versions Flyway recorded").startsWith("1");
    }

    @Test
    @DisplayName("Writes a UserCreated event with each user, in the same transaction")
    void writesTheEventWithTheUser(TestResources resources) throws SQLException {
        DataSource db = TestDatabase.migrated(resources);
        PostgresUserRepository users = new PostgresUserRepository(db);

        users.create(new User("id-ada", "ada@example.com", HASH, CREATED));
        users.create(new User("id-grace", "grace@example.com", HASH, CREATED));

        assertThat(strings(db, "SELECT user_id || ' ' || type FROM user_events ORDER BY event_id"))
                .as("one UserCreated event per stored user, in user_events (the outbox a publisher reads)")
                .containsExactly("id-ada " + PostgresUserRepository.USER_CREATED,
                        "id-grace " + PostgresUserRepository.USER_CREATED);
    }

    // tag::no-event-for-a-refused-user[]
    @Test
    @DisplayName("Leaves no event behind when the user is refused: both writes or neither")
    void refusedUserLeavesNoEvent(TestResources resources) throws SQLException {
        DataSource db = TestDatabase.migrated(resources);
        PostgresUserRepository users = new PostgresUserRepository(db);
        users.create(new User("id-ada", "ada@example.com", HASH, CREATED));

        Throwable refused = catchThrowable(() -> users.create(new User("id-impostor", "ADA@example.com", HASH, CREATED)));

        assertThat(refused).as("a second account for ADA@example.com: the unique index on lower(email) refuses it, "
                + "and the repository says EMAIL_TAKEN").isInstanceOfSatisfying(UserServiceException.class,
                e -> assertThat(e.reason()).isEqualTo(UserServiceException.Reason.EMAIL_TAKEN));
        assertThat(strings(db, "SELECT user_id FROM user_events ORDER BY event_id"))
                .as("events after a refused create: the user and its event are one transaction (setAutoCommit(false), "
                        + "commit, rollback on failure), so a refused user leaves no event to publish")
                .containsExactly("id-ada");
    }
    // end::no-event-for-a-refused-user[]

    @Test
    @DisplayName("Keeps no user whose event could not be written: both writes or neither")
    void failedEventLeavesNoUser(TestResources resources) throws SQLException {
        DataSource db = TestDatabase.migrated(resources);
        // The test makes the second write fail for one user, as a full disk or a bug in the outbox would.
        try (Connection c = db.getConnection(); PreparedStatement alter = c.prepareStatement(
                "ALTER TABLE user_events ADD CONSTRAINT test_refuses_mallory CHECK (user_id <> 'id-mallory')")) {
            alter.execute();
        }
        PostgresUserRepository users = new PostgresUserRepository(db);

        Throwable failed = catchThrowable(() -> users.create(new User("id-mallory", "mallory@example.com", HASH, CREATED)));

        assertThat(failed).as("create when the event cannot be written: it must fail").isNotNull();
        assertThat(strings(db, "SELECT id FROM users"))
                .as("users after a create whose event failed: a user without its event is one the publisher never "
                        + "announces; write both in one transaction (setAutoCommit(false), commit, rollback)")
                .isEmpty();
    }

    @Test
    @DisplayName("Lets the database refuse two addresses that differ only in case")
    void uniqueIndexIgnoresCase(TestResources resources) throws SQLException {
        DataSource db = TestDatabase.migrated(resources);
        insert(db, "id-1", "Ada@Example.com");

        Throwable refused = catchThrowable(() -> insert(db, "id-2", "ada@example.com"));

        assertThat(refused).as("a direct INSERT of the same address in other case (the migration's unique index on "
                + "lower(email))").isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo(PostgresUserRepository.UNIQUE_VIOLATION));
    }

    private static void insert(DataSource db, String id, String email) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement(
                "INSERT INTO users (id, email, password_hash, created_at) VALUES (?, ?, 'x', now())")) {
            insert.setString(1, id);
            insert.setString(2, email);
            insert.executeUpdate();
        }
    }

    static List<String> strings(DataSource db, String sql) throws SQLException {
        try (Connection c = db.getConnection(); PreparedStatement select = c.prepareStatement(sql);
             ResultSet rows = select.executeQuery()) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
