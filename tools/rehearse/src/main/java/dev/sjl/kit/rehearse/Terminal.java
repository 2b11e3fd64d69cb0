package dev.sjl.kit.rehearse;

import picocli.CommandLine.Help.Ansi;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Line-based input and plain output. Input is read by one daemon thread into a queue, so a prompt can wait with a
 * deadline (the timed round) and a line typed after the deadline is not lost: it is the next line read. Lines, not
 * keystrokes: the same protocol works on a terminal and on a script piped into stdin.
 */
final class Terminal {

    /** Marks the end of input in the queue (a String nobody can type: it contains a NUL). */
    private static final String END = "\u0000end";

    private final BufferedReader in;
    private final PrintWriter out;
    private final boolean interactive;
    private final Ansi ansi;
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private Thread reader;
    private volatile boolean ended;

    /**
     * @param interactive a person at a terminal: prompts, a live countdown, bold headings when {@code ansi} allows
     */
    Terminal(InputStream in, PrintWriter out, boolean interactive, Ansi ansi) {
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.out = out;
        this.interactive = interactive;
        this.ansi = interactive ? ansi : Ansi.OFF;
    }

    boolean interactive() {
        return interactive;
    }

    PrintWriter out() {
        return out;
    }

    void println(String text) {
        out.println(text);
        out.flush();
    }

    void println() {
        println("");
    }

    void print(String text) {
        out.print(text);
        out.flush();
    }

    /** {@code text} in bold on a colour terminal, as is elsewhere. Only fixed labels go through here. */
    String bold(String text) {
        return ansi.string("@|bold " + text + "|@");
    }

    /** {@code text} dimmed on a colour terminal. */
    String faint(String text) {
        return ansi.string("@|faint " + text + "|@");
    }

    /** The next line, or empty at the end of input. */
    Optional<String> readLine() {
        start();
        try {
            String line = lines.take();
            return unwrap(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * The next line if one comes within {@code timeout}. Empty means either the time ran out or input ended;
     * {@link #ended()} tells which.
     */
    Optional<String> readLine(Duration timeout) {
        start();
        try {
            String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return line == null ? Optional.empty() : unwrap(line);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    boolean ended() {
        return ended;
    }

    private Optional<String> unwrap(String line) {
        if (END.equals(line)) {
            lines.add(END); // later reads see the end too
            return Optional.empty();
        }
        if (!interactive) {
            // No terminal echoes a piped line: echo it, so a scripted session's transcript reads like a typed one.
            println(line);
        }
        return Optional.of(line);
    }

    private synchronized void start() {
        if (reader != null) {
            return;
        }
        reader = new Thread(() -> {
            try {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // A closed or broken stdin is the end of input, as EOF is.
            }
            ended = true;
            lines.add(END);
        }, "kit-rehearse-input");
        reader.setDaemon(true);
        reader.start();
    }
}
