package dev.sjl.localcloud;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A Node emulator run as a child process. It prints {@code LOCALCLOUD-READY <port>} once it listens, which is what we
 * wait for — no polling, and a crash before that line is reported at once with the log file instead of a time-out.
 * Its stdin stays open and unused: the launcher exits when it closes, so the child dies with this JVM even when no
 * shutdown hook runs.
 */
final class NodeEmulator implements RunningEmulator {
    private static final String READY = "LOCALCLOUD-READY ";
    private static final String FAILED = "LOCALCLOUD-FAILED ";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final String name;
    private final Process process;
    private final OutputStream stdin;
    private final URI endpoint;
    private final Path log;
    private volatile boolean stopping;
    private volatile Runnable afterClose = () -> { };

    private NodeEmulator(String name, Process process, URI endpoint, Path log) {
        this.name = name;
        this.process = process;
        this.stdin = process.getOutputStream();
        this.endpoint = endpoint;
        this.log = log;
        process.onExit().thenAccept(p -> {
            if (!stopping) {
                System.err.println("[localcloud] " + name + " " + exitReason(p.exitValue())
                        + "; calls to it now fail fast (log: " + log.toAbsolutePath() + ")");
            }
        });
    }

    /**
     * Ctrl-C in a terminal signals the whole foreground process group, so the emulators stop on their own just before
     * the JVM's shutdown hook stops them: that is said as such, not as a crash.
     */
    static String exitReason(int exitCode) {
        return switch (exitCode) {
            case 130 -> "stopped by Ctrl-C (SIGINT)";
            case 143 -> "stopped by SIGTERM";
            default -> "exited unexpectedly with code " + exitCode;
        };
    }

    /**
     * The emulators speak plain HTTP on loopback and call nothing else, so no CA certificate is any use to them: a
     * NODE_EXTRA_CA_CERTS inherited from the machine (CI runners and corporate proxies set one) would have each Node
     * process read and parse the whole bundle as it starts, about 50 ms of CPU apiece. npm, which does reach a
     * registry, keeps it (it runs through ShortCommand, not here).
     */
    static void loopbackOnly(Map<String, String> environment) {
        environment.remove("NODE_EXTRA_CA_CERTS");
    }

    /** Starts {@code node <script> <args>} in {@code workDir} and waits for its ready line. */
    static NodeEmulator start(String name, Path nodeHome, String script, List<String> args, Path workDir,
                              Map<String, String> env, Path log) {
        // The watchdog first: it checks Node's version before anything else loads, and ties the process to this JVM.
        List<String> command = new ArrayList<>(List.of(NodePackages.nodeCommand(), "--require",
                nodeHome.resolve("watchdog.cjs").toString(), nodeHome.resolve(script).toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        loopbackOnly(builder.environment());
        builder.environment().putAll(env);
        Process process;
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException e) {
            throw EmulatorStartException.of(name, "cannot create its log folder: " + e.getMessage(), log, e);
        }
        try {
            process = builder.start();
        } catch (IOException e) {
            throw NodePackages.cannotRunNode(e);
        }
        CompletableFuture<String> outcome = new CompletableFuture<>();
        Thread pump = new Thread(() -> pump(process, log, outcome), "localcloud-log-" + name);
        pump.setDaemon(true);
        pump.start();
        String line;
        try {
            line = outcome.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            destroyTree(process);
            throw EmulatorStartException.of(name, "not ready after " + START_TIMEOUT.toSeconds() + " s", log, e);
        } catch (ExecutionException e) {
            destroyTree(process);
            throw EmulatorStartException.of(name, e.getCause().getMessage(), log, e.getCause());
        } catch (InterruptedException e) {
            destroyTree(process);
            Thread.currentThread().interrupt();
            throw EmulatorStartException.of(name, "interrupted while starting", log, e);
        }
        int port = Integer.parseInt(line.substring(READY.length()).trim());
        return new NodeEmulator(name, process, URI.create("http://" + Ports.LOOPBACK + ":" + port), log);
    }

    /** Copies the child's output to its log file and completes {@code outcome} with the ready line or the failure. */
    private static void pump(Process process, Path log, CompletableFuture<String> outcome) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                if (line.startsWith(READY)) {
                    outcome.complete(line);
                } else if (line.startsWith(FAILED)) {
                    outcome.completeExceptionally(new IOException(line.substring(FAILED.length())));
                }
            }
        } catch (IOException e) {
            outcome.completeExceptionally(e);
        }
        // Output ended: the process is gone. If it never said ready, that is the failure to report.
        outcome.completeExceptionally(new IOException("the process exited before it was ready"));
    }

    static boolean portWasTaken(EmulatorStartException e) {
        return e.getMessage() != null && e.getMessage().contains("EADDRINUSE");
    }

    @Override
    public URI endpoint() {
        return endpoint;
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Work to do once the process is gone, e.g. deleting its data folder. */
    void afterClose(Runnable cleanup) {
        this.afterClose = cleanup;
    }

    @Override
    public void close() {
        stopping = true;
        try {
            stdin.close(); // the launcher's watchdog exits on EOF: the gentle way first
        } catch (IOException ignored) {
            // already closed: the process is gone or going
        }
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                destroyTree(process);
            }
        } catch (InterruptedException e) {
            destroyTree(process);
            Thread.currentThread().interrupt();
        }
        afterClose.run();
    }

    /** Kills the child and everything it started (npm-style wrappers, workers), so nothing is orphaned. */
    static void destroyTree(Process process) {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return name + " at " + endpoint;
    }
}
