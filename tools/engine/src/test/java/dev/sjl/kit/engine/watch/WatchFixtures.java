package dev.sjl.kit.engine.watch;

import dev.sjl.kit.junit.FailureReason;
import dev.sjl.kit.junit.LabResults;
import dev.sjl.kit.junit.LabResults.Status;
import dev.sjl.kit.junit.LabResults.TestResult;

import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;

/** Results as the lab's listener writes them, made up for the watch's tests. */
final class WatchFixtures {

    private static final AtomicInteger ids = new AtomicInteger();

    private WatchFixtures() {
    }

    static TestResult test(int task, Status status) {
        return test(task, status, status == Status.FAILED ? FailureReason.ASSERTION : null,
                status == Status.FAILED ? "expected the task's answer" : null);
    }

    static TestResult test(int task, Status status, FailureReason reason, String message) {
        int id = ids.incrementAndGet();
        return new TestResult("[test:" + id + "]", "dev.sjl.fixture.FixtureTest", "Test " + id + " of task " + task,
                new TreeSet<>(List.of(task)), status, reason, null, message);
    }

    static LabResults results(TestResult... tests) {
        return new LabResults("99-fixture", "engine", "2026-12-03T05:00:00Z", List.of(tests), List.of());
    }
}
