package dev.sjl.kit.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleSupplier;

/**
 * When the self-test may start its next job: one per core at any time, and one more while the cores sit idle. The
 * jobs are processes that often wait (a queue's visibility timeout, a PostgreSQL round trip, PIT between mutants): on a
 * two-core machine the check's cores were idle a fifth of the time with two jobs running. A job waiting for the
 * extra slot starts when the machine was at least {@link #IDLE_TO_START} idle over the last few seconds, so it never
 * starts on a machine already busy. Jobs start in the order they asked.
 * <p>
 * Beside another build ({@link #besideABuild}) no slot is certain while that build runs: every job waits for idle
 * cores. {@code kit check NN} may start the self-test while the lab's own Maven still runs the reference's tests:
 * lab 07's mostly wait, and the jobs fill the idle cores; lab 08's keep the cores busy (a CDK synth, PostgreSQL), and
 * two jobs started beside them anyway made that check slower (117-126 s against 106-117 s in one reactor).
 */
public final class JobSlots {

    /** Share of the machine's CPU time idle over the last window that lets the extra job start. */
    public static final double IDLE_TO_START = 0.35;
    private static final long POLL_MILLIS = 1_000;

    private final int cores;
    private final int extra;
    private final DoubleSupplier idleShare;
    private final BooleanSupplier otherBuildRunning;
    private int running;
    private int peak;
    private long nextTicket;
    private long serving;
    /** Tickets whose job was interrupted while waiting: their turn is skipped. */
    private final Set<Long> abandoned = new HashSet<>();

    /**
     * @param cores     jobs that may always run at once
     * @param extra     jobs beyond those that may start while the machine is idle (0: never)
     * @param idleShare the machine's idle share of CPU time over a recent window, 0 when unknown
     */
    public JobSlots(int cores, int extra, DoubleSupplier idleShare) {
        this(cores, extra, idleShare, () -> false);
    }

    /** @param otherBuildRunning whether a build outside these slots still uses the cores: no slot is certain then */
    JobSlots(int cores, int extra, DoubleSupplier idleShare, BooleanSupplier otherBuildRunning) {
        if (cores < 1 || extra < 0) {
            throw new IllegalArgumentException("cores must be at least 1 and extra at least 0: " + cores + ", " + extra);
        }
        this.cores = cores;
        this.extra = extra;
        this.idleShare = idleShare;
        this.otherBuildRunning = otherBuildRunning;
    }

    /** {@code cores} slots, and one more while the machine is idle (Linux's {@code /proc/stat}; elsewhere never). */
    public static JobSlots forMachine(int cores) {
        return besideABuild(cores, () -> false);
    }

    /**
     * {@link #forMachine}, but while {@code buildRunning} holds no slot is certain: jobs start when the machine is
     * idle, or once that build has ended.
     */
    public static JobSlots besideABuild(int cores, BooleanSupplier buildRunning) {
        DoubleSupplier idle = machineIdle();
        return new JobSlots(cores, idle instanceof ProcStatIdle ? 1 : 0, idle, buildRunning);
    }

    /**
     * The machine's idle share of CPU time over the last 5 s (Linux's {@code /proc/stat}; elsewhere always 0). Its first
     * answer is 0: a share needs two samples.
     */
    public static DoubleSupplier machineIdle() {
        long window = TimeUnit.SECONDS.toNanos(5);
        ProcStatIdle idle = new ProcStatIdle(Path.of("/proc/stat"), window, 3 * window);
        return idle.available() ? idle : () -> 0;
    }

    /**
     * Takes the next turn, for a job that will {@link #acquire(long) wait for it}, perhaps on another thread: take it
     * when the job is queued, and jobs handed to a thread pool in order start in that order (turns taken on the pool's
     * threads came in whatever order the threads got there, and a lab's staircase shard sometimes started after its
     * other shard had claimed every shortcut, and ran alone at the end).
     */
    public synchronized long ticket() {
        return nextTicket++;
    }

    /** Waits for the turn {@link #ticket} gave and a free slot. Every ticket must be used, or given up by an interrupt. */
    public synchronized void acquire(long ticket) throws InterruptedException {
        try {
            while (ticket != serving || !mayStart()) {
                wait(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            // a later job must not wait forever behind a ticket nobody will use
            if (ticket == serving) {
                serving++;
                skipAbandoned();
            } else {
                abandoned.add(ticket);
            }
            notifyAll();
            throw e;
        }
        serving++;
        skipAbandoned();
        running++;
        peak = Math.max(peak, running);
        notifyAll();
    }

    private void skipAbandoned() {
        while (abandoned.remove(serving)) {
            serving++;
        }
    }

    /** Ends a job that {@link #acquire} let start. */
    public synchronized void release() {
        running--;
        notifyAll();
    }

    /** Jobs running now. */
    public synchronized int running() {
        return running;
    }

    /** The most jobs that ran at once. */
    public synchronized int peak() {
        return peak;
    }

    private boolean mayStart() {
        if (running < (otherBuildRunning.getAsBoolean() ? 0 : cores)) {
            return true;
        }
        return running < cores + extra && idleShare.getAsDouble() >= IDLE_TO_START;
    }

    /**
     * The idle share of all CPUs (idle and iowait in the first line of {@code /proc/stat}) between two samples at least
     * {@code window} apart; a sample older than {@code stale} starts over, so a share is always recent.
     */
    static final class ProcStatIdle implements DoubleSupplier {
        private final Path file;
        private final long windowNanos;
        private final long staleNanos;
        private long lastTotal = -1;
        private long lastIdle;
        private long lastAt;
        private double share;

        ProcStatIdle(Path file, long windowNanos, long staleNanos) {
            this.file = file;
            this.windowNanos = windowNanos;
            this.staleNanos = staleNanos;
        }

        boolean available() {
            return read() != null;
        }

        @Override
        public synchronized double getAsDouble() {
            long now = System.nanoTime();
            if (lastTotal >= 0 && now - lastAt < windowNanos) {
                return share;
            }
            long[] sample = read();
            if (sample == null) {
                return 0;
            }
            boolean recent = lastTotal >= 0 && now - lastAt <= staleNanos;
            share = recent && sample[0] > lastTotal ? (double) (sample[1] - lastIdle) / (sample[0] - lastTotal) : 0;
            lastTotal = sample[0];
            lastIdle = sample[1];
            lastAt = now;
            return share;
        }

        /** {total, idle} jiffies, or null when the file is not there or not in the expected shape. */
        long[] read() {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
                String[] fields = lines.isEmpty() ? new String[0] : lines.get(0).trim().split("\\s+");
                if (fields.length < 6 || !fields[0].equals("cpu")) {
                    return null;
                }
                long total = 0;
                // user nice system idle iowait irq softirq steal; guest time is already counted in user and nice
                for (int i = 1; i < Math.min(fields.length, 9); i++) {
                    total += Long.parseLong(fields[i]);
                }
                return new long[] {total, Long.parseLong(fields[4]) + Long.parseLong(fields[5])};
            } catch (IOException | NumberFormatException e) {
                return null;
            }
        }
    }
}
