package dev.sjl.kit.pit;

import dev.sjl.kit.model.TaskRegions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The task regions' lines of every Java source under some roots, by path relative to its root
 * ({@code dev/sjl/jwt/TokenIssuer.java}), read with the lab model that generates the starters.
 */
final class TaskLines {

    private final Map<String, List<TaskRegions.Lines>> byFile;

    TaskLines(Map<String, List<TaskRegions.Lines>> byFile) {
        this.byFile = Map.copyOf(byFile);
    }

    static TaskLines read(Collection<Path> sourceRoots) {
        Map<String, List<TaskRegions.Lines>> byFile = new TreeMap<>();
        for (Path root : sourceRoots) {
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String relative = root.relativize(file).toString().replace('\\', '/');
                    List<TaskRegions.Lines> regions = TaskRegions.parse(file.toString(),
                            Files.readString(file, StandardCharsets.UTF_8)).regionLines();
                    if (!regions.isEmpty()) {
                        byFile.put(relative, regions);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the task regions under " + root, e);
            }
        }
        if (byFile.isEmpty()) {
            // A filter with nothing to keep would report a score of no mutants as a pass.
            throw new IllegalStateException(TaskRegionFilterFactory.FEATURE + ": no // BEGIN TASK region in "
                    + sourceRoots + " (PIT's --sourceDirs)");
        }
        return new TaskLines(byFile);
    }

    boolean inRegion(String sourcePath, int line) {
        return byFile.getOrDefault(sourcePath, List.of()).stream().anyMatch(region -> region.contains(line));
    }
}
