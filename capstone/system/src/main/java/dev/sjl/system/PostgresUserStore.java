package dev.sjl.system;

import com.zaxxer.hikari.HikariDataSource;
import dev.sjl.http.HttpException;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.PostgresConnection;
import dev.sjl.rds.ConnectionPool;
import dev.sjl.rds.DatabaseConfig;
import dev.sjl.rds.DatabaseException;
import dev.sjl.rds.Migrations;
import dev.sjl.rds.PostgresUserRepository;
import dev.sjl.rds.SecretDataSource;
import dev.sjl.users.User;
import dev.sjl.users.UserRepository;
import dev.sjl.users.UserServiceException;
import org.flywaydb.core.Flyway;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The users of {@code kit run --db postgres}: lab 08's {@link PostgresUserRepository} on the local PostgreSQL, reached
 * the way lab 08's function reaches RDS (the secret in Secrets Manager, read by {@link SecretDataSource}, a HikariCP
 * pool from {@link ConnectionPool}, the schema by Flyway). The account and its {@code UserCreated} event (lab 08's
 * {@code user_events} outbox) are one transaction; {@link OutboxRelay} publishes the events.
 *
 * <p>The avatar and the notification preferences stay attributes of the DynamoDB profile item
 * ({@code USER#<sub>}/{@code PROFILE}): lab 06's and lab 09's updates are conditional on that item, so it is written
 * too, after the PostgreSQL commit. PostgreSQL decides: its unique index is what refuses a second owner of an email.
 *
 * <p>A database that cannot be reached (down, restarting, every pooled connection busy past the pool's timeout) is a
 * 503 with a JSON body from every function that reads or writes users here, never a 500 with a driver's message.
 */
final class PostgresUserStore implements UserRepository, AutoCloseable {

    static final String DATABASE = "users";
    static final String SECRET_NAME = "user-service/local/users-db";
    /** Where this module's migrations are, next to lab 08's {@link Migrations#LOCATION}. */
    static final String MIGRATIONS = "classpath:db/system";

    /**
     * Lab 08's pool holds one connection because a Lambda container serves one request at a time. Here one JVM stands
     * for every container of every function, so its pool holds what ten containers would: still far below the
     * server's max_connections (100), and a burst waits its turn for at most lab 08's connection timeout.
     */
    static final int POOL_SIZE = 10;

    private final HikariDataSource pool;
    private final PostgresUserRepository accounts;
    private final UserRepository profiles;

    private PostgresUserStore(HikariDataSource pool, UserRepository profiles) {
        this.pool = pool;
        this.accounts = new PostgresUserRepository(pool);
        this.profiles = Objects.requireNonNull(profiles, "profiles");
    }

    /**
     * Creates the {@value #DATABASE} database, its secret in RDS's JSON shape, the pool and the schema.
     *
     * @param profiles the DynamoDB profiles the avatars and preferences update
     */
    static PostgresUserStore start(LocalCloud cloud, UserRepository profiles) {
        PostgresConnection master = cloud.postgres();
        try (Connection c = master.dataSource().getConnection(); Statement sql = c.createStatement()) {
            sql.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the users database: " + e.getMessage(), e);
        }
        // The secret RDS keeps for a managed master password; the functions get its name, never the password.
        String secretArn = cloud.clients().secretsManager().createSecret(b -> b.name(SECRET_NAME)
                .secretString(master.withDatabase(DATABASE).toSecretJson())).arn();
        DatabaseConfig config = DatabaseConfig.from(Map.of(DatabaseConfig.DB_SECRET_ID.name(), secretArn,
                // The local server speaks no TLS; on RDS this is verify-full.
                DatabaseConfig.DB_SSL_MODE.name(), "disable"));
        HikariDataSource pool = ConnectionPool.create(new SecretDataSource(cloud.clients().secretsManager(), config));
        try {
            pool.getHikariConfigMXBean().setMaximumPoolSize(POOL_SIZE);
            migrate(pool);
            return new PostgresUserStore(pool, profiles);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    /** Lab 08's migrations, then this module's, in one history table: Flyway orders them by version. */
    static int migrate(DataSource dataSource) {
        return Flyway.configure(PostgresUserStore.class.getClassLoader())
                .dataSource(dataSource)
                .locations(Migrations.LOCATION, MIGRATIONS)
                .validateOnMigrate(true)
                .cleanDisabled(true)
                .load()
                .migrate().migrationsExecuted;
    }

    /** The pool, for the outbox relay (one pool per process, as one per container). */
    DataSource dataSource() {
        return pool;
    }

    @Override
    public void create(User user) {
        try {
            available(() -> {
                accounts.create(user);
                return null;
            });
        } catch (UserServiceException taken) {
            // PostConfirmation again for the same sub (Cognito retries a trigger that failed after our commit): the
            // account is this user's, so the profile item below may still be missing. Anyone else's is a refusal.
            if (taken.reason() != UserServiceException.Reason.EMAIL_TAKEN
                    || available(() -> accounts.findById(user.id())).filter(u -> u.email().equals(user.email())).isEmpty()) {
                throw taken;
            }
        }
        try {
            profiles.create(user);
        } catch (UserServiceException taken) {
            if (taken.reason() != UserServiceException.Reason.EMAIL_TAKEN || profiles.findById(user.id()).isEmpty()) {
                throw taken;
            }
        }
    }

    @Override
    public Optional<User> findByEmail(String email) {
        return available(() -> accounts.findByEmail(email));
    }

    @Override
    public Optional<User> findById(String id) {
        return available(() -> accounts.findById(id));
    }

    /** The work, with an unreachable database as a deliberate 503; any other database failure stays a failure (500). */
    private static <T> T available(Supplier<T> work) {
        try {
            return work.get();
        } catch (DatabaseException e) {
            if (unreachable(e)) {
                throw unavailable();
            }
            throw e;
        }
    }

    static HttpException unavailable() {
        return new HttpException(503, "database_unavailable",
                "The user database is unavailable right now: try again in a few seconds.");
    }

    /**
     * The database did not answer: SQLSTATE class 08 (connection exception), 57P01-57P03 (shut down, crashed,
     * starting), or the pool's own timeout waiting for a connection.
     */
    static boolean unreachable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        pool.close();
    }
}
