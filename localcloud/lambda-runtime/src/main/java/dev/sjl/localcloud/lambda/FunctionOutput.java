package dev.sjl.localcloud.lambda;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * What one execution environment's runtime writes to stdout and stderr, read at known points, and which invocation
 * each line belongs to.
 *
 * <p>Lambda ties a line to the invocation the runtime is working on when it writes it: from {@code /next} handing the
 * event out to the runtime posting the outcome. The Java runtime writes synchronously (its {@code System.out} flushes
 * every write into the file descriptor), so when its {@code /response} reaches the Runtime API, every line the
 * handler printed has already been written. What must not happen is reading that output on a background thread and
 * hoping it has caught up: it may still be behind when the caller looks (lab 01 saw one line of two).
 *
 * <p>So the runtime's stdout and stderr go to one file (one file description: their order is kept), and this class
 * reads it up to its end at the moments that delimit an invocation: {@link #startInvocation()} when the Runtime API
 * hands an event out (what came before was init, or between invocations), {@link #endInvocation()} once its outcome is
 * known, and {@link #close()} when the environment stops. Reading up to the end of a file needs no waiting and no
 * marker: everything written before the outcome is there.
 *
 * <p>Lines are split on {@code \n} (a trailing {@code \r} dropped) and decoded as UTF-8 once whole, so a character is
 * never cut in two. A line still without its newline at one of those moments is taken as it is, so it cannot run into
 * the next invocation's first line. (A background thread writing at that very moment may have its line cut in two;
 * on Lambda such a thread is frozen with the environment between invocations, here it keeps running.)
 */
final class FunctionOutput implements AutoCloseable {

    private final Path file;
    private final Consumer<String> sink;
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    /** The current invocation's lines, capped like {@link LocalLambda#logs()}: the last ones are kept. */
    private final ArrayDeque<String> invocation = new ArrayDeque<>();
    private FileChannel channel;
    private long position;
    private boolean closed;

    private FunctionOutput(Path file, Consumer<String> sink) {
        this.file = file;
        this.sink = sink;
    }

    /**
     * A new, empty output file for one execution environment.
     *
     * @param sink receives each line once, in order, when it is read
     */
    static FunctionOutput create(Consumer<String> sink) throws IOException {
        Path file = Files.createTempFile("lambda-output-", ".log");
        return new FunctionOutput(file, Objects.requireNonNull(sink, "sink"));
    }

    /** Where the runtime's stdout and stderr must go (the child process is started with both redirected here). */
    Path file() {
        return file;
    }

    /** Reads the whole lines written so far; a line still being written waits for its newline. */
    synchronized void collect() {
        read(false);
    }

    /** The Runtime API hands an invocation out: what was written before belongs to init, or to no invocation. */
    synchronized void startInvocation() {
        read(true);
        invocation.clear();
    }

    /**
     * The invocation's outcome is known: the lines written since {@link #startInvocation()} (for an invocation the
     * runtime never took, such as one whose init failed, every line since the environment started).
     */
    synchronized List<String> endInvocation() {
        read(true);
        List<String> lines = List.copyOf(invocation);
        invocation.clear();
        return lines;
    }

    /** Reads what is left (the process has ended or been killed), then deletes the file. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        read(true);
        closed = true;
        try {
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temp file left behind is harmless; failing the caller over it is not
        }
    }

    private void read(boolean endOfUnit) {
        if (closed) {
            return;
        }
        try {
            if (channel == null) {
                channel = FileChannel.open(file, StandardOpenOption.READ);
            }
            for (;;) {
                buffer.clear();
                int n = channel.read(buffer, position);
                if (n <= 0) {
                    break;
                }
                position += n;
                byte[] bytes = buffer.array();
                for (int i = 0; i < n; i++) {
                    if (bytes[i] == '\n') {
                        emitPartial();
                    } else {
                        partial.write(bytes[i]);
                    }
                }
            }
        } catch (IOException e) {
            emit("[local runtime: could not read the function's output: " + e + "]");
        }
        if (endOfUnit && partial.size() > 0) {
            emitPartial();
        }
    }

    private void emitPartial() {
        byte[] bytes = partial.toByteArray();
        partial.reset();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        emit(new String(bytes, 0, length, StandardCharsets.UTF_8));
    }

    private void emit(String line) {
        if (invocation.size() == LocalLambda.MAX_LOG_LINES) {
            invocation.removeFirst();
        }
        invocation.add(line);
        sink.accept(line);
    }
}
