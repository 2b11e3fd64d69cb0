package dev.sjl.localcloud;

import dev.sjl.localcloud.PostgresBinaries.UnixUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real PostgreSQL server for the local cloud, set up the way RDS sets one up: a master user ({@value #MASTER_USER})
 * with a random password, scram-sha-256 authentication, TCP on 127.0.0.1 only (no Unix socket). Each start runs on
 * a fresh copy of a template cluster ({@link PostgresTemplate}), so no state survives a run.
 *
 * <p>The server is a child process behind a small shell watchdog ({@code postgres/watchdog.sh}): the JVM holds its
 * stdin, and end-of-file there — this JVM closing it, or dying, even on kill -9 — shuts PostgreSQL down. The watchdog
 * exits when the server does, which is how a crash is detected. Output goes to {@code postgres.log} in the log folder.
 */
final class PostgresEmulator implements DatabaseEmulator {
    static final String NAME = "PostgreSQL";
    /** The master user's name; its password is random per start, as an RDS-managed master password would be. */
    static final String MASTER_USER = PostgresConnection.MASTER_USER;
    /** The database every cluster has, and the one RDS connects to when no DBName was given. */
    static final String DEFAULT_DATABASE = PostgresConnection.DEFAULT_DATABASE;
    private static final String READY = "database system is ready to accept connections";
    private static final String PORT_TAKEN = "Address already in use";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /**
     * PBKDF2 rounds in the SCRAM verifiers of passwords set on this server (the master's, and roles tests create).
     * Every login makes the client compute them: 4,096 (PostgreSQL's default, and RDS's) cost a JDBC connection here
     * ~13 of its ~37 ms, and the lab tests open thousands. The rounds slow down guessing a password from a stolen
     * verifier; these passwords are random, live for one start and never leave 127.0.0.1, so rounds buy nothing here.
     */
    static final String SCRAM_ITERATIONS = "scram_iterations=256";

    private final Process process;
    private final OutputStream stdin;
    private final Path runDir;
    private final PostgresConnection connection;
    private volatile boolean stopping;

    private PostgresEmulator(Process process, Path runDir, PostgresConnection connection, Path log) {
        this.process = process;
        this.stdin = process.getOutputStream();
        this.runDir = runDir;
        this.connection = connection;
        process.onExit().thenAccept(p -> {
            if (!stopping) {
                System.err.println("[localcloud] " + NAME + " exited unexpectedly with code " + p.exitValue()
                        + "; calls to it now fail fast (log: " + log.toAbsolutePath() + ")");
            }
        });
    }

    /** Starts the server on a fresh copy of the template cluster, on {@code port} or on a free port when it is 0. */
    static PostgresEmulator start(int port, Path logDirectory) {
        Path log = logDirectory.resolve("postgres.log");
        Path home = PostgresBinaries.home();
        Optional<UnixUser> user = PostgresBinaries.runAs();
        PostgresTemplate template;
        try {
            template = PostgresTemplate.forBinaries(home, user, log);
        } catch (IOException e) {
            throw EmulatorStartException.of(NAME, describe(e), log, e);
        }
        // PostgreSQL cannot be told to pick a free port itself: pick one, and pick again if it was taken since. Each
        // attempt needs a new copy, because the watchdog deletes the run folder when the server exits.
        int attempts = port == 0 ? 3 : 1;
        for (int attempt = 1; ; attempt++) {
            int chosen = port == 0 ? Ports.freePort() : port;
            Path runDir = null;
            try {
                runDir = Files.createTempDirectory(scratchFolder(), "sjl-postgres-");
                PostgresBinaries.giveTo(user, runDir);
                template.copyInto(runDir, user, log);
                String password = PostgresTemplate.randomPassword();
                setMasterPassword(home, user, runDir, password, log);
                Process process = startServer(home, user, runDir, chosen, log);
                return new PostgresEmulator(process, runDir,
                        new PostgresConnection(Ports.LOOPBACK, chosen, DEFAULT_DATABASE, MASTER_USER, password), log);
            } catch (PortTakenException e) {
                Dirs.deleteTree(runDir);
                if (attempt >= attempts) {
                    throw EmulatorStartException.of(NAME, "port " + chosen + " on " + Ports.LOOPBACK + " is already in use", log, e);
                }
            } catch (IOException e) {
                Dirs.deleteTree(runDir);
                throw EmulatorStartException.of(NAME, describe(e), log, e);
            } catch (RuntimeException e) {
                Dirs.deleteTree(runDir);
                throw e;
            }
        }
    }

    /**
     * Where the cluster's copy lives while the server runs: memory ({@code /dev/shm}) when there is one, since the data
     * is thrown away at close and a disk only slows the copy and the server down; else the temp folder.
     */
    private static Path scratchFolder() {
        Path shm = Path.of("/dev/shm");
        return Files.isDirectory(shm) && Files.isWritable(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * Gives the copy's master user its own random password before the server listens, so no client ever meets the
     * template's: PostgreSQL's single-user mode runs one ALTER ROLE on the data folder and exits. The password goes in
     * on stdin, never on a command line, and no statement is echoed to the log (log_min_error_statement=panic). A
     * tenth of a second, where a JDBC connection to the running server cost half a second of class loading and SCRAM.
     */
    private static void setMasterPassword(Path home, Optional<UnixUser> user, Path runDir, String password, Path log)
            throws IOException {
        // randomPassword() is URL-safe Base64: nothing in it can end the literal
        String statement = "ALTER ROLE " + MASTER_USER + " PASSWORD '" + password + "';\n";
        ShortCommand.run(PostgresBinaries.asRunUser(user, List.of(home.resolve("bin/postgres").toString(), "--single",
                        "-D", runDir.resolve("data").toString(),
                        "-c", "exit_on_error=on", "-c", "log_min_error_statement=panic", "-c", "log_checkpoints=off",
                        "-c", "fsync=off", "-c", "full_page_writes=off", "-c", SCRAM_ITERATIONS, DEFAULT_DATABASE)),
                "setting the master password", null, log, Duration.ofSeconds(30),
                statement.getBytes(StandardCharsets.UTF_8));
    }

    private static Process startServer(Path home, Optional<UnixUser> user, Path runDir, int port, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of("sh", "-c", watchdogScript(), "sjl-postgres-watchdog", runDir.toString(),
                home.resolve("bin/postgres").toString(), "-D", runDir.resolve("data").toString(), "-p", Integer.toString(port),
                "-c", "listen_addresses=" + Ports.LOOPBACK,
                "-c", "unix_socket_directories=",
                // a failing statement is echoed into the log by default; ALTER ROLE … PASSWORD must never be
                "-c", "log_min_error_statement=panic",
                // The data is thrown away at close: durability only costs time here.
                "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                "-c", SCRAM_ITERATIONS));
        Process process = new ProcessBuilder(PostgresBinaries.asRunUser(user, command)).redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, log, ready), "localcloud-log-postgres");
        pump.setDaemon(true);
        pump.start();
        try {
            ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            return process;
        } catch (TimeoutException e) {
            NodeEmulator.destroyTree(process);
            throw new IOException("not ready after " + START_TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            NodeEmulator.destroyTree(process);
            if (e.getCause() instanceof PortTakenException taken) {
                throw taken;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            NodeEmulator.destroyTree(process);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting", e);
        }
    }

    /**
     * Appends the server's output to its log and completes {@code ready} once it accepts connections, or with the
     * reason it stopped: the port was taken, or its last FATAL line.
     */
    private static void pump(Process process, Path log, CompletableFuture<Void> ready) {
        boolean portTaken = false;
        String fatal = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
                     StandardOpenOption.CREATE, StandardOpenOption.APPEND), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                if (line.contains(READY)) {
                    ready.complete(null);
                } else if (line.contains(PORT_TAKEN)) {
                    portTaken = true;
                } else {
                    int severity = Math.max(line.indexOf("FATAL:"), line.indexOf("PANIC:"));
                    if (severity >= 0) {
                        fatal = line.substring(severity).replaceAll("\\s+", " ");
                    }
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        // Output ended: the server is gone. If it never said ready, that is the failure to report.
        ready.completeExceptionally(portTaken ? new PortTakenException()
                : new IOException(fatal != null ? fatal : "the server exited before it was ready"));
    }

    private static String watchdogScript() {
        try (InputStream in = PostgresEmulator.class.getResourceAsStream("/dev/sjl/localcloud/postgres/watchdog.sh")) {
            if (in == null) {
                throw new IllegalStateException("Missing resource dev/sjl/localcloud/postgres/watchdog.sh in localcloud-core");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (message.contains("Cannot run program \"setpriv\"")) {
            return "it refuses to run as root and must run as `nobody` through setpriv, which is missing (Debian: apt-get install util-linux)";
        }
        return message;
    }

    /**
     * Whether a PostgreSQL server answers at {@code host:port}: it must reply to an SSLRequest, the first message of
     * the wire protocol, with 'S' or 'N'. Needs no credentials, so {@code kit cloud status} can ask it.
     */
    static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 300);
            socket.setSoTimeout(1000);
            // length 8, then the SSLRequest code 1234.5679 (80877103)
            socket.getOutputStream().write(new byte[] {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f});
            int reply = socket.getInputStream().read();
            return reply == 'S' || reply == 'N';
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public URI endpoint() {
        return URI.create("postgresql://" + connection.host() + ":" + connection.port());
    }

    @Override
    public PostgresConnection connection() {
        return connection;
    }

    /**
     * The local cloud's reset: every database but {@code postgres} and the templates is dropped (connections to them
     * ended), every schema of {@code postgres} but the system ones is dropped and {@code public} recreated as
     * PostgreSQL 15+ creates it, and every role but the master and the built-in ones is dropped.
     */
    @Override
    public String reset() {
        // On the master's kept session (MasterConnections): a shared local cloud is reset before every test (PIT's
        // minions, the lab engine), and a login costs PostgreSQL a server process of its own.
        try {
            return MasterConnections.with(connection, master -> {
                try (Statement sql = master.createStatement()) {
                    List<String> databases = names(sql, "SELECT datname FROM pg_database WHERE NOT datistemplate AND datname <> 'postgres'");
                    for (String database : databases) {
                        sql.execute("DROP DATABASE IF EXISTS " + quote(database) + " WITH (FORCE)");
                    }
                    List<String> schemas = names(sql, "SELECT nspname FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' AND nspname <> 'information_schema'");
                    for (String schema : schemas) {
                        sql.execute("DROP SCHEMA " + quote(schema) + " CASCADE");
                    }
                    sql.execute("CREATE SCHEMA public AUTHORIZATION pg_database_owner");
                    sql.execute("GRANT USAGE ON SCHEMA public TO PUBLIC");
                    List<String> roles = names(sql, "SELECT rolname FROM pg_roles WHERE rolname NOT LIKE 'pg\\_%' AND rolname <> current_user");
                    for (String role : roles) {
                        sql.execute("DROP OWNED BY " + quote(role) + " CASCADE");
                        sql.execute("DROP ROLE " + quote(role));
                    }
                    return databases.size() + " databases, " + schemas.size() + " schemas of postgres and " + roles.size() + " roles dropped";
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException(NAME + " could not be reset: " + e.getMessage(), e);
        }
    }

    private static List<String> names(Statement sql, String query) throws SQLException {
        List<String> names = new ArrayList<>();
        try (java.sql.ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        stopping = true;
        MasterConnections.close(connection);
        try {
            stdin.close(); // the watchdog asks the server for a fast shutdown on end-of-file
        } catch (IOException ignored) {
            // already closed: the process is gone or going
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                NodeEmulator.destroyTree(process);
            }
        } catch (InterruptedException e) {
            NodeEmulator.destroyTree(process);
            Thread.currentThread().interrupt();
        }
        Dirs.deleteTree(runDir); // the watchdog already did, unless it was killed
    }

    @Override
    public String toString() {
        return NAME + " at " + endpoint();
    }

    /** The server could not bind its port. */
    private static final class PortTakenException extends IOException {
        private static final long serialVersionUID = 1L;

        PortTakenException() {
            super("the port is already in use");
        }
    }
}
