package dev.sjl.localcloud.junit;

import dev.sjl.localcloud.PostgresConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One open connection per PostgreSQL master, shared by every test's {@link TestResources}: each test creates and drops
 * a database as the master, and a new connection for each is a SCRAM handshake (4,096 PBKDF2 rounds in this JVM, some
 * 30 ms) twice per test. Used under this class's lock, so tests running in parallel take turns for those statements.
 */
final class MasterConnections {
    private static final Map<PostgresConnection, Connection> OPEN = new HashMap<>();

    private MasterConnections() {
    }

    /** Runs {@code work} on the open connection to {@code master}, opening a new one when it was closed or broken. */
    static synchronized <T> T with(PostgresConnection master, TestResources.ClusterWork<T> work) throws SQLException {
        Connection open = OPEN.get(master);
        if (open == null || !open.isValid(5)) {
            if (open != null) {
                closeQuietly(open);
            }
            open = master.dataSource().getConnection();
            OPEN.put(master, open);
        }
        try {
            return work.apply(open);
        } catch (SQLException e) {
            // a broken connection must not serve the next test: it reconnects instead
            OPEN.remove(master);
            closeQuietly(open);
            throw e;
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // it was broken already
        }
    }
}
