package dev.sjl.localcloud.lambda;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One execution environment: a Runtime API server and the JVM that polls it. Started once, killed once.
 */
final class Sandbox {

    private final RuntimeApiServer api;
    private final Process process;
    private final long startedNanos;
    private final Path taskRoot;
    private final Thread killOnExit;

    private Sandbox(RuntimeApiServer api, Process process, long startedNanos, Path taskRoot) {
        this.api = api;
        this.process = process;
        this.startedNanos = startedNanos;
        this.taskRoot = taskRoot;
        // If the test JVM ends first (a build timeout, Ctrl-C), the function's JVM must not outlive it.
        this.killOnExit = new Thread(this::destroyProcessTree, "kill-lambda-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    static Sandbox start(LocalLambda.Config config, Consumer<String> lines) {
        String arn = "arn:aws:lambda:" + config.region() + ":000000000000:function:" + config.functionName();
        RuntimeApiServer api = RuntimeApiServer.start(arn);
        Path taskRoot;
        try {
            // The runtime client loads classes from its working directory and its lib/ folder, as from /var/task:
            // an empty one keeps this module's files out of the function's classpath.
            taskRoot = Files.createTempDirectory("lambda-task-");
        } catch (IOException e) {
            api.close();
            throw new UncheckedIOException("Could not create the function's task directory", e);
        }
        List<String> command = new ArrayList<>();
        command.add(LocalLambda.javaExecutable().toString());
        command.addAll(config.jvmArgs());
        command.add("-cp");
        command.add(absolute(config.classpath()));
        command.add(LocalLambda.RUNTIME_MAIN);
        command.add(config.handler());
        ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile());
        Map<String, String> env = builder.environment();
        // Lambda starts the runtime with its own variables only: nothing leaks in from this machine's shell.
        env.clear();
        env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
        env.put("LANG", "en_US.UTF-8");
        env.put("TZ", ":UTC");
        env.put("AWS_LAMBDA_RUNTIME_API", api.address());
        env.put("_HANDLER", config.handler());
        env.put("AWS_REGION", config.region());
        env.put("AWS_DEFAULT_REGION", config.region());
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_java17");
        env.put("AWS_LAMBDA_FUNCTION_NAME", config.functionName());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(config.memoryMb()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + config.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", LocalDate.now(ZoneOffset.UTC).toString().replace('-', '/')
                + "/[$LATEST]" + UUID.randomUUID().toString().replace("-", ""));
        env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
        env.put("LAMBDA_RUNTIME_DIR", taskRoot.toString());
        env.putAll(config.credentials());
        env.putAll(config.environment());

        long started = System.nanoTime();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            api.close();
            deleteQuietly(taskRoot);
            throw new UncheckedIOException("Could not start " + command.get(0), e);
        }
        Sandbox sandbox = new Sandbox(api, process, started, taskRoot);
        pump(process.getInputStream(), lines, "stdout-" + process.pid());
        pump(process.getErrorStream(), lines, "stderr-" + process.pid());
        return sandbox;
    }

    /** The child runs in its own task directory, so relative classpath entries must be resolved here first. */
    static String absolute(String classpath) {
        List<String> entries = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath().toString());
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    RuntimeApiServer api() {
        return api;
    }

    Process process() {
        return process;
    }

    long startedNanos() {
        return startedNanos;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Kills the JVM (and anything it started), stops the Runtime API, fails what was still pending. */
    void kill() {
        destroyProcessTree();
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: it does the same work
        }
        for (RuntimeApiServer.Invocation pending : api.pending()) {
            pending.fail("Runtime.ExitError", "RequestId: " + pending.requestId()
                    + " Error: the execution environment was stopped", false);
        }
        api.close();
        deleteQuietly(taskRoot);
    }

    private void destroyProcessTree() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Copies a stream's lines to the sink on a daemon thread, until the process closes it. */
    private static void pump(InputStream stream, Consumer<String> lines, String name) {
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.accept(line);
                }
            } catch (IOException closed) {
                // the process was killed while we read: its remaining output is gone, as on Lambda
            }
        }, "lambda-" + name);
        reader.setDaemon(true);
        reader.start();
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless; failing the caller over it is not
        }
    }
}
