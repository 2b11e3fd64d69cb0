package dev.sjl.system;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.sjl.notifications.SignUpPublisher;
import dev.sjl.notifications.UserSignedUp;
import dev.sjl.rds.PostgresUserRepository;
import software.amazon.awssdk.core.exception.SdkException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The {@code outbox-relay} function of {@code kit run --db postgres}: what the users table's stream and
 * {@code signup-publisher} do for DynamoDB, done for lab 08's outbox. Each run takes the oldest unpublished
 * {@code UserCreated} rows of {@code user_events}, publishes each as lab 07's {@link UserSignedUp} to the same SNS topic
 * through the same {@link SignUpPublisher#publish}, and marks them published. On AWS an EventBridge schedule would call
 * it; {@link LocalUserService} calls it every {@code outboxInterval}.
 *
 * <p>Delivery is at least once, never lost:
 * <ul>
 *   <li>the rows are locked {@code FOR UPDATE SKIP LOCKED} in a transaction that lasts the whole run, so two relays
 *       running at once take different rows;</li>
 *   <li>a row is marked only after SNS accepted its publish, in that same transaction: a crash, a lost connection or a
 *       failed commit between the publish and the mark leaves the row unmarked, and the next run publishes it
 *       again;</li>
 *   <li>the copy published twice carries the same event id ({@code UserSignedUp:<user id>}), the key the workers'
 *       idempotency store claims, so the user still gets one welcome.</li>
 * </ul>
 * A publish that fails stops the run (the rows after it wait, in order), and what was published before it is marked.
 */
public final class OutboxRelay implements RequestHandler<ScheduledEvent, Integer> {

    /** Rows per run: a transaction that holds locks while SNS answers should stay short. */
    static final int BATCH = 50;

    private static final System.Logger LOG = System.getLogger(OutboxRelay.class.getName());

    private static final String PENDING = "SELECT e.event_id, e.user_id, e.occurred_at, u.email FROM user_events e"
            + " JOIN users u ON u.id = e.user_id"
            + " WHERE e.published_at IS NULL AND e.type = ?"
            + " ORDER BY e.event_id LIMIT ? FOR UPDATE OF e SKIP LOCKED";
    private static final String MARK = "UPDATE user_events SET published_at = now() WHERE event_id = ?";

    private final DataSource dataSource;
    private final SignUpPublisher publisher;

    public OutboxRelay(DataSource dataSource, SignUpPublisher publisher) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
    }

    /** @return how many events this run published and marked */
    @Override
    public Integer handleRequest(ScheduledEvent event, Context context) {
        try {
            return relay();
        } catch (SQLException e) {
            // Down or restarting: nothing was marked, so nothing is lost; the next run takes the same rows.
            throw new IllegalStateException("The outbox could not be read or marked (SQLSTATE " + e.getSQLState()
                    + "); the events stay unpublished for the next run", e);
        }
    }

    int relay() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                List<Long> published = new ArrayList<>();
                try (PreparedStatement pending = connection.prepareStatement(PENDING)) {
                    pending.setString(1, PostgresUserRepository.USER_CREATED);
                    pending.setInt(2, BATCH);
                    try (ResultSet rows = pending.executeQuery()) {
                        while (rows.next()) {
                            UserSignedUp signedUp = UserSignedUp.of(rows.getString("user_id"), rows.getString("email"),
                                    null, rows.getObject("occurred_at", OffsetDateTime.class).toInstant());
                            try {
                                publisher.publish(signedUp);
                            } catch (SdkException e) {
                                LOG.log(System.Logger.Level.WARNING, "publish failed for " + signedUp
                                        + "; it and the events after it wait for the next run: " + e.getClass().getSimpleName());
                                break;
                            }
                            published.add(rows.getLong("event_id"));
                        }
                    }
                }
                try (PreparedStatement mark = connection.prepareStatement(MARK)) {
                    for (long id : published) {
                        mark.setLong(1, id);
                        mark.addBatch();
                    }
                    mark.executeBatch();
                }
                connection.commit();
                return published.size();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection);
                throw e;
            }
        }
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is gone: PostgreSQL ends its transaction and frees the locks itself
        }
    }
}
