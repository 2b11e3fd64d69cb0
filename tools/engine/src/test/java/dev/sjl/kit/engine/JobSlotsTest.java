package dev.sjl.kit.engine;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

class JobSlotsTest {

    @Test
    @DisplayName("Runs one job per core at once, and the extra one only while the machine is idle")
    void extraSlotOnlyWhenIdle() throws Exception {
        AtomicReference<Double> idle = new AtomicReference<>(0.0);
        JobSlots slots = new JobSlots(2, 1, idle::get);
        slots.acquire(slots.ticket());
        slots.acquire(slots.ticket());
        Thread third = start(slots, new CopyOnWriteArrayList<>(), "third");

        Thread.sleep(1_500);
        assertThat(slots.running()).as("two cores busy and no idle time: the third job waits").isEqualTo(2);
        idle.set(JobSlots.IDLE_TO_START);
        third.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(slots.running()).as("the machine idle: the third job starts").isEqualTo(3);

        Thread fourth = start(slots, new CopyOnWriteArrayList<>(), "fourth");
        Thread.sleep(1_500);
        assertThat(slots.running()).as("never more than one extra job, however idle").isEqualTo(3);
        slots.release();
        fourth.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(slots.running()).isEqualTo(3);
    }

    @Test
    @DisplayName("Beside another build, jobs wait for idle cores, or for that build to end")
    void besideAnotherBuild() throws Exception {
        AtomicReference<Double> idle = new AtomicReference<>(0.0);
        AtomicReference<Boolean> building = new AtomicReference<>(true);
        JobSlots slots = new JobSlots(2, 1, idle::get, building::get);
        Thread first = start(slots, new CopyOnWriteArrayList<>(), "first");

        Thread.sleep(1_500);
        assertThat(slots.running()).as("the other build keeps the cores busy: nothing starts").isZero();
        idle.set(JobSlots.IDLE_TO_START);
        first.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(slots.running()).as("the machine idle: a job starts beside the build").isEqualTo(1);

        idle.set(0.0);
        Thread second = start(slots, new CopyOnWriteArrayList<>(), "second");
        Thread.sleep(1_500);
        assertThat(slots.running()).as("busy again: the next job waits, though a core's slot is free").isEqualTo(1);
        building.set(false);
        second.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(slots.running()).as("the build ended: one job per core").isEqualTo(2);
    }

    @Test
    @DisplayName("Starts waiting jobs in the order they asked, and skips one that was interrupted while waiting")
    void firstComeFirstServed() throws Exception {
        JobSlots slots = new JobSlots(1, 0, () -> 1.0);
        slots.acquire(slots.ticket());
        List<String> started = new CopyOnWriteArrayList<>();
        Thread a = start(slots, started, "a");
        waitUntil(() -> a.getState() == Thread.State.TIMED_WAITING);
        Thread b = start(slots, started, "b");
        waitUntil(() -> b.getState() == Thread.State.TIMED_WAITING);
        Thread c = start(slots, started, "c");
        waitUntil(() -> c.getState() == Thread.State.TIMED_WAITING);
        b.interrupt();
        b.join();

        for (int released = 0; released < 2; released++) {
            slots.release();
            int expected = released + 1;
            waitUntil(() -> started.size() == expected);
        }
        assertThat(started).containsExactly("a", "c");
    }

    @Test
    @DisplayName("Starts jobs in the order their tickets were taken, whichever thread gets to wait first")
    void ticketsTakenInOrder() throws Exception {
        JobSlots slots = new JobSlots(1, 0, () -> 1.0);
        slots.acquire(slots.ticket());
        long first = slots.ticket();
        long second = slots.ticket();
        List<String> started = new CopyOnWriteArrayList<>();
        Thread late = start(slots, started, "second", second);
        waitUntil(() -> late.getState() == Thread.State.TIMED_WAITING);
        Thread early = start(slots, started, "first", first);
        waitUntil(() -> early.getState() == Thread.State.TIMED_WAITING);

        slots.release();
        waitUntil(() -> started.size() == 1);
        assertThat(started).as("the first ticket starts first, though its thread came second").containsExactly("first");
        slots.release();
        waitUntil(() -> started.size() == 2);
        assertThat(started).containsExactly("first", "second");
    }

    @Test
    @DisplayName("Reads the idle share from /proc/stat between two samples, and none from a file it cannot read")
    void procStat(@TempDir Path dir) throws Exception {
        Path stat = dir.resolve("stat");
        Files.writeString(stat, "cpu  100 0 100 700 100 0 0 0 0 0\ncpu0 50 0 50 350 50 0 0 0 0 0\n");
        JobSlots.ProcStatIdle idle = new JobSlots.ProcStatIdle(stat, 0, Long.MAX_VALUE);
        assertThat(idle.getAsDouble()).as("one sample: nothing to compare with").isZero();
        // 200 more jiffies, 50 of them idle and 10 waiting for I/O; guest time (the last two) is not counted twice
        Files.writeString(stat, "cpu  200 0 140 750 110 0 0 0 40 0\n");
        assertThat(idle.getAsDouble()).isEqualTo(60.0 / 200);
        assertThat(new JobSlots.ProcStatIdle(dir.resolve("missing"), 0, 0).available()).isFalse();
    }

    private static void waitUntil(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** A thread that waits for the next turn, taken here, as the self-test takes a job's turn when it queues it. */
    private static Thread start(JobSlots slots, List<String> started, String name) {
        return start(slots, started, name, slots.ticket());
    }

    private static Thread start(JobSlots slots, List<String> started, String name, long ticket) {
        Thread thread = new Thread(() -> {
            try {
                slots.acquire(ticket);
                started.add(name);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.start();
        return thread;
    }
}
