package dev.sjl.localcloud;

import dev.sjl.localcloud.Service.Emulator;
import dev.sjl.localcloud.fakes.AwsJsonServer;
import dev.sjl.localcloud.fakes.EventBridgeFake;
import dev.sjl.localcloud.functions.FunctionRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The local AWS cloud: starts the emulators for the services asked for — in parallel, on loopback only — and hands
 * out their endpoints and configured SDK v2 clients. Services can be added later ({@link #ensureStarted}); everything
 * stops on {@link #close()} or, at the latest, when the JVM exits.
 *
 * <pre>{@code
 * try (LocalCloud cloud = LocalCloud.start(Service.DYNAMODB, Service.S3)) { // S3 needs localcloud-s3 on the classpath
 *     DynamoDbClient dynamo = cloud.clients().dynamoDb();
 * }
 * }</pre>
 */
public final class LocalCloud implements AutoCloseable {
    private final boolean fixedPorts;
    private final Path logDirectory;
    private final Map<Emulator, RunningEmulator> running = new EnumMap<>(Emulator.class);
    private final AwsClients clients;
    private final S3Events s3Events;
    private final FunctionRegistry functions = new FunctionRegistry();
    private final EventSourceMappings eventSourceMappings;
    private final CognitoTriggers cognitoTriggers = new CognitoTriggers(functions);
    private final Destinations destinations;
    private final List<Runnable> afterReset = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Thread shutdownHook;
    private volatile boolean closed;

    private LocalCloud(boolean fixedPorts, Path logDirectory) {
        this.fixedPorts = fixedPorts;
        this.logDirectory = logDirectory;
        this.clients = AwsClients.local(this::endpoint);
        this.eventSourceMappings = new EventSourceMappings(clients, functions);
        this.destinations = new Destinations(clients, functions);
        this.s3Events = new S3Events(clients::s3, clients::eventBridge, destinations);
        this.shutdownHook = new Thread(this::close, "localcloud-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts {@code services} on free loopback ports (what tests want: no clash with anything else running). */
    public static LocalCloud start(Service... services) {
        return builder().services(services).start();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts whichever of {@code services} are not running yet, in parallel; returns once all are ready. */
    public synchronized void ensureStarted(Collection<Service> services) {
        if (closed) {
            throw new IllegalStateException("This LocalCloud has been closed");
        }
        Set<Emulator> missing = EnumSet.noneOf(Emulator.class);
        for (Service service : services) {
            if (!running.containsKey(service.emulator())) {
                missing.add(service.emulator());
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        // Before anything starts: a missing module is a classpath mistake, and its message names the dependency.
        for (Service service : services) {
            if (EmulatorModules.pluggable(service) && missing.contains(service.emulator())) {
                EmulatorModules.require(service);
            }
        }
        // Cognito's triggers call the Invoke endpoint, whose URL goes into cognito-local's configuration. Both start
        // with the rest: only cognito-local waits for the endpoint (tens of milliseconds), not every emulator.
        boolean invokeRunning = running.containsKey(Emulator.LAMBDA_INVOKE);
        if (missing.contains(Emulator.COGNITO_LOCAL) && !invokeRunning) {
            missing.add(Emulator.LAMBDA_INVOKE);
        }
        CompletableFuture<URI> invokeEndpoint = invokeRunning
                ? CompletableFuture.completedFuture(running.get(Emulator.LAMBDA_INVOKE).endpoint()) : new CompletableFuture<>();
        ExecutorService pool = Executors.newFixedThreadPool(missing.size(), r -> {
            Thread t = new Thread(r, "localcloud-start");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<Emulator, Future<RunningEmulator>> starting = new LinkedHashMap<>();
            for (Emulator emulator : missing) {
                starting.put(emulator, pool.submit(() -> {
                    if (emulator != Emulator.LAMBDA_INVOKE) {
                        return startOne(emulator, invokeEndpoint);
                    }
                    try {
                        RunningEmulator endpoint = startOne(emulator, invokeEndpoint);
                        invokeEndpoint.complete(endpoint.endpoint());
                        return endpoint;
                    } catch (RuntimeException e) {
                        invokeEndpoint.completeExceptionally(e);
                        throw e;
                    }
                }));
            }
            List<String> failures = new ArrayList<>();
            Map<Emulator, RunningEmulator> started = new EnumMap<>(Emulator.class);
            RuntimeException first = null;
            for (Map.Entry<Emulator, Future<RunningEmulator>> entry : starting.entrySet()) {
                try {
                    started.put(entry.getKey(), entry.getValue().get());
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    failures.add(cause instanceof EmulatorStartException ? cause.getMessage()
                            : entry.getKey().displayName() + " failed to start: " + cause);
                    if (first == null) {
                        first = cause instanceof RuntimeException r ? r : new RuntimeException(cause);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EmulatorStartException("Interrupted while starting the local cloud", e);
                }
            }
            if (!failures.isEmpty()) {
                // All or nothing: a half-started batch would leave ports taken for the next attempt.
                started.values().forEach(RunningEmulator::close);
                throw new EmulatorStartException(String.join("\n", failures), first);
            }
            running.putAll(started);
            if (started.containsKey(Emulator.COGNITO_LOCAL)) {
                cognitoTriggers.install();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Starts one emulator; cognito-local first waits for {@code invokeEndpoint}, the URL its triggers call. */
    private RunningEmulator startOne(Emulator emulator, CompletableFuture<URI> invokeEndpoint) {
        int port = fixedPorts ? emulator.fixedPort() : 0;
        if (fixedPorts && Ports.inUse(port)) {
            throw EmulatorStartException.of(emulator.displayName(), "port " + port + " on " + Ports.LOOPBACK
                    + " is already in use (is `kit cloud up` already running? `kit cloud status` tells)", null, null);
        }
        try {
            return switch (emulator) {
                case DYNALITE -> NodeEmulators.dynalite(port, logDirectory);
                // S3 and PostgreSQL live in modules of their own (EmulatorModule), each logging to the log folder.
                case S3PROXY -> EmulatorModules.require(Service.S3).start(port, new EmulatorModule.Context(logDirectory, s3Events));
                case FAUXQS -> NodeEmulators.fauxqs(port, logDirectory);
                case COGNITO_LOCAL -> NodeEmulators.cognitoLocal(port, invokeEndpointOf(invokeEndpoint), logDirectory);
                case AWS_JSON_FAKES -> {
                    AwsJsonServer server = AwsJsonServer.start(port);
                    server.eventBridge().deliverTo((arn, input) -> destinations.send(arn, input, null));
                    yield new FakesEmulator(server);
                }
                case LAMBDA_INVOKE -> LambdaInvokeEndpoint.start(port, functions, eventSourceMappings, this::reset);
                case POSTGRES -> EmulatorModules.require(Service.POSTGRES).start(port, new EmulatorModule.Context(logDirectory, s3Events));
            };
        } catch (IOException e) {
            throw EmulatorStartException.of(emulator.displayName(), e.getMessage(), null, e);
        }
    }

    private static URI invokeEndpointOf(CompletableFuture<URI> invokeEndpoint) {
        try {
            return invokeEndpoint.join();
        } catch (CompletionException e) {
            throw EmulatorStartException.of(Emulator.COGNITO_LOCAL.displayName(),
                    "the Lambda Invoke endpoint its triggers call did not start", null, e.getCause());
        }
    }

    /** The base URI of {@code service}'s emulator; fails clearly if it was never started or has crashed. */
    public URI endpoint(Service service) {
        RunningEmulator emulator;
        synchronized (this) {
            emulator = running.get(service.emulator());
        }
        if (emulator == null) {
            throw new IllegalStateException(service + " is not started in this local cloud; ask for it (e.g. @LocalCloudTest(services = "
                    + service + "))");
        }
        if (!emulator.isAlive()) {
            throw new IllegalStateException(service.emulator().displayName() + " has exited; see its log in " + logDirectory.toAbsolutePath());
        }
        return emulator.endpoint();
    }

    /** Every started service and its endpoint, in {@link Service} order. */
    public synchronized Map<Service, URI> endpoints() {
        Map<Service, URI> endpoints = new LinkedHashMap<>();
        for (Service service : Service.values()) {
            RunningEmulator emulator = running.get(service.emulator());
            if (emulator != null) {
                endpoints.put(service, emulator.endpoint());
            }
        }
        return endpoints;
    }

    public synchronized boolean isRunning(Service service) {
        RunningEmulator emulator = running.get(service.emulator());
        return emulator != null && emulator.isAlive();
    }

    /** Clients configured for this cloud's endpoints, shared and closed with it. */
    public AwsClients clients() {
        return clients;
    }

    /**
     * The local cloud's functions: register a handler here once and the Invoke API, the API gateway, Cognito
     * triggers, event source mappings, S3 notifications and EventBridge rules all reach it by name or ARN.
     * Available whether or not {@link Service#LAMBDA} (the HTTP endpoint) runs.
     */
    public FunctionRegistry functions() {
        return functions;
    }

    /**
     * The messages in SQS queue {@code queueName} (name or URL) without receiving them: no visibility change, no
     * receive count (needs {@link Service#SQS}).
     */
    public List<QueueMessage> peekQueue(String queueName) {
        return QueueMessage.peek(endpoint(Service.SQS), queueName);
    }

    /** Lambda's event source mappings (SQS queues, DynamoDB streams → functions), also reachable through the Lambda API. */
    public EventSourceMappings eventSourceMappings() {
        return eventSourceMappings;
    }

    /**
     * Puts every running service back to how it started, so one test cannot see what another left behind: for
     * {@code kit cloud}, {@code POST /_localcloud/reset} on the Lambda endpoint does the same. Per service:
     * <ul>
     * <li>Lambda: every event source mapping is removed (its poller stopped first) and the recorded invocations are
     *     forgotten; registered functions stay — they are code whoever started the cloud registered;</li>
     * <li>EventBridge: rules, targets, custom buses and recorded events are gone (the default bus stays);
     *     SSM: every parameter; Secrets Manager: every secret, scheduled deletions included;</li>
     * <li>S3: every bucket is emptied and deleted, and its notification configuration forgotten;</li>
     * <li>DynamoDB: every table is deleted (its stream and TTL setting with it);</li>
     * <li>SNS: every topic is deleted with its subscriptions; SQS: every queue is deleted with its messages;</li>
     * <li>Cognito: every user pool is deleted with its users, clients and codes, and its trigger wiring forgotten;</li>
     * <li>PostgreSQL: every database but {@code postgres}, every schema in it but the system ones ({@code public} is
     *     recreated empty) and every role but the master are dropped.</li>
     * </ul>
     * Event sources are stopped before the services they read, so nothing is delivered half-way through.
     *
     * @return what was removed, per service that runs, in {@link Service} order
     * @throws IllegalStateException naming each service that could not be reset, after trying all of them
     */
    public Map<Service, String> reset() {
        Map<Service, String> done = new EnumMap<>(Service.class);
        List<String> failures = new ArrayList<>();
        // Deliveries first (mappings, rules, S3 notifications), then the data they read or write.
        resetOne(Service.LAMBDA, done, failures, () -> eventSourceMappings.deleteAll() + " event source mappings removed, "
                + functions.clearInvocations() + " recorded invocations forgotten");
        resetOne(Service.EVENTBRIDGE, done, failures, () -> fakes().eventBridge().reset() + " rules removed");
        resetOne(Service.S3, done, failures, this::resetS3);
        resetOne(Service.DYNAMODB, done, failures, () -> {
            List<String> tables = clients.dynamoDb().listTablesPaginator().tableNames().stream().toList();
            tables.forEach(t -> clients.dynamoDb().deleteTable(b -> b.tableName(t)));
            return tables.size() + " tables deleted";
        });
        resetOne(Service.SNS, done, failures, () -> {
            List<String> topics = clients.sns().listTopicsPaginator().topics().stream()
                    .map(software.amazon.awssdk.services.sns.model.Topic::topicArn).toList();
            topics.forEach(arn -> clients.sns().deleteTopic(b -> b.topicArn(arn)));
            return topics.size() + " topics deleted";
        });
        resetOne(Service.SQS, done, failures, () -> {
            List<String> queues = clients.sqs().listQueuesPaginator().queueUrls().stream().toList();
            queues.forEach(url -> clients.sqs().deleteQueue(b -> b.queueUrl(url)));
            return queues.size() + " queues deleted";
        });
        resetOne(Service.COGNITO, done, failures, () -> {
            List<String> pools = clients.cognito().listUserPoolsPaginator(b -> b.maxResults(60)).userPools().stream()
                    .map(software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolDescriptionType::id).toList();
            pools.forEach(id -> clients.cognito().deleteUserPool(b -> b.userPoolId(id)));
            cognitoTriggers.clear();
            return pools.size() + " user pools deleted";
        });
        resetOne(Service.SSM, done, failures, () -> fakes().resetSsm() + " parameters deleted");
        resetOne(Service.SECRETS_MANAGER, done, failures, () -> fakes().resetSecretsManager() + " secrets deleted");
        resetOne(Service.POSTGRES, done, failures, () -> ((DatabaseEmulator) runningEmulator(Emulator.POSTGRES)).reset());
        if (!failures.isEmpty()) {
            throw new IllegalStateException("The local cloud could not reset " + String.join("; ", failures));
        }
        afterReset.forEach(Runnable::run);
        return done;
    }

    /**
     * Runs {@code action} after each successful {@link #reset()}: for what the starter of the cloud provides rather
     * than a test creates ({@code kit cloud up} publishes PostgreSQL's master secret again).
     */
    public void afterReset(Runnable action) {
        afterReset.add(java.util.Objects.requireNonNull(action, "action"));
    }

    private void resetOne(Service service, Map<Service, String> done, List<String> failures, java.util.function.Supplier<String> reset) {
        if (!isRunning(service)) {
            return;
        }
        try {
            done.put(service, reset.get());
        } catch (RuntimeException e) {
            failures.add(service + " (" + e.getMessage() + ")");
        }
    }

    private String resetS3() {
        List<String> buckets = clients.s3().listBuckets().buckets().stream()
                .map(software.amazon.awssdk.services.s3.model.Bucket::name).toList();
        int objects = 0;
        for (String bucket : buckets) {
            for (var page : clients.s3().listObjectsV2Paginator(b -> b.bucket(bucket))) {
                if (!page.contents().isEmpty()) {
                    List<software.amazon.awssdk.services.s3.model.ObjectIdentifier> keys = page.contents().stream()
                            .map(o -> software.amazon.awssdk.services.s3.model.ObjectIdentifier.builder().key(o.key()).build()).toList();
                    clients.s3().deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(keys).quiet(true)));
                    objects += keys.size();
                }
            }
            clients.s3().deleteBucket(b -> b.bucket(bucket));
        }
        s3Events.clearConfigurations();
        return buckets.size() + " buckets (" + objects + " objects) deleted";
    }

    private synchronized RunningEmulator runningEmulator(Emulator emulator) {
        RunningEmulator found = running.get(emulator);
        if (found == null) {
            throw new IllegalStateException(emulator.displayName() + " is not running");
        }
        return found;
    }

    private AwsJsonServer fakes() {
        return ((FakesEmulator) runningEmulator(Emulator.AWS_JSON_FAKES)).server();
    }

    /** The local Lambda API endpoint (started with {@link Service#LAMBDA} or {@link Service#COGNITO}). */
    public synchronized LambdaInvokeEndpoint lambdas() {
        RunningEmulator endpoint = running.get(Emulator.LAMBDA_INVOKE);
        if (endpoint == null) {
            throw new IllegalStateException("The Lambda API endpoint is not started; ask for Service.LAMBDA or Service.COGNITO");
        }
        return (LambdaInvokeEndpoint) endpoint;
    }

    /**
     * Unregisters every function callers registered, keeping the cloud's own (the dispatchers cognito-local's
     * configuration names, without which every pool trigger fails): for a cloud that outlives one test run. Returns
     * how many functions were unregistered.
     */
    public int unregisterFunctions() {
        int count = functions.unregisterAll();
        if (isRunning(Service.COGNITO)) {
            cognitoTriggers.install();
        }
        return count;
    }

    /** Per-user-pool trigger handlers for cognito-local. */
    public CognitoTriggers cognitoTriggers() {
        return cognitoTriggers;
    }

    /** What the EventBridge fake accepted (needs {@link Service#EVENTBRIDGE}). */
    public synchronized EventBridgeFake eventBridge() {
        RunningEmulator fakes = running.get(Emulator.AWS_JSON_FAKES);
        if (fakes == null) {
            throw new IllegalStateException("EventBridge is not started; ask for Service.EVENTBRIDGE");
        }
        return ((FakesEmulator) fakes).server().eventBridge();
    }

    /**
     * The PostgreSQL master connection (needs {@link Service#POSTGRES}): database {@code postgres}, user
     * {@code sjl_admin}, a password that is random for every start. Tests get a database of their own through
     * {@code TestResources.database()} instead.
     */
    public PostgresConnection postgres() {
        endpoint(Service.POSTGRES); // fails clearly when it was never started or has exited
        RunningEmulator postgres;
        synchronized (this) {
            postgres = running.get(Emulator.POSTGRES);
        }
        if (postgres == null) {
            throw new IllegalStateException("This LocalCloud has been closed");
        }
        return ((DatabaseEmulator) postgres).connection();
    }

    /** The latest confirmation code user {@code username} of pool {@code poolId} was sent, for {@code ConfirmSignUp} in tests. */
    public String cognitoConfirmationCode(String poolId, String username) {
        return cognitoUserPools().confirmationCode(poolId, username);
    }

    /** Test helpers for the local user pools: codes and messages sent, the pool's token clock, key rotation. */
    public CognitoUserPools cognitoUserPools() {
        return new CognitoUserPools(() -> endpoint(Service.COGNITO));
    }

    public Path logDirectory() {
        return logDirectory;
    }

    @Override
    public void close() {
        List<RunningEmulator> toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(running.values());
            running.clear();
        }
        eventSourceMappings.close();
        s3Events.close();
        functions.close();
        clients.close();
        toStop.forEach(RunningEmulator::close);
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or about to; nothing left to do
            }
        }
    }

    /** Options for {@link LocalCloud}. */
    public static final class Builder {
        private final Set<Service> services = EnumSet.noneOf(Service.class);
        private boolean fixedPorts;
        private Path logDirectory;

        private Builder() {
        }

        public Builder services(Service... services) {
            this.services.addAll(Arrays.asList(services));
            return this;
        }

        public Builder services(Collection<Service> services) {
            this.services.addAll(services);
            return this;
        }

        /**
         * Use the documented ports ({@code 14560}…) instead of free ones, as {@code kit cloud} does so the AWS CLI and
         * the capstone find it; a port in use is then an error, not a reason to pick another.
         */
        public Builder fixedPorts(boolean fixedPorts) {
            this.fixedPorts = fixedPorts;
            return this;
        }

        /** Where emulator logs go; default {@code target/localcloud-logs} under a Maven module, else a temp folder. */
        public Builder logDirectory(Path logDirectory) {
            this.logDirectory = logDirectory;
            return this;
        }

        public LocalCloud start() {
            Path logs = prepare(logDirectory);
            LocalCloud cloud = new LocalCloud(fixedPorts, logs);
            try {
                cloud.ensureStarted(services);
                return cloud;
            } catch (RuntimeException e) {
                cloud.close();
                throw e;
            }
        }

        private static Path prepare(Path requested) {
            try {
                Path dir = requested;
                if (dir == null) {
                    String property = System.getProperty("localcloud.logs");
                    if (property != null && !property.isBlank()) {
                        dir = Path.of(property);
                    } else if (Files.isDirectory(Path.of("target"))) {
                        dir = Path.of("target", "localcloud-logs");
                    } else {
                        dir = Files.createTempDirectory("sjl-localcloud-logs-");
                    }
                }
                return Files.createDirectories(dir);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the local cloud's log folder", e);
            }
        }
    }

    /** Adapts the fakes' server to the emulator lifecycle. */
    private record FakesEmulator(AwsJsonServer server) implements RunningEmulator {
        @Override
        public URI endpoint() {
            return server.endpoint();
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
