package dev.sjl.rds;

import dev.sjl.users.User;
import dev.sjl.users.UserRepository;
import dev.sjl.users.UserServiceException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * The user store on PostgreSQL (RDS): the same rules as lab 03's map and lab 06's table, kept by the database itself
 * (a unique index, a transaction) rather than by the code around it.
 * <p>
 * Every statement is a {@link PreparedStatement} with {@code ?} placeholders: the input travels as a parameter, never
 * as part of the SQL text, so no email or id can change what a statement does.
 */
public final class PostgresUserRepository implements UserRepository {

    /** SQLSTATE unique_violation: the index on {@code lower(email)} (or the primary key) refused the row. */
    static final String UNIQUE_VIOLATION = "23505";

    /** The event the outbox carries for a new account. */
    public static final String USER_CREATED = "UserCreated";

    private final DataSource dataSource;

    /** @param dataSource in the function, the container's pool; in a test, any data source on a migrated schema */
    public PostgresUserRepository(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    // tag::create-user[]
    @Override
    public void create(User user) {
        // TODO: insert the user and its USER_CREATED event (user_events) in ONE transaction: both or neither.
        //  Placeholders (?) and setString/setObject only, never input in the SQL text. The unique index refuses a
        //  taken email with SQLSTATE UNIQUE_VIOLATION: roll back and throw taken(). Run it in withConnection.
        throw new UnsupportedOperationException("Task 1: insert the user and its event in one transaction");
    }
    // end::create-user[]

    // tag::find-user[]
    @Override
    public Optional<User> findByEmail(String email) {
        // TODO: null finds nothing. Otherwise one SELECT with a placeholder, matching the unique index's expression
        //  (lower(email)) so the database answers from the index; read created_at as an OffsetDateTime.
        throw new UnsupportedOperationException("Task 1: find a user by email with a prepared statement");
    }
    // end::find-user[]

    @Override
    public Optional<User> findById(String id) {
        throw new UnsupportedOperationException("Task 1: find a user by id with a prepared statement");
    }

    private static UserServiceException taken() {
        return new UserServiceException(UserServiceException.Reason.EMAIL_TAKEN, "An account with this email already exists.");
    }

    /** One unit of work on a borrowed connection. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** What a retried attempt does with a refusal (the create's "was it my own first attempt?"). */
    @FunctionalInterface
    interface OnRetriedRefusal<T> {
        T handle(UserServiceException refusal);
    }

    /** {@link #withConnection(SqlWork, OnRetriedRefusal)} for work whose refusals mean the same on a second attempt. */
    <T> T withConnection(SqlWork<T> work) {
        return withConnection(work, refusal -> {
            throw refusal;
        });
    }

    /**
     * Runs the work on a connection from the data source and gives it back, once more on a fresh connection when the
     * first one was dead: PostgreSQL restarted, a failover, an idle connection that a NAT or the database dropped while
     * the container was frozen. The pool evicts a connection that failed so (SQLSTATE class 08, or 57P01 when an
     * administrator ended it), so the second borrow is a new one. Any other failure is not retried: an error in SQL
     * does not go away by trying again.
     */
    <T> T withConnection(SqlWork<T> work, OnRetriedRefusal<T> onRetriedRefusal) {
        try {
            return attempt(work);
        } catch (SQLException first) {
            if (!connectionLost(first)) {
                throw new DatabaseException("The user store failed", first);
            }
            try {
                return attempt(work);
            } catch (UserServiceException refusal) {
                return onRetriedRefusal.handle(refusal);
            } catch (SQLException second) {
                throw new DatabaseException("The user store is unreachable", second);
            }
        }
    }

    private static boolean connectionLost(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.startsWith("08") || state.equals("57P01") || state.equals("57P02")
                || state.equals("57P03"));
    }

    private <T> T attempt(SqlWork<T> work) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        }
    }
}
