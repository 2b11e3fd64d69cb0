package dev.sjl.localcloud.lambda;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * One execution environment: a Runtime API server, the JVM that polls it and the file its output goes to. Started
 * once, killed once.
 */
final class Sandbox {

    private final RuntimeApiServer api;
    private final FunctionOutput output;
    private final Process process;
    private final long startedNanos;
    private final Path taskRoot;
    private final Thread killOnExit;

    private Sandbox(RuntimeApiServer api, FunctionOutput output, Process process, long startedNanos, Path taskRoot) {
        this.api = api;
        this.output = output;
        this.process = process;
        this.startedNanos = startedNanos;
        this.taskRoot = taskRoot;
        // If the test JVM ends first (a build timeout, Ctrl-C), the function's JVM must not outlive it.
        this.killOnExit = new Thread(this::destroyProcessTree, "kill-lambda-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    static Sandbox start(LocalLambda.Config config, Consumer<String> lines) {
        String arn = "arn:aws:lambda:" + config.region() + ":000000000000:function:" + config.functionName();
        // Not the client's shared /tmp/.libaws-lambda-jni.so, which runtimes starting at once overwrite.
        Optional<String> nativeClient = NativeClientLibrary.jvmOption(config.classpath(), config.jvmArgs());
        FunctionOutput output;
        try {
            output = FunctionOutput.create(lines);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not create the file for the function's output", e);
        }
        // The lines written before an event is handed out are not that invocation's: read them first.
        RuntimeApiServer api = RuntimeApiServer.start(arn, output::startInvocation);
        Path taskRoot;
        try {
            // The runtime client loads classes from its working directory and its lib/ folder, as from /var/task:
            // an empty one keeps this module's files out of the function's classpath.
            taskRoot = Files.createTempDirectory("lambda-task-");
        } catch (IOException e) {
            api.close();
            output.close();
            throw new UncheckedIOException("Could not create the function's task directory", e);
        }
        List<String> command = new ArrayList<>();
        command.add(LocalLambda.javaExecutable().toString());
        command.addAll(config.jvmArgs());
        nativeClient.ifPresent(command::add);
        command.add("-cp");
        command.add(absolute(config.classpath()));
        command.add(LocalLambda.RUNTIME_MAIN);
        command.add(config.handler());
        // stdout and stderr share one file description, as they share one log stream on Lambda: their order is kept,
        // and the file can be read to its end when an invocation ends (see FunctionOutput), unlike a pipe.
        ProcessBuilder builder = new ProcessBuilder(command).directory(taskRoot.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.file().toFile()));
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
            output.close();
            deleteQuietly(taskRoot);
            throw new UncheckedIOException("Could not start " + command.get(0), e);
        }
        return new Sandbox(api, output, process, started, taskRoot);
    }

    /** The child runs in its own task directory, so relative classpath entries must be resolved here first. */
    static String absolute(String classpath) {
        return String.join(File.pathSeparator, entries(classpath).stream().map(Path::toString).toList());
    }

    /** The classpath's entries, each made absolute; empty entries dropped. */
    static List<Path> entries(String classpath) {
        List<Path> entries = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(Path.of(entry).toAbsolutePath());
            }
        }
        return entries;
    }

    RuntimeApiServer api() {
        return api;
    }

    FunctionOutput output() {
        return output;
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
        // After the process is gone, so that every line it wrote is read before the file is deleted.
        output.close();
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

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless; failing the caller over it is not
        }
    }
}
