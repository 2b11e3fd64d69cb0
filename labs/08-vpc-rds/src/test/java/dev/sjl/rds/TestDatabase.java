package dev.sjl.rds;

import dev.sjl.localcloud.LocalCloud;
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

    final PostgresConnection master;
    final PostgresConnection cluster;
    final String role;
    private String password;

    private TestDatabase(PostgresConnection master, PostgresConnection cluster, String role) {
        this.master = master;
        this.cluster = cluster;
        this.role = role;
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

    /** A login role that owns nothing but may use the test's database, with a random password. */
    static TestDatabase withRole(LocalCloud cloud, TestResources resources) {
        PostgresConnection master = resources.database();
        TestDatabase db = new TestDatabase(master, cloud.postgres(), master.database() + "_app");
        db.password = UUID.randomUUID().toString();
        db.execute(db.cluster, "CREATE ROLE " + db.role + " LOGIN PASSWORD '" + db.password + "'");
        db.execute(db.cluster, "GRANT ALL ON DATABASE " + master.database() + " TO " + db.role);
        db.execute(master, "GRANT ALL ON SCHEMA public TO " + db.role);
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
        execute(cluster, "ALTER ROLE " + role + " PASSWORD '" + password + "'");
        return password;
    }

    /** Ends every session on the test's database, as a restart or a failover would, and waits until they are gone. */
    void terminateSessions() {
        execute(cluster, "SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE datname = '"
                + master.database() + "' AND pid <> pg_backend_pid()");
    }

    /** The server processes of the sessions now open on the test's database (one per connection). */
    Set<Integer> sessions() {
        try (Connection c = cluster.dataSource().getConnection();
             PreparedStatement select = c.prepareStatement(
                     "SELECT pid FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()")) {
            select.setString(1, master.database());
            Set<Integer> pids = new TreeSet<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    pids.add(rows.getInt(1));
                }
            }
            return pids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void execute(PostgresConnection on, String sql) {
        try (Connection c = on.dataSource().getConnection(); Statement statement = c.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("(the test's own setup) " + sql.replaceAll("PASSWORD '[^']*'", "PASSWORD ***")
                    + ": " + e.getMessage(), e);
        }
    }

    /** Drops the role: its objects in the test's database first, then the role itself (roles span databases). */
    @Override
    public void close() {
        terminateSessions();
        execute(master, "DROP OWNED BY " + role);
        execute(cluster, "DROP ROLE IF EXISTS " + role);
    }
}
