package dev.sjl.localcloud.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One Lambda function run out of process, the way Lambda runs it: a separate JVM started with the official runtime
 * interface client ({@code com.amazonaws.services.lambda.runtime.api.client.AWSLambda pkg.Class::method}), which
 * polls a {@link RuntimeApiServer} on loopback for invocations.
 *
 * <p>The first {@link #invoke(String)} starts an execution environment (a cold start); later ones reuse it (warm).
 * Like Lambda, an environment whose invocation timed out or whose runtime exited is thrown away, and the next
 * invocation starts a new one. The child JVM is always killed: on {@link #close()}, on a timeout, and by a shutdown
 * hook if this JVM ends first. A child that crashes is noticed at once through its process handle, never waited on.
 *
 * <pre>{@code
 * try (LocalLambda fn = LocalLambda.builder("dev.sjl.lambda.SignupCheckHandler::handleRequest")
 *         .environment(Map.of("ALLOWED_EMAIL_DOMAINS", "*"))
 *         .build()) {
 *     InvocationResult result = fn.invoke("{\"email\":\"ada@example.com\"}");
 * }
 * }</pre>
 */
public final class LocalLambda implements AutoCloseable {

    /** Lambda's largest timeout. */
    public static final Duration MAX_TIMEOUT = Duration.ofMinutes(15);
    /** Lambda's limit on the function's own environment variables, measured as their JSON text. */
    public static final int MAX_ENVIRONMENT_BYTES = 4 * 1024;
    /** How many lines {@link #logs()} and {@link InvocationResult#logs()} keep: the last ones. */
    public static final int MAX_LOG_LINES = 10_000;
    /** The runtime interface client's entry point. */
    public static final String RUNTIME_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    /** Names Lambda sets itself and refuses in a function's configuration. */
    static final Set<String> RESERVED = Set.of("_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION",
            "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
            "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
            "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN", "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR");

    private final Config config;
    private final List<String> logs = new ArrayList<>();
    // Volatile: logs() reads it without the lock that invoke() holds for a whole invocation.
    private volatile Sandbox sandbox;
    private Duration lastInitDuration;
    private int coldStarts;
    private boolean closed;

    private LocalLambda(Config config) {
        this.config = config;
    }

    /** A function whose handler is {@code pkg.Class::method} (or {@code pkg.Class} for the interface method). */
    public static Builder builder(String handler) {
        return new Builder(handler);
    }

    /**
     * Invokes the function synchronously (Lambda's {@code RequestResponse}) and waits for the outcome. Never throws
     * for the function's failures: a handler exception, a crash, an init failure or a timeout comes back as an
     * {@link InvocationResult} with an error type, as it would from Lambda. When it returns, every line the function
     * wrote during the invocation is in the result's {@link InvocationResult#logs() logs} and in {@link #logs()}.
     */
    public synchronized InvocationResult invoke(String eventJson) {
        if (closed) {
            throw new IllegalStateException("This function is closed");
        }
        long asked = System.nanoTime();
        byte[] payload = eventJson.getBytes(StandardCharsets.UTF_8);
        if (payload.length > RuntimeApiServer.MAX_SYNC_PAYLOAD_BYTES) {
            // Lambda refuses it at the API: the function never runs and no environment starts.
            String message = "Request must be smaller than " + RuntimeApiServer.MAX_SYNC_PAYLOAD_BYTES
                    + " bytes for the InvokeFunction operation";
            return new InvocationResult(null, RuntimeApiServer.errorJson("RequestEntityTooLargeException", message),
                    "RequestEntityTooLargeException", message, false, null,
                    Duration.ofNanos(System.nanoTime() - asked));
        }
        if (sandbox == null || !sandbox.isAlive()) {
            startSandbox();
        }
        Sandbox current = sandbox;
        RuntimeApiServer.Invocation invocation = current.api().submit(payload, config.timeout, asked);
        CompletableFuture<Process> exited = current.process().onExit();

        Object first = awaitEither(invocation.taken(), exited, config.initTimeout);
        // Each outcome is settled before the kill, which fails whatever is still pending as an exit.
        if (first == null) {
            invocation.fail("Sandbox.Timedout", "The runtime did not finish its init within "
                    + seconds(config.initTimeout) + " seconds", true);
            current.kill();
        } else if (first instanceof Process) {
            failWithExit(current, invocation);
        } else {
            Object outcome = awaitEither(invocation.result(), exited, config.timeout);
            if (outcome == null) {
                invocation.fail("Sandbox.Timedout", "RequestId: " + invocation.requestId()
                        + " Error: Task timed out after " + seconds(config.timeout) + " seconds", false);
                current.kill();
            } else if (outcome instanceof Process) {
                failWithExit(current, invocation);
            }
        }
        noteInit(current);
        // Every line written before the outcome is in the output file by now (or the process is gone): read it all.
        List<String> lines = current.output().endInvocation();
        return invocation.result().join().withLogs(lines);
    }

    /** Starts an execution environment now, without invoking, and waits for its init to end. */
    public synchronized Optional<Duration> start() {
        if (sandbox == null || !sandbox.isAlive()) {
            startSandbox();
        }
        awaitEither(sandbox.api().firstPoll(), sandbox.process().onExit(), config.initTimeout);
        noteInit(sandbox);
        return initDuration();
    }

    /** The last environment's init: process start → its runtime's first {@code /next}, if it got that far. */
    public synchronized Optional<Duration> initDuration() {
        return Optional.ofNullable(lastInitDuration);
    }

    /** How many execution environments were started so far: each one is a cold start. */
    public synchronized int coldStarts() {
        return coldStarts;
    }

    /** The current environment's JVM, while one runs. */
    synchronized Optional<ProcessHandle> currentProcess() {
        return sandbox == null ? Optional.empty() : Optional.of(sandbox.process().toHandle());
    }

    /**
     * Every line the function's processes wrote to stdout and stderr so far, in order (capped at the last
     * {@value #MAX_LOG_LINES}). A line still being written, without its newline yet, comes once it is whole or its
     * invocation has ended.
     */
    public List<String> logs() {
        Sandbox current = sandbox;
        if (current != null) {
            current.output().collect();
        }
        synchronized (logs) {
            return List.copyOf(logs);
        }
    }

    /** Stops the current environment (its JVM is killed) and refuses further invocations. */
    @Override
    public synchronized void close() {
        closed = true;
        if (sandbox != null) {
            sandbox.kill();
        }
    }

    private void startSandbox() {
        if (sandbox != null) {
            sandbox.kill();
        }
        lastInitDuration = null;
        coldStarts++;
        sandbox = Sandbox.start(config, this::addLog);
    }

    private void noteInit(Sandbox s) {
        Long polled = s.api().firstPoll().getNow(null);
        if (polled != null) {
            lastInitDuration = Duration.ofNanos(polled - s.startedNanos());
        }
    }

    private void addLog(String line) {
        synchronized (logs) {
            if (logs.size() == MAX_LOG_LINES) {
                logs.remove(0);
            }
            logs.add(line);
        }
        config.logSink.accept(line);
    }

    private static void failWithExit(Sandbox s, RuntimeApiServer.Invocation invocation) {
        RuntimeApiServer.RuntimeError initError = s.api().initError();
        if (initError != null) {
            invocation.failWith(initError, true);
            return;
        }
        int status = s.process().exitValue();
        boolean initDone = s.api().firstPoll().isDone();
        invocation.fail("Runtime.ExitError", "RequestId: " + invocation.requestId()
                + " Error: Runtime exited with error: exit status " + status, !initDone);
    }

    /** Waits for the first of two futures; returns its value, or null when the time ran out. */
    private static Object awaitEither(CompletableFuture<?> a, CompletableFuture<?> b, Duration timeout) {
        try {
            return CompletableFuture.anyOf(a, b).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Waiting for the runtime failed", e.getCause());
        }
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f", d.toMillis() / 1000.0);
    }

    /** Everything needed to start an execution environment; immutable once built. */
    record Config(String handler, String functionName, int memoryMb, Duration timeout, Duration initTimeout,
                  String classpath, Map<String, String> environment, List<String> jvmArgs, String region,
                  Map<String, String> credentials, Consumer<String> logSink) {
    }

    /** Builds a {@link LocalLambda}; every setting has Lambda's default unless said otherwise. */
    public static final class Builder {
        private final String handler;
        private String functionName;
        private int memoryMb = 512;
        private Duration timeout = Duration.ofSeconds(3);
        private Duration initTimeout = Duration.ofSeconds(10);
        private String classpath = System.getProperty("java.class.path");
        private final Map<String, String> environment = new LinkedHashMap<>();
        private List<String> jvmArgs;
        private String region = "us-east-1";
        private final Map<String, String> credentials = new LinkedHashMap<>();
        private Consumer<String> logSink = line -> { };

        private Builder(String handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            String className = handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler;
            this.functionName = className.substring(className.lastIndexOf('.') + 1);
        }

        /** Default: the handler's simple class name. */
        public Builder functionName(String name) {
            this.functionName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** 128 to 10,240 MB, as on Lambda; sets {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE} and caps the child's heap. */
        public Builder memoryMb(int megabytes) {
            if (megabytes < 128 || megabytes > 10_240) {
                throw new IllegalArgumentException("Lambda memory is 128 to 10240 MB, not " + megabytes);
            }
            this.memoryMb = megabytes;
            return this;
        }

        /** The invocation timeout; Lambda's default is 3 s and its maximum 15 min. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("A Lambda timeout is more than 0 and at most 15 minutes, not "
                        + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /**
         * How long the runtime may take to start and load the handler. Lambda allows 10 s; raise it on a busy
         * machine so that a slow JVM start is not mistaken for a broken function.
         */
        public Builder initTimeout(Duration initTimeout) {
            if (initTimeout.isNegative() || initTimeout.isZero()) {
                throw new IllegalArgumentException("The init timeout must be positive, not " + initTimeout);
            }
            this.initTimeout = initTimeout;
            return this;
        }

        /** The child JVM's classpath; default: this JVM's, which holds the handler and the runtime client. */
        public Builder classpath(String classpath) {
            this.classpath = Objects.requireNonNull(classpath, "classpath");
            return this;
        }

        /** The function's environment variables (its configuration). Lambda's reserved names are refused. */
        public Builder environment(Map<String, String> variables) {
            variables.forEach(this::env);
            return this;
        }

        public Builder env(String name, String value) {
            if (RESERVED.contains(name)) {
                throw new IllegalArgumentException(name + " is reserved: Lambda sets it and refuses it in a "
                        + "function's configuration");
            }
            environment.put(name, Objects.requireNonNull(value, name));
            return this;
        }

        /** JVM options; default: what Lambda's Java 17 runtime uses (C1 only, serial GC) and a heap cap. */
        public Builder jvmArgs(List<String> args) {
            this.jvmArgs = List.copyOf(args);
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        /**
         * The execution role's credentials, which Lambda hands the function as {@code AWS_ACCESS_KEY_ID},
         * {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}. Default: none, so a function never picks up
         * the developer's own credentials from this machine.
         */
        public Builder credentials(String accessKeyId, String secretAccessKey, String sessionToken) {
            credentials.put("AWS_ACCESS_KEY_ID", accessKeyId);
            credentials.put("AWS_SECRET_ACCESS_KEY", secretAccessKey);
            credentials.put("AWS_SESSION_TOKEN", sessionToken);
            return this;
        }

        /**
         * Also hands every line the function prints to this consumer (default: lines are only kept). Lines are read
         * when the runtime's init ends (its first event is handed out), when each invocation ends, when the
         * environment stops, and when {@link LocalLambda#logs()} is called: not while a long invocation runs.
         */
        public Builder logSink(Consumer<String> sink) {
            this.logSink = Objects.requireNonNull(sink, "sink");
            return this;
        }

        public LocalLambda build() {
            int envBytes = environmentJsonBytes(environment);
            if (envBytes > MAX_ENVIRONMENT_BYTES) {
                throw new IllegalArgumentException("Lambda would refuse this configuration: its environment "
                        + "variables take " + envBytes + " bytes as JSON, more than the " + MAX_ENVIRONMENT_BYTES
                        + "-byte limit");
            }
            List<String> args = jvmArgs != null ? jvmArgs : List.of("-XX:+TieredCompilation",
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
                    "-Xmx" + (memoryMb * 85 / 100) + "m");
            return new LocalLambda(new Config(handler, functionName, memoryMb, timeout, initTimeout, classpath,
                    Map.copyOf(environment), args, region, Map.copyOf(credentials), logSink));
        }

        /** Lambda measures the 4 KB on the variables' JSON text ({@code {"NAME":"value",...}}). */
        static int environmentJsonBytes(Map<String, String> variables) {
            try {
                return new ObjectMapper().writeValueAsBytes(variables).length;
            } catch (IOException e) {
                throw new IllegalStateException("Could not measure the environment", e);
            }
        }
    }

    static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
