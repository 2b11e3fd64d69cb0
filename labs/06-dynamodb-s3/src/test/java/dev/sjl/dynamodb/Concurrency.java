package dev.sjl.dynamodb;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

final class Concurrency {

    private Concurrency() {
    }

    /** A task's result, or what it threw as it was thrown (a TODO's "Task N:" reaches the learner unwrapped). */
    static <T> T await(Future<T> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new AssertionError("a parallel call threw " + e.getCause(), e.getCause());
        }
    }
}
