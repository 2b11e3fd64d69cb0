package dev.sjl.kit.engine.watch;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Turns a burst of file events into one rebuild. An editor's save is several events (write a temporary file, rename it,
 * touch the folder; "save all" writes several files): the rebuild starts once no event has come for {@code quiet}, and
 * names every file of the burst. The decisions ({@link #changed}, {@link #readyAt}, {@link #take}) take the time as an
 * argument, so they are tested without a clock; {@link #await} is the blocking wait the watcher uses.
 */
public final class Debouncer {

    private final long quietNanos;
    private final Set<String> pending = new TreeSet<>();
    private long lastEvent;
    private boolean closed;
    private final Runnable onChange;

    public Debouncer(long quietMillis) {
        this(quietMillis, () -> { });
    }

    /** @param onChange called on every change, outside the lock (the watch stops a long run with it) */
    public Debouncer(long quietMillis, Runnable onChange) {
        this.quietNanos = TimeUnit.MILLISECONDS.toNanos(quietMillis);
        this.onChange = onChange;
    }

    /** A relevant file changed at {@code nanos} (a {@link System#nanoTime()} reading). */
    public void changed(String file, long nanos) {
        synchronized (this) {
            pending.add(file);
            lastEvent = nanos;
            notifyAll();
        }
        onChange.run();
    }

    /** Whether a change is waiting, settled or not: a run under way stops for it. */
    public synchronized boolean hasPending() {
        return !pending.isEmpty();
    }

    /** When the pending burst will be settled, or -1 when nothing is pending. */
    public synchronized long readyAt() {
        return pending.isEmpty() ? -1 : lastEvent + quietNanos;
    }

    /** The burst's files if it has settled by {@code now}, else an empty set (and the burst stays pending). */
    public synchronized Set<String> take(long now) {
        if (pending.isEmpty() || now - lastEvent < quietNanos) {
            return Set.of();
        }
        Set<String> burst = Set.copyOf(pending);
        pending.clear();
        return burst;
    }

    /** Blocks until a burst has settled and returns its files; an empty set once {@link #close} was called. */
    public synchronized Set<String> await() throws InterruptedException {
        while (!closed) {
            long ready = readyAt();
            if (ready < 0) {
                wait();
                continue;
            }
            long now = System.nanoTime();
            Set<String> burst = take(now);
            if (!burst.isEmpty()) {
                return burst;
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.max(1, ready - now));
        }
        return Set.of();
    }

    /** Ends {@link #await}: the watch is over. */
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
