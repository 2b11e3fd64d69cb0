package dev.sjl.system;

import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.PostgresConnection;
import dev.sjl.localcloud.Service;
import dev.sjl.notifications.SignUpPublisher;
import dev.sjl.notifications.UserSignedUp;
import dev.sjl.rds.PostgresUserRepository;
import dev.sjl.users.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link OutboxRelay} on the local PostgreSQL and SNS, each case on a database of its own with lab 08's schema and this
 * module's migration: two relays at once, a crash between the publish and the mark, a publish that fails.
 */
@DisplayName("The outbox relay of kit run --db postgres")
class OutboxRelayTest {

    private static LocalCloud cloud;
    private static String topicArn;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.builder().services(Service.POSTGRES, Service.SNS).start();
        topicArn = cloud.clients().sns().createTopic(b -> b.name("relay-test")).topicArn();
    }

    @AfterAll
    static void stop() {
        if (cloud != null) {
            cloud.close();
        }
    }

    @Test
    @DisplayName("Two relays at once publish each of 200 events exactly once and mark every one")
    void twoRelaysShareTheOutbox() throws Exception {
        DataSource db = database(200);
        Recording sns = new Recording(cloud.clients().sns(), -1);
        OutboxRelay first = new OutboxRelay(db, new SignUpPublisher(sns, topicArn));
        OutboxRelay second = new OutboxRelay(db, new SignUpPublisher(sns, topicArn));

        ExecutorService threads = Executors.newFixedThreadPool(2);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> runs = new ArrayList<>();
        for (OutboxRelay relay : List.of(first, second)) {
            runs.add(threads.submit(() -> {
                go.await();
                int total = 0;
                for (int n = relay.relay(); n > 0; n = relay.relay()) {
                    total += n;
                }
                return total;
            }));
        }
        go.countDown();
        int published = runs.get(0).get() + runs.get(1).get();
        threads.shutdown();

        assertThat(sns.eventIds).as("events published by the two relays (each of 200 once, none twice)")
                .hasSize(200).doesNotHaveDuplicates();
        assertThat(published).as("events the two relays report as published and marked").isEqualTo(200);
        assertThat(count(db, "SELECT count(*) FROM user_events WHERE published_at IS NULL"))
                .as("events left unmarked").isZero();
    }

    @Test
    @DisplayName("A crash between the publish and the mark: the events are published again, with the same ids, and marked")
    void crashBetweenPublishAndMark() throws Exception {
        DataSource db = database(5);
        Recording sns = new Recording(cloud.clients().sns(), -1);

        Throwable crash = catchThrowable(() -> new OutboxRelay(new CommitFails(db), new SignUpPublisher(sns, topicArn)).relay());
        List<String> firstCopies = List.copyOf(sns.eventIds);

        assertThat(crash).as("the relay whose COMMIT was lost").isInstanceOf(SQLException.class);
        assertThat(firstCopies).as("events published before the lost commit").hasSize(5);
        assertThat(count(db, "SELECT count(*) FROM user_events WHERE published_at IS NULL"))
                .as("events unmarked after the lost commit (published, but not known to be)").isEqualTo(5);

        sns.eventIds.clear();
        int again = new OutboxRelay(db, new SignUpPublisher(sns, topicArn)).relay();
        assertThat(again).as("events the next run publishes and marks").isEqualTo(5);
        assertThat(sns.eventIds).as("the second copies carry the first copies' event ids (the workers' idempotency key)")
                .containsExactlyElementsOf(firstCopies);
        assertThat(new OutboxRelay(db, new SignUpPublisher(sns, topicArn)).relay()).as("a third run's events").isZero();
    }

    @Test
    @DisplayName("A publish that fails stops the run: what went before is marked, it and the rest wait, in order")
    void failedPublishStopsTheRun() throws Exception {
        DataSource db = database(5);
        Recording failing = new Recording(cloud.clients().sns(), 2);

        int published = new OutboxRelay(db, new SignUpPublisher(failing, topicArn)).relay();

        assertThat(published).as("events published before SNS failed on the third").isEqualTo(2);
        assertThat(count(db, "SELECT count(*) FROM user_events WHERE published_at IS NULL"))
                .as("events still to publish after the failure").isEqualTo(3);
        Recording working = new Recording(cloud.clients().sns(), -1);
        assertThat(new OutboxRelay(db, new SignUpPublisher(working, topicArn)).relay()).as("the next run's events").isEqualTo(3);
        List<String> order = new ArrayList<>(failing.eventIds);
        order.addAll(working.eventIds);
        assertThat(order).as("every event once, across both runs").hasSize(5).doesNotHaveDuplicates();
        assertThat(working.eventIds).as("the events after the failure, oldest first")
                .containsExactlyElementsOf(eventIdsFrom(db, 3));
    }

    /** A database of its own, migrated, with {@code users} users (and so as many outbox events). */
    private static DataSource database(int users) throws SQLException {
        String name = "relay_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        PostgresConnection master = cloud.postgres();
        try (Connection c = master.dataSource().getConnection(); Statement sql = c.createStatement()) {
            sql.execute("CREATE DATABASE " + name);
        }
        DataSource db = master.withDatabase(name).dataSource();
        assertThat(PostgresUserStore.migrate(db)).as("migrations run on a new database (lab 08's V1, this module's V1.1)")
                .isEqualTo(2);
        PostgresUserRepository repository = new PostgresUserRepository(db);
        Instant created = Instant.parse("2026-12-03T10:00:00Z");
        for (int i = 0; i < users; i++) {
            repository.create(new User("user-" + i, "user-" + i + "@example.com", "!cognito", created.plusSeconds(i)));
        }
        return db;
    }

    private static long count(DataSource db, String query) throws SQLException {
        try (Connection c = db.getConnection(); Statement sql = c.createStatement(); ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** The event ids of the last {@code n} users, oldest first, as the relay builds them. */
    private static List<String> eventIdsFrom(DataSource db, int n) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = db.getConnection(); Statement sql = c.createStatement();
             ResultSet rows = sql.executeQuery("SELECT user_id FROM user_events ORDER BY event_id")) {
            while (rows.next()) {
                ids.add(UserSignedUp.of(rows.getString(1), "x@example.com", null, Instant.EPOCH).eventId());
            }
        }
        return ids.subList(ids.size() - n, ids.size());
    }

    /** The real SNS client, recording each published event's id; it fails the publish numbered {@code failAt} (0-based). */
    private static final class Recording implements SnsClient {
        final List<String> eventIds = Collections.synchronizedList(new ArrayList<>());
        private final SnsClient real;
        private final int failAt;
        private final AtomicInteger calls = new AtomicInteger();

        Recording(SnsClient real, int failAt) {
            this.real = real;
            this.failAt = failAt;
        }

        @Override
        public PublishResponse publish(PublishRequest request) {
            if (calls.getAndIncrement() == failAt) {
                throw SdkClientException.create("SNS unreachable (the test's fault)");
            }
            PublishResponse response = real.publish(request);
            eventIds.add(UserSignedUp.fromJson(request.message()).eventId());
            return response;
        }

        @Override
        public String serviceName() {
            return real.serviceName();
        }

        @Override
        public void close() {
            // the cloud's client is shared
        }
    }

    /** Connections whose COMMIT reaches the server but whose answer is lost: the relay's crash after its publishes. */
    private record CommitFails(DataSource real) implements DataSource {
        @Override
        public Connection getConnection() throws SQLException {
            Connection connection = real.getConnection();
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("commit")) {
                            // The process dies here: nothing is committed, the connection is gone.
                            connection.close();
                            throw new SQLException("An I/O error occurred while sending to the backend", "08006");
                        }
                        try {
                            return method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String user, String password) throws SQLException {
            throw new SQLException("not used");
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
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
