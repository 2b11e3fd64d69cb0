package dev.sjl.rds;

import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.users.User;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Input that would change the SQL if it were pasted into it: quotes that close a literal, comments, a second
 * statement, a UNION, dollar quoting, LIKE's wildcards. With placeholders every one of them is just text: found as
 * nothing, stored and read back as it was, and the table is untouched.
 */
@Tag("task:1")
@LocalCloudTest(services = Service.POSTGRES)
@DisplayName("Task 1: SQL injection, refused by construction")
class SqlInjectionTest {

    private static final String HASH = "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW";
    private static final Instant CREATED = Instant.parse("2026-01-15T10:00:00.123Z");
    private static final String RULE = "build SQL with placeholders (?) and bind the input (setString), never "
            + "string-concatenated SQL or a LIKE pattern";

    // tag::payloads[]
    static final List<String> PAYLOADS = List.of(
            "x') OR ('1'='1",
            "' OR '1'='1",
            "'; DROP TABLE users; --",
            "ada@example.com'--",
            "%",
            "_da@example.com",
            "' UNION SELECT id, email, password_hash, created_at FROM users --",
            "$$; DELETE FROM users; $$",
            "\\'; DELETE FROM users; --",
            "ada@example.com' OR 1=1 /*",
            "'); SELECT pg_sleep(0); --",
            "\" OR \"\"=\"",
            "E'\\x27 OR true --",
            "'||(SELECT password_hash FROM users LIMIT 1)||'");
    // end::payloads[]

    @Test
    @DisplayName("Finds nobody for an injection payload, by email or by id, and throws nothing")
    void lookupsTreatPayloadsAsText(TestResources resources) {
        PostgresUserRepository users = new PostgresUserRepository(TestDatabase.pooled(resources));
        User ada = new User("id-ada", "ada@example.com", HASH, CREATED);
        users.create(ada);

        for (String payload : PAYLOADS) {
            Throwable byEmail = catchThrowable(() -> assertThat(users.findByEmail(payload))
                    .as("findByEmail(%s) found a user: %s", payload, RULE).isEmpty());
            assertThat(byEmail).as("findByEmail(%s) failed: %s", payload, RULE).isNull();
            Throwable byId = catchThrowable(() -> assertThat(users.findById(payload))
                    .as("findById(%s) found a user: %s", payload, RULE).isEmpty());
            assertThat(byId).as("findById(%s) failed: %s", payload, RULE).isNull();
        }
        assertThat(users.findById("id-ada")).as("Ada after the payloads").contains(ada);
    }

    @Test
    @DisplayName("Stores a payload as an email and an id exactly as given, and changes nothing else")
    void payloadsAreStoredAsData(TestResources resources) throws SQLException {
        DataSource db = TestDatabase.pooled(resources);
        PostgresUserRepository users = new PostgresUserRepository(db);
        User ada = new User("id-ada", "ada@example.com", HASH, CREATED);
        users.create(ada);

        for (int i = 0; i < PAYLOADS.size(); i++) {
            String payload = PAYLOADS.get(i);
            User stored = new User(payload, payload, HASH, CREATED);
            Throwable thrown = catchThrowable(() -> users.create(stored));
            assertThat(thrown).as("create with %s as id and email failed: %s", payload, RULE).isNull();
            Optional<User> back = users.findByEmail(payload);
            assertThat(back).as("the user stored under %s, read back by email: %s", payload, RULE).contains(stored);
            assertThat(users.findById(payload)).as("the user stored under %s, read back by id", payload).contains(stored);
        }

        assertThat(PostgresSchemaTest.strings(db, "SELECT count(*) FROM users"))
                .as("users in the table: Ada and one per payload, nothing dropped or deleted")
                .containsExactly(Integer.toString(PAYLOADS.size() + 1));
        assertThat(users.findByEmail("ada@example.com")).as("Ada, untouched by the payloads").contains(ada);
    }
}
