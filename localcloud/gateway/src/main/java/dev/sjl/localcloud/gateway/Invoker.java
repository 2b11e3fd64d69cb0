package dev.sjl.localcloud.gateway;

import dev.sjl.localcloud.context.LocalLambdaContext;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs functions on their own threads so the gateway can stop waiting when the integration timeout passes, as
 * API Gateway does. A late function is interrupted: nothing reads its answer any more.
 */
final class Invoker implements AutoCloseable {

    private final ApiSettings api;
    private final Clock clock;
    private final ExecutorService threads;

    Invoker(ApiSettings api, Clock clock) {
        this.api = api;
        this.clock = clock;
        this.threads = Executors.newCachedThreadPool(daemonThreads("gateway-function-"));
    }

    /**
     * The function's output, or {@link TimeoutException} after {@code timeout}, or {@link ExecutionException}
     * carrying what the function threw.
     */
    String invoke(NamedFunction function, String payload, Duration timeout)
            throws TimeoutException, ExecutionException {
        // The function's deadline is the integration timeout: separate Lambda function timeouts are not modelled.
        LocalLambdaContext context = LocalLambdaContext.builder(function.name())
                .region(api.region()).accountId(api.accountId())
                .timeout(timeout).clock(clock)
                .build();
        Future<String> result = threads.submit(() -> function.invoke(payload, context));
        try {
            return result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw e;
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw new ExecutionException("the gateway was interrupted while waiting", e);
        }
    }

    @Override
    public void close() {
        threads.shutdownNow();
    }

    static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
