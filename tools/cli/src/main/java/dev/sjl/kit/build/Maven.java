package dev.sjl.kit.build;

import dev.sjl.kit.KitException;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs the checked-in Maven wrapper in a tree, keeps its whole output in a log file the learner can open, and hands
 * each line to a listener (for progress). Batch mode, no colours, no download progress: the log is for reading.
 */
public final class Maven {

    /** Options every kit-driven build gets. */
    public static final List<String> QUIET_BATCH = List.of("-B", "-ntp", "-Dstyle.color=never");

    private Maven() {
    }

    /** How a run ended: Maven's exit code, everything it printed, and how long it took. */
    public record Run(int exitCode, List<String> lines, Duration took, Path log) {
        public boolean ok() {
            return exitCode == 0;
        }

        public BuildLog parsed() {
            return BuildLog.parse(lines);
        }
    }

    public static Run run(Path tree, List<String> args, Path log, Consumer<String> onLine) {
        // On Windows (the kit started through jbang) the batch wrapper, through cmd.exe, which runs .cmd files.
        boolean windows = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");
        Path wrapper = tree.resolve(windows ? "mvnw.cmd" : "mvnw");
        if (windows ? !Files.isRegularFile(wrapper) : !Files.isExecutable(wrapper)) {
            throw new KitException(wrapper + " is missing or not executable: the kit builds with the checked-in Maven "
                    + "wrapper");
        }
        List<String> command = new ArrayList<>();
        if (windows) {
            command.addAll(List.of("cmd.exe", "/c"));
        }
        command.add(wrapper.toString());
        command.addAll(QUIET_BATCH);
        command.addAll(args);
        long start = System.nanoTime();
        List<String> lines = new ArrayList<>();
        Process process = Processes.start(new ProcessBuilder(command).directory(tree.toFile()).redirectErrorStream(true),
                command);
        try {
            Files.createDirectories(log.getParent());
            process.getOutputStream().close();
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 BufferedWriter writer = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
                writer.write("$ " + String.join(" ", command) + "   (in " + tree + ")\n");
                for (String line; (line = reader.readLine()) != null; ) {
                    lines.add(line);
                    writer.write(line);
                    writer.newLine();
                    onLine.accept(line);
                }
            }
            return new Run(process.waitFor(), lines, Duration.ofNanos(System.nanoTime() - start), log);
        } catch (IOException e) {
            process.destroy();
            throw new KitException("could not run Maven or write its log " + log + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new KitException("the build was interrupted");
        }
    }
}
