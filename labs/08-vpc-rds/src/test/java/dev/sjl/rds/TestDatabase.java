package dev.sjl.rds;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sjl.localcloud.PostgresConnection;
import dev.sjl.localcloud.junit.TestResources;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A test's own database and, for the credential and connection tests, a login role of its own: the master user is
 * shared by every test on the local cloud, so a test that rotates a password rotates its own role's.
 */
final class TestDatabase implements AutoCloseable {

    /** The contract's race runs eight creates at once, each of which must have a connection of its own. */
    static final int POOL_SIZE = 8;

    final PostgresConnection master;
    final String role;
    /** The test's, whose cluster connection runs the role's setup and every look at the sessions (onCluster). */
    private final TestResources resources;
    private String password;

    private TestDatabase(PostgresConnection master, String role, TestResources resources) {
        this.master = master;
        this.role = role;
        this.resources = resources;
    }

    /** The test's database, as its master user (migrations not run). */
    static DataSource plain(TestResources resources) {
        return resources.database().dataSource();
    }

    /** The test's database with the schema of db/migration in it. */
    static DataSource migrated(TestResources resources) {
        DataSource dataSource = resources.database().dataSource();
        Migrations.apply(dataSource);
        return dataSource;
    }

    /**
     * The test's database with the schema, through a pool of up to {@value #POOL_SIZE} connections that is closed when
     * the test ends: as the function uses it, and for tests that make many calls (the repository contract, the
     * injection payloads). Without it every call logs in anew, and each login costs PostgreSQL a server process of its
     * own, some 20 ms of CPU on a two-core machine: logins were most of PostgreSQL's work in this lab's test runs.
     */
    static DataSource pooled(TestResources resources) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(migrated(resources));
        config.setPoolName(resources.prefix() + "-pool");
        config.setMaximumPoolSize(POOL_SIZE);
        config.setMinimumIdle(0);
        return resources.closeAtEnd(new HikariDataSource(config));
    }

    /** A login role that owns nothing but may use the test's database, with a random password. */
    static TestDatabase withRole(TestResources resources) {
        PostgresConnection master = resources.database();
        TestDatabase db = new TestDatabase(master, master.database() + "_app", resources);
        db.password = UUID.randomUUID().toString();
        db.onCluster("CREATE ROLE " + db.role + " LOGIN PASSWORD '" + db.password + "'");
        db.onCluster("GRANT ALL ON DATABASE " + master.database() + " TO " + db.role);
        execute(master, "GRANT ALL ON SCHEMA public TO " + db.role);
        return db;
    }

    /** The secret RDS would hold for the role: {@link PostgresConnection#toSecretJson()} with the role's login. */
    String secretJson() {
        return secretJson(password);
    }

    String secretJson(String anyPassword) {
        return new PostgresConnection(master.host(), master.port(), master.database(), role, anyPassword).toSecretJson();
    }

    /** The secret for the role, naming another database (one that does not exist, say). */
    String secretJsonForDatabase(String database) {
        return new PostgresConnection(master.host(), master.port(), database, role, password).toSecretJson();
    }

    /** Rotates the role's password in PostgreSQL (the secret is the test's to update); returns the new one. */
    String rotatePassword() {
        password = UUID.randomUUID().toString();
        onCluster("ALTER ROLE " + role + " PASSWORD '" + password + "'");
        return password;
    }

    /** Ends every session on the test's database, as a restart or a failover would, and waits until they are gone. */
    void terminateSessions() {
        onCluster("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = '"
                + master.database() + "' AND pid <> pg_backend_pid()");
    }

    /** The server processes of the sessions now open on the test's database (one per connection). */
    Set<Integer> sessions() {
        try {
            return resources.onCluster(cluster -> {
                try (PreparedStatement select = cluster.prepareStatement(
                        "SELECT pid FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
                    select.setString(1, master.database());
                    Set<Integer> pids = new TreeSet<>();
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            pids.add(rows.getInt(1));
                        }
                    }
                    return pids;
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void onCluster(String sql) {
        try {
            resources.onCluster(cluster -> {
                try (Statement statement = cluster.createStatement()) {
                    return statement.execute(sql);
                }
            });
        } catch (SQLException e) {
            throw setupFailed(sql, e);
        }
    }

    private static void execute(PostgresConnection on, String sql) {
        try (Connection c = on.dataSource().getConnection(); Statement statement = c.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw setupFailed(sql, e);
        }
    }

    private static IllegalStateException setupFailed(String sql, SQLException e) {
        return new IllegalStateException("(the test's own setup) " + sql.replaceAll("PASSWORD '[^']*'", "PASSWORD ***")
                + ": " + e.getMessage(), e);
    }

    /** Drops the role: its objects in the test's database first, then the role itself (roles span databases). */
    @Override
    public void close() {
        terminateSessions();
        execute(master, "DROP OWNED BY " + role);
        onCluster("DROP ROLE IF EXISTS " + role);
    }
}
