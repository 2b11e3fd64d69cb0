package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.EngineTestKit;

/**
 * PostgreSQL as lab 08 uses it in place of RDS: JDBC with the master user's credentials, a users table whose e-mail
 * uniqueness the database enforces, transactions, and a database of each test's own.
 */
@Tag("postgres")
@LocalCloudTest(services = Service.POSTGRES)
class PostgresTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MASTER = PostgresConnection.MASTER_USER;
    /** SQLSTATE for unique_violation: what the lab's repository maps to 409 Conflict. */
    private static final String UNIQUE_VIOLATION = "23505";

    private static void usersTable(DataSource db) throws SQLException {
        try (Connection c = db.getConnection(); Statement sql = c.createStatement()) {
            sql.execute("CREATE TABLE users (id uuid PRIMARY KEY, email text NOT NULL, name text NOT NULL)");
            // lower(email): Ada@Example.com and ada@example.com are one account
            sql.execute("CREATE UNIQUE INDEX users_email ON users (lower(email))");
        }
    }

    private static void insertUser(Connection c, String id, String email) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO users (id, email, name) VALUES (?::uuid, ?, 'Ada')")) {
            insert.setString(1, id);
            insert.setString(2, email);
            insert.executeUpdate();
        }
    }

    private static long count(DataSource db, String table) throws SQLException {
        try (Connection c = db.getConnection(); Statement sql = c.createStatement();
             ResultSet rows = sql.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    @DisplayName("Runs a real PostgreSQL 17 reached over TCP on loopback with the master user")
    void realServer(TestResources resources) throws SQLException {
        PostgresConnection db = resources.database();
        assertThat(db.host()).isEqualTo("127.0.0.1");
        assertThat(db.username()).isEqualTo("sjl_admin");
        try (Connection c = db.dataSource().getConnection(); Statement sql = c.createStatement();
             ResultSet row = sql.executeQuery("SELECT current_setting('server_version_num')::int, current_user, current_database()")) {
            row.next();
            assertThat(row.getInt(1)).as("server version").isBetween(170000, 179999);
            assertThat(row.getString(2)).isEqualTo("sjl_admin");
            assertThat(row.getString(3)).isEqualTo(db.database());
        }
    }

    @Test
    @DisplayName("Enforces e-mail uniqueness in the database, case-insensitively, with SQLSTATE 23505")
    void uniqueEmail(TestResources resources) throws SQLException {
        DataSource db = resources.database().dataSource();
        usersTable(db);
        try (Connection c = db.getConnection()) {
            insertUser(c, "7f0c1f3e-1111-4a8e-9d5b-1c1e0c2b0001", "ada@example.com");
            assertThatThrownBy(() -> insertUser(c, "7f0c1f3e-1111-4a8e-9d5b-1c1e0c2b0002", "Ada@Example.com"))
                    .as("a second account for the same e-mail must be refused by the unique index, not by a read first")
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo(UNIQUE_VIOLATION));
        }
        assertThat(count(db, "users")).isEqualTo(1);
    }

    @Test
    @DisplayName("Rolls back a transaction as a whole")
    void transactions(TestResources resources) throws SQLException {
        DataSource db = resources.database().dataSource();
        usersTable(db);
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            insertUser(c, "7f0c1f3e-2222-4a8e-9d5b-1c1e0c2b0001", "grace@example.com");
            assertThatThrownBy(() -> insertUser(c, "7f0c1f3e-2222-4a8e-9d5b-1c1e0c2b0002", "GRACE@example.com"))
                    .isInstanceOf(SQLException.class);
            c.rollback();
        }
        assertThat(count(db, "users")).as("the first insert of a failed transaction must not survive").isZero();
    }

    @Test
    @DisplayName("Gives each test a database of its own and drops it when the test ends")
    void isolatedDatabases() {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(TwoTests.class)).execute().testEvents()
                .assertStatistics(stats -> stats.succeeded(2).failed(0));
        assertThat(TwoTests.FIRST_DATABASE).as("the first sample test ran").isNotNull();
    }

    @Test
    @DisplayName("Closes what a test hands to closeAtEnd, last first, while its database still exists, then drops it")
    void closesBeforeDropping(LocalCloud cloud) throws SQLException {
        EngineTestKit.engine("junit-jupiter").selectors(selectClass(HeldConnections.class)).execute().testEvents()
                .assertStatistics(stats -> stats.succeeded(1).failed(0));
        assertThat(HeldConnections.CLOSED).as("what each close() saw: its database, and how many were closed before it")
                .containsExactly("second: database there, 0 closed before", "first: database there, 1 closed before");
        assertThat(databases(cloud.postgres())).as("the databases once the test ended: its own is dropped")
                .isNotEmpty().doesNotContain(HeldConnections.DATABASE);
    }

    @Test
    @DisplayName("Runs a test's statements on the cluster on one shared master session: the same server process before "
            + "and after the test's database is created, on the postgres database, with no login of its own")
    void onCluster(TestResources resources) throws SQLException {
        MasterConnections.Work<String> who = master -> {
            try (Statement statement = master.createStatement();
                 ResultSet row = statement.executeQuery("SELECT pg_backend_pid(), current_database(), current_user")) {
                row.next();
                return row.getInt(1) + " on " + row.getString(2) + " as " + row.getString(3);
            }
        };
        String before = resources.onCluster(who);
        resources.database();
        String after = resources.onCluster(who);

        assertThat(before).as("the cluster's own database, as the master user").endsWith(" on postgres as sjl_admin");
        assertThat(after).as("the same session after the test's database was created: a login per call would be a new "
                + "server process each time").isEqualTo(before);
    }

    @Test
    @DisplayName("Refuses a wrong password (scram-sha-256, as RDS)")
    void wrongPassword(TestResources resources) {
        PostgresConnection db = resources.database();
        assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password() + "x").close())
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
    }

    @Test
    @DisplayName("Stores SCRAM-SHA-256 verifiers with 256 rounds, for the master and for a role a test creates")
    void scramRounds(TestResources resources) throws Exception {
        PostgresConnection db = resources.database();
        String probe = db.database() + "_probe"; // roles span the cluster: a name no other test uses
        try (Connection c = db.dataSource().getConnection(); Statement statement = c.createStatement()) {
            statement.execute("CREATE ROLE " + probe + " LOGIN PASSWORD 'probe-password-1'");
            try (ResultSet rows = statement.executeQuery("SELECT rolname = 'sjl_admin', rolpassword FROM pg_authid "
                    + "WHERE rolname IN ('sjl_admin', '" + probe + "') ORDER BY 1")) {
                List<String> verifiers = new ArrayList<>();
                while (rows.next()) {
                    verifiers.add((rows.getBoolean(1) ? "master " : "probe ") + rows.getString(2).replaceAll(":.*", ""));
                }
                assertThat(verifiers).containsExactly("probe SCRAM-SHA-256$256", "master SCRAM-SHA-256$256");
            } finally {
                statement.execute("DROP ROLE " + probe);
            }
        }
    }

    @Test
    @DisplayName("Describes the connection without its password, and as an RDS-shaped secret with it")
    void secretShape(TestResources resources) throws Exception {
        PostgresConnection db = resources.database();
        assertThat(db.toString()).doesNotContain(db.password()).isEqualTo("postgresql://sjl_admin@127.0.0.1:" + db.port() + "/" + db.database());
        assertThat(db.jdbcUrl()).doesNotContain(db.password());

        JsonNode secret = JSON.readTree(db.toSecretJson());
        assertThat(secret.path("engine").asText()).isEqualTo("postgres");
        assertThat(secret.path("host").asText()).isEqualTo("127.0.0.1");
        assertThat(secret.path("port").asInt()).isEqualTo(db.port());
        assertThat(secret.path("username").asText()).isEqualTo("sjl_admin");
        assertThat(secret.path("password").asText()).isEqualTo(db.password());
        assertThat(secret.path("dbname").asText()).isEqualTo(db.database());
    }

    @Test
    @DisplayName("Answers the wire protocol's SSLRequest, which is how `kit cloud status` probes it")
    void answersProbe(LocalCloud cloud) {
        PostgresConnection master = cloud.postgres();
        assertThat(PostgresEmulator.answers(master.host(), master.port())).isTrue();
        assertThat(PostgresEmulator.answers(master.host(), Ports.freePort())).as("nothing listens on a free port").isFalse();
    }

    @Test
    @DisplayName("Gives every start a master password of its own, set before the server listens and never logged")
    void passwordPerStart(@TempDir Path logs) throws Exception {
        String first;
        String second;
        try (PostgresEmulator one = PostgresEmulator.start(0, logs.resolve("one"));
             PostgresEmulator two = PostgresEmulator.start(0, logs.resolve("two"))) {
            first = one.connection().password();
            second = two.connection().password();
            assertThat(first).as("two starts on one template share no password").isNotEqualTo(second);
            assertThatThrownBy(() -> DriverManager.getConnection(two.connection().jdbcUrl(), MASTER, first).close())
                    .as("one server's password does not open the other").isInstanceOf(SQLException.class);
            try (Connection c = one.connection().dataSource().getConnection()) {
                assertThat(c.isValid(5)).isTrue();
            }
        }
        for (String server : List.of("one", "two")) {
            String log = Files.readString(logs.resolve(server).resolve("postgres.log"));
            assertThat(log).as("postgres.log shows the server started").contains("ready to accept connections");
            assertThat(log).as("postgres.log never holds a master password").doesNotContain(first).doesNotContain(second);
        }
    }

    private static List<String> databases(PostgresConnection master) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = master.dataSource().getConnection(); Statement sql = c.createStatement();
             ResultSet rows = sql.executeQuery("SELECT datname FROM pg_database")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    /** A test that leaves two open connections to its database for closeAtEnd, as a test's connection pool would. */
    @LocalCloudTest(services = Service.POSTGRES)
    static class HeldConnections {
        static final List<String> CLOSED = new CopyOnWriteArrayList<>();
        static volatile String DATABASE;

        @Test
        void holds(LocalCloud cloud, TestResources resources) throws SQLException {
            CLOSED.clear();
            PostgresConnection db = resources.database();
            PostgresConnection master = cloud.postgres();
            for (String name : List.of("first", "second")) {
                Connection held = db.dataSource().getConnection();
                resources.closeAtEnd(() -> {
                    CLOSED.add(name + ": database " + (databases(master).contains(db.database()) ? "there" : "gone")
                            + ", " + CLOSED.size() + " closed before");
                    held.close();
                });
            }
            DATABASE = db.database();
        }
    }

    /** Two tests run in order: the second must neither see the first one's table nor find its database still there. */
    @LocalCloudTest(services = Service.POSTGRES)
    @TestMethodOrder(MethodOrderer.MethodName.class)
    static class TwoTests {
        static volatile String FIRST_DATABASE;

        @Test
        void a(TestResources resources) throws SQLException {
            PostgresConnection db = resources.database();
            assertThat(db.database()).isEqualTo(resources.prefix().replace('-', '_'));
            try (Connection c = db.dataSource().getConnection(); Statement sql = c.createStatement()) {
                sql.execute("CREATE TABLE only_here (id int)");
            }
            FIRST_DATABASE = db.database();
        }

        @Test
        void b(LocalCloud cloud, TestResources resources) throws SQLException {
            PostgresConnection db = resources.database();
            assertThat(db.database()).isNotEqualTo(FIRST_DATABASE);
            assertThatThrownBy(() -> count(db.dataSource(), "only_here"))
                    .as("another test's table is not visible in mine").isInstanceOf(SQLException.class);
            assertThat(databases(cloud.postgres())).as("a finished test's database is dropped")
                    .doesNotContain(FIRST_DATABASE).contains(db.database());
        }
    }
}
