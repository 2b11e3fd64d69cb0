package dev.sjl.rds;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

/**
 * A real data source that can misbehave the way networks and databases do: hand out a connection the server already
 * ended, lose the answer to a COMMIT that the server carried out, or hand out one shared connection as a pool would.
 */
final class FlakyDataSource implements DataSource {

    enum Fault { NONE, ENDED_BEFORE_USE, COMMIT_ANSWER_LOST, ONE_SHARED_CONNECTION }

    final AtomicInteger borrowed = new AtomicInteger();
    private final DataSource real;
    private final Fault fault;
    private Connection shared;

    FlakyDataSource(DataSource real, Fault fault) {
        this.real = real;
        this.fault = fault;
    }

    @Override
    public Connection getConnection() throws SQLException {
        int borrow = borrowed.incrementAndGet();
        if (fault == Fault.ONE_SHARED_CONNECTION) {
            if (shared == null) {
                shared = real.getConnection();
            }
            return uncloseable(shared);
        }
        Connection connection = real.getConnection();
        if (borrow > 1) {
            return connection;
        }
        if (fault == Fault.ENDED_BEFORE_USE) {
            // The server ends this session, as a restart, a failover or pg_terminate_backend does.
            int pid = connection.unwrap(org.postgresql.PGConnection.class).getBackendPID();
            try (Connection other = real.getConnection(); Statement kill = other.createStatement()) {
                // The timeout makes it wait until the session is gone, so the test never races its end.
                kill.execute("SELECT pg_terminate_backend(" + pid + ", 5000)");
            }
            return connection;
        }
        if (fault == Fault.COMMIT_ANSWER_LOST) {
            return commitAnswerLost(connection);
        }
        return connection;
    }

    /** COMMIT reaches the server and succeeds, then the connection breaks before the client hears so. */
    private static Connection commitAnswerLost(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    Object result = invoke(connection, method, args);
                    if (method.getName().equals("commit")) {
                        connection.close();
                        throw new SQLException("An I/O error occurred while sending to the backend.", "08006");
                    }
                    return result;
                });
    }

    /** One connection for every borrower, as a pool's single connection is: close gives it back, it stays open. */
    private static Connection uncloseable(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> method.getName().equals("close") ? null : invoke(connection, method, args));
    }

    private static Object invoke(Connection connection, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(connection, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    void closeShared() throws SQLException {
        if (shared != null) {
            shared.close();
        }
    }

    @Override
    public Connection getConnection(String username, String password) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
    }

    @Override
    public void setLoginTimeout(int seconds) {
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() {
        return Logger.getGlobal();
    }

    @Override
    public <T> T unwrap(Class<T> iface) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return false;
    }
}
