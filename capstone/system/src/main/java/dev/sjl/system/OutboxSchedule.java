package dev.sjl.system;

import dev.sjl.localcloud.functions.FunctionRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What an EventBridge schedule ({@code rate(1 minute)}, the finest Lambda gets) does for {@code outbox-relay} on AWS:
 * invokes it through the function registry, here every half second so a local welcome follows its sign-up at once.
 * One run at a time (fixed delay); a failed run is recorded by the registry like any invocation, and the next run
 * takes the same rows.
 */
final class OutboxSchedule implements AutoCloseable {

    private final ScheduledExecutorService timer;

    private OutboxSchedule(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    static OutboxSchedule start(FunctionRegistry functions, String function, Duration interval) {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "outbox-schedule");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                functions.invoke(function, scheduledEvent());
            } catch (RuntimeException e) {
                // never let one failure end the schedule: the registry records failed runs, this only must go on
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return new OutboxSchedule(timer);
    }

    /** The event EventBridge sends for a schedule (the relay reads nothing from it). */
    private static String scheduledEvent() {
        return "{\"version\":\"0\",\"id\":\"" + java.util.UUID.randomUUID() + "\",\"detail-type\":\"Scheduled Event\","
                + "\"source\":\"aws.events\",\"account\":\"000000000000\",\"time\":\"" + Instant.now().toString().replaceAll("\\.\\d+Z$", "Z")
                + "\",\"region\":\"us-east-1\",\"resources\":[],\"detail\":{}}";
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
