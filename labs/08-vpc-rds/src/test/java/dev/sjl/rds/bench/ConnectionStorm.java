package dev.sjl.rds.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.PostgresConnection;
import dev.sjl.localcloud.Service;
import dev.sjl.rds.ConnectionPool;
import dev.sjl.rds.DatabaseConfig;
import dev.sjl.rds.SecretDataSource;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * What many cold containers do to a database with few connections: a demonstration with numbers, not a test.
 * <p>
 * The local PostgreSQL stands in for a small RDS instance: the demo's database gets {@code CONNECTION LIMIT}
 * {@value #LIMIT} (RDS's {@code max_connections} is about 80 on a db.t4g.micro; the refusal, SQLSTATE 53300, is the
 * same). {@value #CONTAINERS} requests arrive at once; each cold container does the function's init (read the secret,
 * open its pool) and then one request that holds its connection for {@value #REQUEST_MILLIS} ms.
 * <ol>
 *   <li>HikariCP's defaults: ten connections per container.</li>
 *   <li>The reference's pool of one.</li>
 *   <li>The pool of one with the function's reserved concurrency set to the limit: Lambda runs at most that many
 *       containers and the other requests wait for one (for a queue trigger) or are throttled with a 429 (for API
 *       Gateway, which the client retries).</li>
 * </ol>
 * Run: {@code ./mvnw -q -o -pl solutions/08-vpc-rds test-compile exec:exec@connection-storm}
 */
public final class ConnectionStorm {

    static final int LIMIT = 20;
    static final int CONTAINERS = 200;
    static final int REQUEST_MILLIS = 300;

    public static void main(String[] args) throws Exception {
        try (LocalCloud cloud = LocalCloud.start(Service.POSTGRES, Service.SECRETS_MANAGER)) {
            PostgresConnection master = cloud.postgres();
            String database = "connection_storm";
            execute(master, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            execute(master, "CREATE DATABASE " + database + " CONNECTION LIMIT " + LIMIT);
            // The master user is a superuser, which CONNECTION LIMIT does not bind: the function connects as its own role.
            execute(master, "DROP ROLE IF EXISTS storm_app");
            String password = java.util.UUID.randomUUID().toString();
            execute(master, "CREATE ROLE storm_app LOGIN PASSWORD '" + password + "'");
            PostgresConnection app = new PostgresConnection(master.host(), master.port(), database, "storm_app", password);
            SecretsManagerClient secrets = cloud.clients().secretsManager();
            secrets.createSecret(b -> b.name("storm/db").secretString(app.toSecretJson()));
            DatabaseConfig config = new DatabaseConfig("storm/db", "disable");

            System.out.printf("Cold containers at once against a database with CONNECTION LIMIT %d; each request holds its "
                    + "connection %d ms; peak = most sessions seen open on the database%n%n", LIMIT, REQUEST_MILLIS);
            System.out.printf("%-48s %8s %8s %8s %8s %8s%n", "scenario", "served", "failed", "peak", "refused", "ms");
            run("10 containers, HikariCP defaults (10 each)", master, database, 10, 10,
                    ConnectionStorm::defaultPool, secrets, config);
            run("10 containers, ConnectionPool.create (1 each)", master, database, 10, 10,
                    ConnectionPool::create, secrets, config);
            run(CONTAINERS + " containers, HikariCP defaults", master, database, CONTAINERS, CONTAINERS,
                    ConnectionStorm::defaultPool, secrets, config);
            run(CONTAINERS + " containers, ConnectionPool.create", master, database, CONTAINERS, CONTAINERS,
                    ConnectionPool::create, secrets, config);
            run(LIMIT + " containers (reserved concurrency), pool of 1", master, database, CONTAINERS, LIMIT,
                    ConnectionPool::create, secrets, config);

            execute(master, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            execute(master, "DROP ROLE IF EXISTS storm_app");
        }
    }

    private static HikariDataSource defaultPool(DataSource source) {
        HikariConfig config = new HikariConfig();
        config.setDataSource(source);
        config.setPoolName("default-pool");
        return new HikariDataSource(config);
    }

    /**
     * {@code concurrency} containers serve {@code requests} requests between them, each container initialising
     * once; with fewer containers than requests, each container serves its share one after the other.
     */
    private static void run(String name, PostgresConnection master, String database, int requests, int concurrency,
                            Function<DataSource, HikariDataSource> pools, SecretsManagerClient secrets,
                            DatabaseConfig config) throws Exception {
        AtomicInteger served = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        java.util.Map<String, Integer> otherFailures = new java.util.concurrent.ConcurrentSkipListMap<>();
        AtomicInteger peak = new AtomicInteger();
        int requestsPerContainer = requests / concurrency;
        List<HikariDataSource> opened = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService containers = Executors.newFixedThreadPool(concurrency);
        Semaphore done = new Semaphore(0);
        Thread sampler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(sessions(master, database), Math::max);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        sampler.start();
        long began = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            containers.execute(() -> {
                try {
                    start.await();
                    HikariDataSource pool;
                    try {
                        pool = pools.apply(new SecretDataSource(secrets, config));
                        opened.add(pool);
                    } catch (RuntimeException initFailed) {
                        countRefusal(initFailed, refused, otherFailures);
                        // A container whose init failed fails its requests (Lambda retries the init on the next one).
                        failed.addAndGet(requestsPerContainer);
                        done.release(requestsPerContainer);
                        return;
                    }
                    for (int request = 0; request < requestsPerContainer; request++) {
                        try (Connection connection = pool.getConnection();
                             Statement work = connection.createStatement()) {
                            work.execute("SELECT pg_sleep(" + REQUEST_MILLIS / 1000.0 + ")");
                            served.incrementAndGet();
                        } catch (SQLException requestFailed) {
                            countRefusal(requestFailed, refused, otherFailures);
                            failed.incrementAndGet();
                        }
                        done.release();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        start.countDown();
        done.acquire(requests);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
        sampler.interrupt();
        sampler.join();
        containers.shutdownNow();
        opened.forEach(HikariDataSource::close);
        System.out.printf("%-48s %8d %8d %8d %8d %8d%n", name, served.get(), failed.get(), peak.get(), refused.get(), millis);
        // A failure that is not the database's refusal is shown, not hidden in the gap between the two columns.
        otherFailures.forEach((reason, count) -> System.out.printf("    %d failed otherwise: %s%n", count, reason));
    }

    /**
     * SQLSTATE 53300: too many connections, the database's refusal that a storm causes. Any other failure is tallied by
     * its innermost cause, so the table never passes off a timeout as a refusal.
     */
    private static void countRefusal(Throwable failure, AtomicInteger refused, java.util.Map<String, Integer> others) {
        Throwable innermost = failure;
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "53300".equals(sql.getSQLState())) {
                refused.incrementAndGet();
                return;
            }
            if (String.valueOf(t.getMessage()).contains("too many connections")) {
                refused.incrementAndGet();
                return;
            }
            innermost = t;
        }
        String state = innermost instanceof SQLException sql && sql.getSQLState() != null
                ? " (SQLSTATE " + sql.getSQLState() + ")" : "";
        others.merge(innermost.getClass().getSimpleName() + state + ": " + innermost.getMessage(), 1, Integer::sum);
    }

    private static int sessions(PostgresConnection master, String database) {
        try (Connection c = master.dataSource().getConnection();
             PreparedStatement count = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE datname = ?")) {
            count.setString(1, database);
            try (ResultSet row = count.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        } catch (SQLException e) {
            return 0;
        }
    }

    private static void execute(PostgresConnection on, String sql) throws SQLException {
        try (Connection c = on.dataSource().getConnection(); Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }
}
