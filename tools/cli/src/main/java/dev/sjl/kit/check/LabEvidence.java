package dev.sjl.kit.check;

import dev.sjl.kit.junit.Hints;
import dev.sjl.kit.model.Lab;
import dev.sjl.kit.model.LabSources;
import dev.sjl.kit.model.MarkerException;
import dev.sjl.kit.model.Readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Everything the rules judge one lab by, read once from disk (or made by hand in the rules' own tests).
 *
 * @param lab               folder name, e.g. {@code 03-jwt}
 * @param number            the folder's number (3), -1 when it has none
 * @param starter           {@code labs/NN-x/target/lab-results.json}
 * @param reference         {@code solutions/NN-x/target/lab-results.json}
 * @param readme            the parsed README.md, null when there is none
 * @param hints             the parsed hints.md, null when there is none
 * @param hasSolutionFolder {@code solutions/NN-x/pom.xml} exists
 * @param starterTodoTasks  every N in a {@code "Task N:"} string of the starter's sources
 * @param reactor           which build files list the lab
 * @param starterDrift      how {@code labs/NN-x} (POM and {@code src/main}) differs from what the generator makes of
 *                          {@code solutions/NN-x}, one sentence per file; or the marker out of place that stops it
 */
public record LabEvidence(String lab, int number, Results starter, Results reference, Readme readme, Hints hints,
                          boolean hasSolutionFolder, SortedSet<Integer> starterTodoTasks, ReactorEvidence reactor,
                          List<String> starterDrift) {

    /** The listener's marker for a TODO, as it appears in a string literal of the starter. */
    private static final Pattern TODO_TASK = Pattern.compile("\"Task (\\d+):");

    public static LabEvidence read(Lab lab, Instant since, ReactorEvidence reactor) {
        Hints hints = Files.isRegularFile(lab.dir().resolve("hints.md")) ? Hints.ofLab(lab.dir()) : null;
        return new LabEvidence(lab.name(), lab.number(),
                Results.read(lab.starterResults(), lab.labPath() + "/target/lab-results.json", since),
                Results.read(lab.referenceResults(), lab.solutionPath() + "/target/lab-results.json", since),
                Readme.ofLab(lab.dir()).orElse(null),
                hints,
                Files.isRegularFile(lab.solutionDir().resolve("pom.xml")),
                todoTasks(lab.dir().resolve("src").resolve("main")),
                reactor,
                starterDrift(lab));
    }

    /**
     * The starter is generated from the reference (tools/lab-model): any difference is drift, in a file with a task as
     * much as in one without, and in the POM.
     */
    static List<String> starterDrift(Lab lab) {
        if (!Files.isRegularFile(lab.solutionDir().resolve("pom.xml"))) {
            return List.of(); // FOLDERS reports the missing reference
        }
        try {
            return LabSources.read(lab).differencesFrom(lab.dir());
        } catch (MarkerException e) {
            return List.of(e.getMessage());
        }
    }

    static SortedSet<Integer> todoTasks(Path sources) {
        SortedSet<Integer> tasks = new TreeSet<>();
        if (!Files.isDirectory(sources)) {
            return tasks;
        }
        try (Stream<Path> files = Files.walk(sources)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                try {
                    Matcher m = TODO_TASK.matcher(Files.readString(file));
                    while (m.find()) {
                        tasks.add(Integer.valueOf(m.group(1)));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // an unreadable source shows up as a compile failure long before this matters
        }
        return tasks;
    }
}
