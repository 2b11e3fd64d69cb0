package dev.sjl.localcloud;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One open connection per PostgreSQL master, on the cluster's own database, kept for the JVM: every test's
 * {@code TestResources} creates and drops its database on it and runs its statements on the cluster there, and the
 * local cloud's reset runs on it before every test of a shared cloud. A login costs PostgreSQL a server process of its
 * own and the client a SCRAM handshake. Used under this class's lock, so callers in parallel take turns.
 */
public final class MasterConnections {
    private static final Map<PostgresConnection, Connection> OPEN = new HashMap<>();

    private MasterConnections() {
    }

    /** What a caller does as the master with the open connection. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection master) throws SQLException;
    }

    /** Runs {@code work} on the open connection to {@code master}, opening a new one when it was closed or broken. */
    public static synchronized <T> T with(PostgresConnection master, Work<T> work) throws SQLException {
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
            // a broken connection must not serve the next caller: it reconnects instead
            OPEN.remove(master);
            closeQuietly(open);
            throw e;
        }
    }

    /** Closes the connection kept for {@code master}, if any: its server is about to stop. */
    public static synchronized void close(PostgresConnection master) {
        Connection open = OPEN.remove(master);
        if (open != null) {
            closeQuietly(open);
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
