package dev.sjl.localcloud;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A command the local cloud runs and waits for (npm ci, initdb, cp): bounded, and loud when it fails. */
final class ShortCommand {
    private ShortCommand() {
    }

    /**
     * Runs {@code command} in {@code dir} (null: this JVM's) and waits at most {@code timeout}. Its output is appended
     * to {@code log}, or returned when {@code log} is null. A non-zero exit, a timeout or an interrupt is an
     * IOException naming {@code what}; on a timeout the command and its children are stopped.
     */
    static String run(List<String> command, String what, Path dir, Path log, Duration timeout) throws IOException {
        return run(command, what, dir, log, timeout, new byte[0]);
    }

    /** Like {@link #run(List, String, Path, Path, Duration)}, with {@code input} on the command's stdin. */
    static String run(List<String> command, String what, Path dir, Path log, Duration timeout, byte[] input)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        if (log != null) {
            Files.createDirectories(log.getParent());
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        }
        Process process = builder.start();
        try (var stdin = process.getOutputStream()) {
            stdin.write(input);
        } catch (IOException e) {
            // the command ended before reading it all: its exit code below says why
        }
        try {
            String out = log == null ? new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                NodeEmulator.destroyTree(process);
                throw new IOException(what + " did not finish in " + timeout.toSeconds() + " s");
            }
            if (process.exitValue() != 0) {
                throw new IOException(what + " exited with " + process.exitValue());
            }
            return out;
        } catch (InterruptedException e) {
            NodeEmulator.destroyTree(process);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + what, e);
        }
    }
}
