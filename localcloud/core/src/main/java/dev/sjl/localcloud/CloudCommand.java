package dev.sjl.localcloud;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code kit cloud}: the local cloud on its documented loopback ports, for the AWS CLI, the capstone and a curious
 * learner. {@code up} runs in the foreground until Ctrl-C (or {@code down} from another terminal); {@code status}
 * reads the state file {@code up} leaves in the kit's cache folder.
 */
@Command(name = "kit cloud", mixinStandardHelpOptions = true,
        description = "Run the local AWS cloud (DynamoDB, S3, SQS, SNS, Cognito, SSM, Secrets Manager, EventBridge, Lambda Invoke, PostgreSQL) on 127.0.0.1.",
        subcommands = {CloudCommand.Up.class, CloudCommand.Down.class, CloudCommand.Status.class, CloudCommand.Reset.class})
public final class CloudCommand implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    /**
     * The name of the secret holding the PostgreSQL master credentials, in the shape RDS's managed master-user secret
     * has, when Secrets Manager runs too: the lab 08 function reads its credentials from there, never from code.
     */
    static final String POSTGRES_SECRET = "sjl/local/postgres/master";

    public static void main(String[] args) {
        System.exit(new CommandLine(new CloudCommand()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
    }

    static Path stateFile() {
        return NodePackages.cacheRoot().resolve("cloud").resolve("state.properties");
    }

    /** A libpq password file for psql ({@code PGPASSFILE}), so the random master password is never printed. */
    static Path pgpassFile() {
        return NodePackages.cacheRoot().resolve("cloud").resolve("pgpass");
    }

    @Command(name = "up", description = "Start the services on their fixed ports and stay in the foreground until Ctrl-C.")
    static final class Up implements java.util.concurrent.Callable<Integer> {
        @Option(names = "--services", split = ",", paramLabel = "SERVICE",
                description = "Only these (default: all): ${COMPLETION-CANDIDATES}")
        List<Service> services = new ArrayList<>();

        @Override
        public Integer call() throws Exception {
            Optional<State> running = State.read();
            if (running.isPresent() && running.get().alive()) {
                System.err.println("The local cloud is already running (pid " + running.get().pid + "); `kit cloud status` shows it, `kit cloud down` stops it.");
                return 2;
            }
            Set<Service> wanted = services.isEmpty() ? EnumSet.allOf(Service.class) : EnumSet.copyOf(services);
            Path logs = NodePackages.cacheRoot().resolve("cloud").resolve("logs");
            long started = System.nanoTime();
            LocalCloud cloud;
            try {
                cloud = LocalCloud.builder().services(wanted).fixedPorts(true).logDirectory(logs).start();
            } catch (EmulatorStartException e) {
                System.err.println(e.getMessage());
                return 1;
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            State state = new State(ProcessHandle.current().pid(), cloud.endpoints());
            state.write();
            if (cloud.isRunning(Service.POSTGRES)) {
                publishPostgresCredentials(cloud);
                // A reset deletes every secret: the master secret is the cloud's own, so it comes back at once.
                cloud.afterReset(() -> publishMasterSecret(cloud));
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                cloud.close();
                state.delete();
                deleteQuietly(pgpassFile());
                stopped.countDown();
            }, "kit-cloud-down"));
            System.out.println("Local cloud ready in " + millis + " ms (logs: " + logs + ")");
            printEndpoints(System.out, cloud.endpoints());
            System.out.println();
            System.out.println("Ctrl-C or `kit cloud down` stops it.");
            stopped.await();
            return 0;
        }
    }

    /** Writes the pgpass file (mode 600) and, when Secrets Manager runs, the RDS-shaped master secret. */
    private static void publishPostgresCredentials(LocalCloud cloud) throws IOException {
        PostgresConnection master = cloud.postgres();
        Path pgpass = pgpassFile();
        Files.createDirectories(pgpass.getParent());
        Files.deleteIfExists(pgpass);
        Files.createFile(pgpass, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(pgpass, master.host() + ":" + master.port() + ":*:" + master.username() + ":" + master.password() + "\n",
                StandardCharsets.UTF_8);
        publishMasterSecret(cloud);
    }

    /** The RDS-shaped master secret, when Secrets Manager runs. */
    private static void publishMasterSecret(LocalCloud cloud) {
        if (cloud.isRunning(Service.SECRETS_MANAGER)) {
            cloud.clients().secretsManager().createSecret(b -> b.name(POSTGRES_SECRET).secretString(cloud.postgres().toSecretJson())
                    .description("Master user of the local PostgreSQL (kit cloud), shaped like an RDS-managed secret"));
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // left for the next `up`, which replaces it
        }
    }

    @Command(name = "down", description = "Stop a local cloud started with `up`.")
    static final class Down implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            Optional<State> state = State.read();
            if (state.isEmpty() || !state.get().alive()) {
                state.ifPresent(State::delete);
                System.out.println("The local cloud is not running.");
                return 0;
            }
            ProcessHandle process = ProcessHandle.of(state.get().pid).orElseThrow();
            process.destroy(); // SIGTERM: its shutdown hook stops every emulator and child process
            try {
                process.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                System.err.println("The local cloud (pid " + state.get().pid + ") did not stop within 20 s; killing it.");
                process.destroyForcibly();
            }
            System.out.println("The local cloud is stopped.");
            return 0;
        }
    }

    @Command(name = "status", description = "Show whether the local cloud runs and each endpoint answers.")
    static final class Status implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() {
            Optional<State> state = State.read();
            if (state.isEmpty() || !state.get().alive()) {
                System.out.println("The local cloud is not running. Start it with `kit cloud up`.");
                return 3;
            }
            System.out.println("The local cloud is running (pid " + state.get().pid + ").");
            for (Map.Entry<Service, URI> entry : state.get().endpoints.entrySet()) {
                URI uri = entry.getValue();
                boolean answers = EmulatorModules.answers(entry.getKey(), uri);
                System.out.printf("  %-16s %-30s %s%n", entry.getKey(), entry.getValue(), answers ? "up" : "NOT ANSWERING");
            }
            return 0;
        }
    }

    @Command(name = "reset", description = "Delete everything tests and commands created (tables, buckets, queues, topics, pools, parameters, secrets, rules, mappings, databases); the services keep running.")
    static final class Reset implements java.util.concurrent.Callable<Integer> {
        @Override
        public Integer call() throws IOException, InterruptedException {
            Optional<State> state = State.read();
            if (state.isEmpty() || !state.get().alive()) {
                System.out.println("The local cloud is not running. Start it with `kit cloud up`.");
                return 3;
            }
            URI lambda = state.get().endpoints.get(Service.LAMBDA);
            if (lambda == null) {
                System.err.println("The reset is served by the Lambda endpoint, which this local cloud does not run: start it with LAMBDA among --services.");
                return 2;
            }
            java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(lambda.resolve(RESET_PATH)).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            com.fasterxml.jackson.databind.JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
            if (response.statusCode() != 200) {
                System.err.println("The reset failed: " + body.path("message").asText(response.body()));
                return 1;
            }
            System.out.println("The local cloud is reset:");
            body.path("reset").fields().forEachRemaining(e -> System.out.printf("  %-16s %s%n", e.getKey(), e.getValue().asText()));
            return 0;
        }
    }

    /** Where the Lambda endpoint serves {@link LocalCloud#reset()}. */
    static final String RESET_PATH = "/_localcloud/reset";

    static void printEndpoints(PrintStream out, Map<Service, URI> endpoints) {
        out.println();
        out.printf("  %-16s %-30s %s%n", "SERVICE", "ENDPOINT", "TRY (AWS CLI)");
        for (Map.Entry<Service, URI> entry : endpoints.entrySet()) {
            Service service = entry.getKey();
            String tryIt = service.tryIt(entry.getValue());
            out.printf("  %-16s %-30s %s%s%n", service, entry.getValue(), service == Service.POSTGRES ? "PGPASSFILE=" + pgpassFile() + " " : "", tryIt);
        }
        out.println();
        out.println("  The emulators accept any credentials (S3's presigned URLs only test/test); for the CLI: export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=us-east-1");
        if (endpoints.containsKey(Service.COGNITO)) {
            out.println("  Cognito e-mails no one: a user's latest confirmation code is at " + endpoints.get(Service.COGNITO)
                    + "/_localcloud/cognito/<poolId>/users/<username>/confirmation-code");
        }
        if (endpoints.containsKey(Service.POSTGRES)) {
            out.println("  PostgreSQL's master password is random for every start: it is in the pgpass file above"
                    + (endpoints.containsKey(Service.SECRETS_MANAGER) ? " and in the secret " + POSTGRES_SECRET + " (aws secretsmanager get-secret-value --secret-id "
                    + POSTGRES_SECRET + ")" : "") + ", never on the console.");
        }
        if (endpoints.containsKey(Service.SQS)) {
            out.println("  Peek at a queue without receiving its messages: curl " + endpoints.get(Service.SQS) + "/_fauxqs/queues/QUEUE_NAME");
        }
        if (endpoints.containsKey(Service.LAMBDA)) {
            out.println("  What a function received: curl " + endpoints.get(Service.LAMBDA) + "/_localcloud/functions/FUNCTION_NAME/invocations");
            out.println("  Start afresh without a restart: `kit cloud reset` (or curl -X POST " + endpoints.get(Service.LAMBDA) + RESET_PATH + ")");
        }
    }

    /** What `up` records for `status` and `down`: its pid and the endpoints. */
    static final class State {
        final long pid;
        final Map<Service, URI> endpoints;

        State(long pid, Map<Service, URI> endpoints) {
            this.pid = pid;
            this.endpoints = endpoints;
        }

        boolean alive() {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }

        static Optional<State> read() {
            Path file = stateFile();
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            Properties props = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(in);
                Map<Service, URI> endpoints = new LinkedHashMap<>();
                for (Service service : Service.values()) {
                    String uri = props.getProperty(service.name());
                    if (uri != null) {
                        endpoints.put(service, URI.create(uri));
                    }
                }
                return Optional.of(new State(Long.parseLong(props.getProperty("pid")), endpoints));
            } catch (IOException | RuntimeException e) {
                return Optional.empty(); // an unreadable state file means nothing we can manage is running
            }
        }

        void write() throws IOException {
            Properties props = new Properties();
            props.setProperty("pid", Long.toString(pid));
            endpoints.forEach((service, uri) -> props.setProperty(service.name(), uri.toString()));
            Files.createDirectories(stateFile().getParent());
            try (Writer out = Files.newBufferedWriter(stateFile(), StandardCharsets.UTF_8)) {
                props.store(out, "kit cloud up");
            }
        }

        void delete() {
            try {
                Files.deleteIfExists(stateFile());
            } catch (IOException ignored) {
                // a stale state file is detected by its dead pid
            }
        }
    }
}
