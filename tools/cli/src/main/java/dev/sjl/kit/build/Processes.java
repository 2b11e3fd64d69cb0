package dev.sjl.kit.build;

import dev.sjl.kit.KitException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs the external tools the kit leans on (git, tar, the Maven wrapper) without ever leaving one waiting for input. */
public final class Processes {

    private Processes() {
    }

    /** What a finished command printed. */
    public record Result(int exitCode, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    public static Result capture(Path dir, List<String> command) {
        Process process = start(new ProcessBuilder(command).directory(dir.toFile()), command);
        try {
            process.getOutputStream().close();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            String stdout = read(process.getInputStream());
            return new Result(process.waitFor(), stdout, stderr.join());
        } catch (IOException e) {
            throw new KitException(command.get(0) + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new KitException(command.get(0) + " was interrupted");
        }
    }

    /** Runs a command on the learner's terminal (git diff pages and colours itself when it sees one). */
    public static int inherit(Path dir, List<String> command) {
        Process process = start(new ProcessBuilder(command).directory(dir.toFile()).inheritIO(), command);
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new KitException(command.get(0) + " was interrupted");
        }
    }

    /** Runs a command with its output and errors, together, written to {@code log}; returns its exit code. */
    public static int toFile(Path dir, List<String> command, Path log) {
        Process process = start(new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()), command);
        try {
            process.getOutputStream().close();
            return process.waitFor();
        } catch (IOException e) {
            throw new KitException(command.get(0) + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new KitException(command.get(0) + " was interrupted");
        }
    }

    static Process start(ProcessBuilder builder, List<String> command) {
        try {
            return builder.start();
        } catch (IOException e) {
            throw new KitException("cannot run " + command.get(0) + " (is it installed and on the PATH?): " + e.getMessage());
        }
    }

    private static String read(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
