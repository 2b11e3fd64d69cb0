package dev.sjl.notifications;

import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Invocation;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for something the local cloud does in the background (a stream read, a queue poll), with a ceiling generous
 * enough for a loaded two-core machine. While it waits it watches the functions: one that failed on a {@code Task N:}
 * TODO fails the wait at once with that TODO, so an unfinished task says so instead of timing out.
 */
public final class Await {

    /**
     * Ceiling for one background hop on a loaded machine (a poll, a publish, a delivery). The lab engine lowers it to
     * 10 s ({@code -Dkit.await.hopCeilingMillis}) while it tries a shortcut, which only has to fail with its rule;
     * a scenario's own longer ceiling (an outage and its redrive) is left as it is.
     */
    static final Duration CEILING = Duration.ofMillis(Math.min(60_000, Long.getLong("kit.await.hopCeilingMillis", 60_000)));

    /**
     * Under mutation testing the kit caps every ceiling ({@code -Dkit.await.ceilingMillis}: 2.5 s, three times the
     * longest unmutated hop on a loaded machine, and below PIT's own timeout per test): a mutant that stops the
     * pipeline then fails here, with its rule, instead of PIT killing the JVM at its timeout and starting another.
     * Caught either way; only the waiting is shorter.
     */
    private static final Duration CAP = Duration.ofMillis(Long.getLong("kit.await.ceilingMillis", Long.MAX_VALUE));

    private Await() {
    }

    /**
     * @param rule what the learner should do when it never happens (the failure's message)
     */
    public static void until(BooleanSupplier condition, String rule, Duration ceiling, FunctionRegistry functions,
                      String... watched) {
        Duration wait = ceiling.compareTo(CAP) <= 0 ? ceiling : CAP;
        long deadline = System.nanoTime() + wait.toNanos();
        while (!condition.getAsBoolean()) {
            failOnTodo(functions, watched);
            if (System.nanoTime() > deadline) {
                throw new AssertionError(rule + " (waited " + wait.toSeconds() + " s)");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + rule);
            }
        }
    }

    public static void until(BooleanSupplier condition, String rule, FunctionRegistry functions, String... watched) {
        until(condition, rule, CEILING, functions, watched);
    }

    /** Rethrows the first {@code Task N:} TODO any watched function failed on. */
    public static void failOnTodo(FunctionRegistry functions, String... watched) {
        if (functions == null) {
            return;
        }
        for (String function : watched) {
            for (Invocation invocation : functions.invocations(function)) {
                if (invocation.errorMessage() != null && invocation.errorMessage().startsWith("Task ")
                        && UnsupportedOperationException.class.getName().equals(invocation.errorType())) {
                    throw new UnsupportedOperationException(invocation.errorMessage());
                }
            }
        }
    }
}
