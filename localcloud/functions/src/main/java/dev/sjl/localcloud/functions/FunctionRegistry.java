package dev.sjl.localcloud.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.sjl.localcloud.context.LocalLambdaContext;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local cloud's functions, by name: the one place a function is registered, and the one way it is invoked, by
 * the Invoke API, the API gateway, Cognito triggers and every event source. Each invocation is recorded (the last
 * {@value #KEPT_INVOCATIONS} per function), so a test can see what a function received.
 *
 * <p>Synchronous invocations ({@link #invoke}) run on a thread of their own and are cut off at the function's
 * timeout with Lambda's {@code Sandbox.Timedout} error; the late handler is interrupted. Asynchronous ones
 * ({@link #invokeAsync}, what S3 and EventBridge use) are retried twice after an error, as Lambda does, with the
 * delays shortened from one and two minutes to {@link #asyncRetryDelay} and twice that.
 */
public final class FunctionRegistry implements AutoCloseable {
    /** How many invocations are kept per function. */
    public static final int KEPT_INVOCATIONS = 1000;
    /** Lambda retries an asynchronous invocation that failed twice. */
    public static final int ASYNC_RETRIES = 2;

    private final String region;
    private final String accountId;
    private final Clock clock;
    private final Map<String, Entry> functions = new HashMap<>();
    private final Map<String, Deque<Invocation>> invocations = new HashMap<>();
    private final ExecutorService threads = Executors.newCachedThreadPool(daemon("localcloud-function-"));
    private final ScheduledExecutorService async = Executors.newSingleThreadScheduledExecutor(daemon("localcloud-async-invoke-"));
    private volatile Duration asyncRetryDelay = Duration.ofMillis(500);

    public FunctionRegistry() {
        this(LocalLambdaContext.DEFAULT_REGION, LocalLambdaContext.DEFAULT_ACCOUNT_ID, Clock.systemUTC());
    }

    public FunctionRegistry(String region, String accountId, Clock clock) {
        this.region = LocalLambdaContext.requireRegion(region);
        this.accountId = LocalLambdaContext.requireAccountId(accountId);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Registers {@code function} under {@code name} with Lambda's defaults (3 s, 512 MB) until the registration is closed. */
    public Registration register(String name, LocalFunction function) {
        return register(name, function, LocalLambdaContext.DEFAULT_TIMEOUT, LocalLambdaContext.DEFAULT_MEMORY_MB);
    }

    /** Registers {@code function} under {@code name} with its own timeout and memory size. */
    public Registration register(String name, LocalFunction function, Duration timeout, int memoryMb) {
        LocalLambdaContext.requireFunctionName(name);
        Objects.requireNonNull(function, "function");
        // Checked here, by the same rules the context applies, so a bad value fails at registration, not per call.
        LocalLambdaContext.builder(name).timeout(timeout).memoryMb(memoryMb).build();
        Entry entry = new Entry(new RegisteredFunction(name, arn(name), function.handler(), timeout, memoryMb,
                clock.instant()), function);
        synchronized (this) {
            if (functions.containsKey(name)) {
                throw new IllegalStateException("A function named " + name + " is already registered");
            }
            functions.put(name, entry);
            invocations.remove(name);
        }
        return new Registration(name, entry);
    }

    /** The function's configuration, by name, {@code name:qualifier} or ARN. */
    public synchronized Optional<RegisteredFunction> find(String nameOrArn) {
        Entry entry = functions.get(functionName(nameOrArn));
        return entry == null ? Optional.empty() : Optional.of(entry.configuration);
    }

    /** Every registered function, by name. */
    public synchronized List<RegisteredFunction> list() {
        return functions.values().stream().map(e -> e.configuration)
                .sorted(Comparator.comparing(RegisteredFunction::name)).toList();
    }

    /**
     * Invokes the function and waits for it (Lambda's {@code RequestResponse}). Never throws for the function's
     * failure: that comes back in the {@link Invocation}.
     *
     * @throws FunctionNotFoundException when nothing is registered under the name
     */
    public Invocation invoke(String nameOrArn, String payload) {
        return run(lookup(nameOrArn), payload, "RequestResponse");
    }

    /**
     * Queues an asynchronous invocation (Lambda's {@code Event}) and returns its request id at once. A failed
     * attempt is retried {@value #ASYNC_RETRIES} times; every attempt is recorded.
     *
     * @throws FunctionNotFoundException when nothing is registered under the name
     */
    public String invokeAsync(String nameOrArn, String payload) {
        Entry entry = lookup(nameOrArn);
        String requestId = UUID.randomUUID().toString();
        async.execute(() -> attempt(entry, payload, requestId, 0));
        return requestId;
    }

    private void attempt(Entry entry, String payload, String requestId, int retry) {
        Entry current;
        synchronized (this) {
            current = functions.get(entry.configuration.name());
        }
        if (current != entry) {
            return; // unregistered meanwhile: nothing to deliver to
        }
        Invocation result = run(entry, payload, "Event", requestId);
        if (!result.succeeded() && retry < ASYNC_RETRIES && !async.isShutdown()) {
            long delay = asyncRetryDelay.toMillis() << retry;
            async.schedule(() -> threads.execute(() -> attempt(entry, payload, requestId, retry + 1)), delay, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Forgets every recorded invocation; the functions stay registered (they are code, registered by whoever
     * started the cloud, not state a test left behind). Returns how many invocations were forgotten.
     */
    public synchronized int clearInvocations() {
        int count = invocations.values().stream().mapToInt(Deque::size).sum();
        invocations.clear();
        return count;
    }


    /**
     * Unregisters every function and forgets every invocation: the registry as a new cloud has it. For a cloud that
     * outlives one test run (the JUnit extension's {@code -Dlocalcloud.session=jvm}), where every function was
     * registered by a test of an earlier run. Returns how many functions were unregistered.
     */
    public synchronized int unregisterAll() {
        int count = functions.size();
        functions.clear();
        invocations.clear();
        return count;
    }
    /** The invocations of {@code name} so far, oldest first (the last {@value #KEPT_INVOCATIONS}). */
    public synchronized List<Invocation> invocations(String nameOrArn) {
        Deque<Invocation> recorded = invocations.get(functionName(nameOrArn));
        return recorded == null ? List.of() : List.copyOf(recorded);
    }

    /**
     * Waits until {@code name} has been invoked at least {@code count} times and returns its invocations; fewer if
     * {@code timeout} passes first. For tests of asynchronous deliveries, instead of sleeping.
     */
    public synchronized List<Invocation> awaitInvocations(String nameOrArn, int count, Duration timeout) throws InterruptedException {
        String name = functionName(nameOrArn);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (invocations.getOrDefault(name, new ArrayDeque<>()).size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return invocations(name);
    }

    /** The pause before the first retry of a failed asynchronous invocation (the second waits twice as long). */
    public void asyncRetryDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("The retry delay cannot be negative");
        }
        this.asyncRetryDelay = delay;
    }

    /** The function's ARN in this registry's region and account. */
    public String arn(String name) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + name;
    }

    /**
     * The plain name in a name, a {@code name:qualifier}, a partial ARN ({@code 000000000000:function:name}) or a
     * full ARN, as Lambda's {@code FunctionName} parameter accepts them.
     */
    public static String functionName(String nameOrArn) {
        Objects.requireNonNull(nameOrArn, "function name");
        String[] parts = nameOrArn.split(":");
        if (nameOrArn.startsWith("arn:")) {
            return parts.length > 6 ? parts[6] : nameOrArn;
        }
        if (parts.length >= 3 && parts[1].equals("function")) {
            return parts[2];
        }
        return parts[0];
    }

    private synchronized Entry lookup(String nameOrArn) {
        String name = functionName(nameOrArn);
        Entry entry = functions.get(name);
        if (entry == null) {
            throw new FunctionNotFoundException(arn(name));
        }
        return entry;
    }

    private Invocation run(Entry entry, String payload, String type) {
        return run(entry, payload, type, UUID.randomUUID().toString());
    }

    private Invocation run(Entry entry, String payload, String type, String requestId) {
        RegisteredFunction config = entry.configuration;
        Context context = LocalLambdaContext.builder(config.name()).requestId(requestId).region(region)
                .accountId(accountId).timeout(config.timeout()).memoryMb(config.memoryMb()).clock(clock).build();
        Instant started = clock.instant();
        long start = System.nanoTime();
        String response = null;
        String errorType = null;
        String errorMessage = null;
        Future<String> result = threads.submit(() -> entry.function.invoke(payload, context));
        try {
            response = result.get(config.timeout().toNanos(), TimeUnit.NANOSECONDS);
            if (response == null) {
                response = "null";
            }
        } catch (TimeoutException e) {
            result.cancel(true);
            errorType = "Sandbox.Timedout";
            errorMessage = "RequestId: " + requestId + " Error: Task timed out after "
                    + String.format(java.util.Locale.ROOT, "%.2f", config.timeout().toMillis() / 1000.0) + " seconds";
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            errorType = cause instanceof FunctionException f ? f.errorType() : cause.getClass().getName();
            errorMessage = Objects.toString(cause.getMessage(), cause.getClass().getSimpleName());
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            errorType = "Runtime.Interrupted";
            errorMessage = "The caller stopped waiting";
        }
        Invocation invocation = new Invocation(requestId, config.name(), type, payload, response, errorType, errorMessage,
                started, Duration.ofNanos(System.nanoTime() - start));
        record(invocation);
        return invocation;
    }

    private synchronized void record(Invocation invocation) {
        Deque<Invocation> recorded = invocations.computeIfAbsent(invocation.functionName(), k -> new ArrayDeque<>());
        if (recorded.size() == KEPT_INVOCATIONS) {
            recorded.removeFirst();
        }
        recorded.addLast(invocation);
        notifyAll();
    }

    @Override
    public void close() {
        async.shutdownNow();
        threads.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private record Entry(RegisteredFunction configuration, LocalFunction function) {
    }

    /** A function's registration; closing it unregisters the function (tests do, so they never see each other's). */
    public final class Registration implements AutoCloseable {
        private final String name;
        private final Entry entry;

        private Registration(String name, Entry entry) {
            this.name = name;
            this.entry = entry;
        }

        public String functionName() {
            return name;
        }

        public String functionArn() {
            return entry.configuration.arn();
        }

        @Override
        public void close() {
            synchronized (FunctionRegistry.this) {
                functions.remove(name, entry);
            }
        }
    }
}
