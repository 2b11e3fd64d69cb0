package dev.sjl.rds;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;

/**
 * Connections to the database the RDS secret names, as the secret's user. The secret is read once, at init, and kept:
 * Secrets Manager is a network call with a price per 10,000 reads, not something to ask on every connection. When the
 * database refuses the cached password (it was rotated), the secret is read again, once, and the connection tried
 * with the new one; a second refusal is an error, not a loop.
 * <p>
 * The pool ({@link ConnectionPool}) takes its connections from here, so a rotation needs no restart of the function.
 */
public final class SecretDataSource implements DataSource {

    /** SQLSTATE invalid_password (28P01) and invalid_authorization_specification (28000): the login was refused. */
    private static final String INVALID_PASSWORD = "28P01";
    private static final String INVALID_AUTHORIZATION = "28000";

    /** Seconds: a Lambda invocation has seconds, not the driver's default of waiting forever on a dead host. */
    static final int CONNECT_TIMEOUT_SECONDS = 3;
    static final int SOCKET_TIMEOUT_SECONDS = 10;

    private final SecretsManagerClient secrets;
    private final DatabaseConfig config;
    private final AtomicReference<DatabaseSecret> current;
    private final org.postgresql.Driver driver = new org.postgresql.Driver();

    /** Reads the secret now: at init, where a missing secret or permission stops the function before any request. */
    public SecretDataSource(SecretsManagerClient secrets, DatabaseConfig config) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.config = Objects.requireNonNull(config, "config");
        this.current = new AtomicReference<>(fetch());
    }

    // tag::fetch-secret[]
    /** The secret's current version, parsed. */
    private DatabaseSecret fetch() {
        // BEGIN TASK 2
        String secretString;
        try {
            secretString = secrets.getSecretValue(b -> b.secretId(config.secretId())).secretString();
        } catch (SdkException e) {
            // The SDK's message names the secret and the reason (not found, access denied), never its value.
            throw new IllegalStateException("Cannot read the database secret " + config.secretId() + ": "
                    + e.getClass().getSimpleName(), e);
        }
        return DatabaseSecret.parse(secretString);
        // STARTER
        //| // TODO: GetSecretValue for config.secretId(), then DatabaseSecret.parse. An SDK failure becomes an
        //| //  IllegalStateException naming the secret's id (never its value).
        //| throw new UnsupportedOperationException("Task 2: read the database secret from Secrets Manager");
        // END TASK 2
    }
    // end::fetch-secret[]

    // tag::rotation[]
    @Override
    public Connection getConnection() throws SQLException {
        // BEGIN TASK 2
        DatabaseSecret used = current.get();
        try {
            return connect(used);
        } catch (SQLException refused) {
            if (!INVALID_PASSWORD.equals(refused.getSQLState()) && !INVALID_AUTHORIZATION.equals(refused.getSQLState())) {
                throw refused;
            }
            // Rotated, probably. Read the secret again, once; when two connections fail together, only the first
            // reads it (the second finds it already replaced), so a rotation costs one read, not one per thread.
            DatabaseSecret fresh;
            synchronized (this) {
                if (current.get() == used) {
                    try {
                        current.set(fetch());
                    } catch (RuntimeException unreadable) {
                        refused.addSuppressed(unreadable);
                        throw refused;
                    }
                }
                fresh = current.get();
            }
            return connect(fresh);
        }
        // STARTER
        //| // TODO: connect with the cached secret (connect(...)). Only when PostgreSQL refuses the login (SQLSTATE 28P01 or
        //| //  28000) read the secret again, ONCE (two threads failing together: one read), keep it, and try once more.
        //| //  Any other failure, and a second refusal, is thrown as it is.
        //| throw new UnsupportedOperationException("Task 2: connect with the cached secret, and re-read it once when the login is refused");
        // END TASK 2
    }
    // end::rotation[]

    /** One physical connection as the secret's user; the password goes to the driver and nowhere else. */
    private Connection connect(DatabaseSecret secret) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", secret.username());
        properties.setProperty("password", secret.password());
        properties.setProperty("sslmode", config.sslMode());
        properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        // pg_stat_activity shows which function holds a connection: the first question in a connection storm.
        properties.setProperty("ApplicationName", "users-function");
        String url = "jdbc:postgresql://" + secret.host() + ":" + secret.port() + "/" + secret.dbname();
        Connection connection = driver.connect(url, properties);
        if (connection == null) {
            throw new SQLException("The PostgreSQL driver does not accept the secret's host or database name", "08001");
        }
        return connection;
    }

    /** The pool asks for connections without credentials; the secret is the only place they come from. */
    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("Credentials come from the secret, not from the caller");
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // No driver logging: a log writer would receive connection details.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // Fixed above: CONNECT_TIMEOUT_SECONDS.
    }

    @Override
    public int getLoginTimeout() {
        return CONNECT_TIMEOUT_SECONDS;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("No java.util.logging here");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("Not a wrapper of " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "SecretDataSource[" + config.secretId() + "]";
    }
}
