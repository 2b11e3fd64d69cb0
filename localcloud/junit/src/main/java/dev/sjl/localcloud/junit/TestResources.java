package dev.sjl.localcloud.junit;

import dev.sjl.localcloud.AwsClients;
import dev.sjl.localcloud.MasterConnections;
import dev.sjl.localcloud.PostgresConnection;
import dev.sjl.localcloud.Service;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.secretsmanager.model.Filter;
import software.amazon.awssdk.services.secretsmanager.model.FilterNameStringType;
import software.amazon.awssdk.services.ssm.model.Parameter;

/**
 * Unique resource names for one test, so no test sees another's tables, buckets, queues, topics, pools, parameters,
 * secrets or PostgreSQL databases — even when test classes share one local cloud or run against a real account.
 * Everything whose name starts with this test's prefix is deleted when the test ends.
 */
public final class TestResources implements AutoCloseable {
    private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final Pattern BASE = Pattern.compile("[a-z0-9][a-z0-9-]{0,30}");

    private final String prefix;
    private final AwsClients clients;
    private final Set<Service> services;
    private final PostgresConnection postgresMaster;
    private PostgresConnection database;
    private final Deque<AutoCloseable> closeAtEnd = new ArrayDeque<>();

    /** {@code postgresMaster} is the master connection when this test may use PostgreSQL, else null. */
    TestResources(AwsClients clients, Set<Service> services, PostgresConnection postgresMaster) {
        this.prefix = "sjl-" + RUN + "-" + COUNTER.incrementAndGet();
        this.clients = clients;
        this.services = services;
        this.postgresMaster = postgresMaster;
    }

    /** This test's prefix, e.g. {@code sjl-3fa9c2-17}. */
    public String prefix() {
        return prefix;
    }

    /**
     * A name valid for a DynamoDB table, S3 bucket, SQS queue, SNS topic and Cognito pool alike: lowercase letters,
     * digits and hyphens, at most 63 characters — e.g. {@code name("users")} → {@code sjl-3fa9c2-17-users}.
     */
    public String name(String base) {
        if (base == null || !BASE.matcher(base).matches()) {
            throw new IllegalArgumentException("A resource base name is 1–31 lowercase letters, digits or hyphens, starting with a letter or digit: " + base);
        }
        return prefix + "-" + base;
    }

    /** A FIFO queue or topic name: {@code name(base) + ".fifo"}. */
    public String fifoName(String base) {
        return name(base) + ".fifo";
    }

    /** A hierarchical SSM parameter name under this test's path: {@code /sjl-3fa9c2-17/db/url}. */
    public String parameter(String path) {
        String clean = path.startsWith("/") ? path.substring(1) : path;
        return "/" + prefix + "/" + clean;
    }

    /**
     * This test's own PostgreSQL database, created on first call and dropped when the test ends: named after the
     * prefix with underscores (e.g. {@code sjl_3fa9c2_17}), so it needs no quoting in SQL. The connection is the
     * master user's, as a Lambda function reading the RDS secret would have.
     */
    public synchronized PostgresConnection database() {
        requirePostgres();
        if (database == null) {
            String name = databaseName();
            try {
                MasterConnections.with(postgresMaster, master -> {
                    try (Statement sql = master.createStatement()) {
                        // Our own prefix: letters, digits and underscores only. FILE_COPY copies template1's files
                        // (about 10 ms here) where the default WAL_LOG writes every block of it to the WAL (about 40).
                        return sql.execute("CREATE DATABASE " + name + " STRATEGY FILE_COPY");
                    }
                });
            } catch (SQLException e) {
                throw new IllegalStateException("Cannot create the test database " + name + ": " + e.getMessage(), e);
            }
            database = postgresMaster.withDatabase(name);
        }
        return database;
    }

    /**
     * Runs {@code work} as the master user on the cluster's own database ({@code postgres}): creating and dropping
     * roles, granting on the cluster, looking at {@code pg_stat_activity}. It runs on the connection that creates and
     * drops every test's database, one per JVM, under its lock: a login costs PostgreSQL a server process of its own,
     * and a test that watches its sessions would otherwise log in for every look. That connection is never a session of
     * the test's own database.
     */
    public <T> T onCluster(MasterConnections.Work<T> work) throws SQLException {
        requirePostgres();
        return MasterConnections.with(postgresMaster, work);
    }

    /**
     * Closes {@code resource} when the test ends, before anything named after the prefix is deleted: a connection pool
     * on {@link #database()} ends its sessions before the database is dropped, and leaves no thread behind. The last
     * one handed in is closed first. Returns {@code resource}.
     */
    public synchronized <T extends AutoCloseable> T closeAtEnd(T resource) {
        closeAtEnd.push(Objects.requireNonNull(resource, "resource"));
        return resource;
    }

    private void requirePostgres() {
        if (postgresMaster == null) {
            throw new IllegalStateException("No PostgreSQL for this test: add Service.POSTGRES to @LocalCloudTest(services = …) (local cloud only)");
        }
    }

    private String databaseName() {
        return prefix.replace('-', '_');
    }

    /** Deletes what this test created, found by prefix; failures are reported, never thrown over a test result. */
    @Override
    public void close() {
        List<String> problems = new ArrayList<>();
        AutoCloseable resource;
        while ((resource = nextToClose()) != null) {
            try {
                resource.close();
            } catch (Exception e) {
                problems.add("closing " + resource.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        for (Service service : services) {
            try {
                cleanUp(service);
            } catch (RuntimeException e) {
                problems.add(service + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            System.err.println("[localcloud] Could not delete every resource named " + prefix + "*: " + String.join("; ", problems));
        }
    }

    private synchronized AutoCloseable nextToClose() {
        return closeAtEnd.poll();
    }

    /** Each listing is read to the end before anything is deleted: deleting mid-pagination makes the next page skip names. */
    private void cleanUp(Service service) {
        switch (service) {
            case DYNAMODB -> clients.dynamoDb().listTablesPaginator().tableNames().stream()
                    .filter(this::ours).toList().forEach(t -> clients.dynamoDb().deleteTable(b -> b.tableName(t)));
            case S3 -> clients.s3().listBuckets().buckets().stream()
                    .filter(b -> ours(b.name())).forEach(b -> emptyAndDeleteBucket(b.name()));
            // A listing by name prefix also holds the names of tests whose prefix starts with ours (sjl-…-3 lists
            // sjl-…-30's): only the names that are ours are deleted, or a test that ends deletes another's under way.
            case SQS -> clients.sqs().listQueues(b -> b.queueNamePrefix(prefix)).queueUrls().stream()
                    .filter(url -> ours(url.substring(url.lastIndexOf('/') + 1)))
                    .forEach(url -> clients.sqs().deleteQueue(b -> b.queueUrl(url)));
            case SNS -> clients.sns().listTopicsPaginator().topics().stream()
                    .filter(t -> ours(t.topicArn().substring(t.topicArn().lastIndexOf(':') + 1))).toList()
                    .forEach(t -> clients.sns().deleteTopic(b -> b.topicArn(t.topicArn())));
            case COGNITO -> clients.cognito().listUserPoolsPaginator(b -> b.maxResults(60)).userPools().stream()
                    .filter(p -> ours(p.name())).toList().forEach(p -> clients.cognito().deleteUserPool(b -> b.userPoolId(p.id())));
            case SSM -> deleteParameters(clients.ssm().getParametersByPathPaginator(b -> b.path("/" + prefix).recursive(true)).stream()
                    .flatMap(page -> page.parameters().stream()).map(Parameter::name).toList());
            case SECRETS_MANAGER -> clients.secretsManager().listSecrets(b -> b.filters(Filter.builder().key(FilterNameStringType.NAME).values(prefix).build()))
                    .secretList().stream().filter(s -> ours(s.name()))
                    .forEach(s -> clients.secretsManager().deleteSecret(b -> b.secretId(s.arn()).forceDeleteWithoutRecovery(true)));
            case EVENTBRIDGE -> {
                // A rule on the default bus outlives the test unless its targets and then the rule are removed.
                clients.eventBridge().listRules(b -> b.namePrefix(prefix)).rules().stream()
                        .filter(rule -> ours(rule.name())).forEach(rule -> deleteRule(rule.name()));
                clients.eventBridge().listEventBuses(b -> b.namePrefix(prefix)).eventBuses().stream()
                        .filter(bus -> ours(bus.name()))
                        .forEach(bus -> clients.eventBridge().deleteEventBus(b -> b.name(bus.name())));
            }
            case LAMBDA -> {
                // functions live in this JVM and are unregistered by whoever registered them
            }
            case POSTGRES -> dropDatabases();
        }
    }

    /** Drops this test's database and any other named after the prefix; FORCE ends connections a test left open. */
    private void dropDatabases() {
        if (postgresMaster == null) {
            return;
        }
        String name = databaseName();
        try {
            MasterConnections.with(postgresMaster, master -> {
                List<String> found = new ArrayList<>();
                try (PreparedStatement find = master.prepareStatement(
                        "SELECT datname FROM pg_database WHERE datname = ? OR starts_with(datname, ?)")) {
                    find.setString(1, name);
                    find.setString(2, name + "_");
                    try (ResultSet rows = find.executeQuery()) {
                        while (rows.next()) {
                            found.add(rows.getString(1));
                        }
                    }
                }
                try (Statement drop = master.createStatement()) {
                    for (String database : found) {
                        drop.execute("DROP DATABASE IF EXISTS \"" + database.replace("\"", "\"\"") + "\" WITH (FORCE)");
                    }
                }
                return found.size();
            });
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private void deleteRule(String rule) {
        List<String> ids = clients.eventBridge().listTargetsByRule(b -> b.rule(rule)).targets().stream()
                .map(software.amazon.awssdk.services.eventbridge.model.Target::id).toList();
        if (!ids.isEmpty()) {
            clients.eventBridge().removeTargets(b -> b.rule(rule).ids(ids));
        }
        clients.eventBridge().deleteRule(b -> b.name(rule));
    }

    /** DeleteParameters takes at most 10 names a call. */
    private void deleteParameters(List<String> names) {
        for (int i = 0; i < names.size(); i += 10) {
            List<String> batch = names.subList(i, Math.min(i + 10, names.size()));
            clients.ssm().deleteParameters(b -> b.names(batch));
        }
    }

    private void emptyAndDeleteBucket(String bucket) {
        clients.s3().listObjectsV2Paginator(b -> b.bucket(bucket)).forEach(page -> {
            if (!page.contents().isEmpty()) {
                List<ObjectIdentifier> keys = page.contents().stream().map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
                clients.s3().deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(keys)));
            }
        });
        clients.s3().deleteBucket(b -> b.bucket(bucket));
    }

    private boolean ours(String name) {
        return name.equals(prefix) || name.startsWith(prefix + "-") || name.startsWith(prefix + ".");
    }
}
