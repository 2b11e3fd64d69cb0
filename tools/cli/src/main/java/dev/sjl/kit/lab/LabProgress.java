package dev.sjl.kit.lab;

import dev.sjl.kit.junit.Hints;
import dev.sjl.kit.junit.LabResults.TestResult;
import dev.sjl.kit.junit.LabResults;
import dev.sjl.kit.model.Lab;
import dev.sjl.kit.model.Readme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where a learner stands in one lab, from the last run of its tests ({@code labs/NN-x/target/lab-results.json}) and
 * the task titles in {@code hints.md}.
 *
 * @param results the last run, or null when the tests never ran (or the file cannot be read)
 * @param stale   the lab's sources changed after that run, so it may no longer be true
 */
public record LabProgress(Lab lab, Readme readme, Hints hints, LabResults results, boolean stale) {

    public enum State {
        NOT_STARTED("not started"), RED("red"), GREEN("green");

        private final String label;

        State(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** One task: its title and how many of its tests passed. A task is done when it has tests and all pass. */
    public record TaskProgress(int number, String title, int passed, int tests) {
        public boolean green() {
            return tests > 0 && passed == tests;
        }
    }

    public static LabProgress of(Lab lab) {
        Path file = lab.starterResults();
        LabResults results = null;
        boolean stale = false;
        if (Files.isRegularFile(file)) {
            try {
                results = LabResults.read(file);
                stale = newestSource(lab.dir().resolve("src")).compareTo(Files.getLastModifiedTime(file)) > 0;
            } catch (IOException e) {
                results = null; // an unreadable file means the same as none: run the tests
            }
        }
        return new LabProgress(lab, Readme.ofLab(lab.dir()).orElse(null), Hints.ofLab(lab.dir()), results, stale);
    }

    private static FileTime newestSource(Path src) throws IOException {
        if (!Files.isDirectory(src)) {
            return FileTime.fromMillis(0);
        }
        try (Stream<Path> files = Files.walk(src)) {
            return files.map(path -> {
                try {
                    return Files.getLastModifiedTime(path);
                } catch (IOException e) {
                    return FileTime.fromMillis(0);
                }
            }).max(FileTime::compareTo).orElse(FileTime.fromMillis(0));
        }
    }

    /** Every task hints.md names, plus any a test is tagged with, in order. */
    public SortedMap<Integer, TaskProgress> tasks() {
        SortedMap<Integer, int[]> counts = new TreeMap<>();
        hints.tasks().keySet().forEach(task -> counts.put(task, new int[2]));
        for (TestResult test : tests()) {
            for (int task : test.tasks() == null ? List.<Integer>of() : test.tasks()) {
                int[] c = counts.computeIfAbsent(task, t -> new int[2]);
                c[1]++;
                if (test.passed()) {
                    c[0]++;
                }
            }
        }
        SortedMap<Integer, TaskProgress> tasks = new TreeMap<>();
        counts.forEach((task, c) -> tasks.put(task, new TaskProgress(task, hints.title(task), c[0], c[1])));
        return tasks;
    }

    public List<TestResult> tests() {
        return results == null || results.tests() == null ? List.of() : results.tests();
    }

    public State state() {
        if (results == null) {
            return State.NOT_STARTED;
        }
        // Every task must be green, not only every test that ran: a filtered run (-Dgroups=task:1) writes a results
        // file with the other tasks missing, and those may well be red.
        boolean allGreen = !tests().isEmpty() && tests().stream().allMatch(TestResult::passed)
                && (results.broken() == null || results.broken().isEmpty())
                && tasks().values().stream().allMatch(TaskProgress::green);
        return allGreen ? State.GREEN : State.RED;
    }

    public long tasksPassed() {
        return tasks().values().stream().filter(TaskProgress::green).count();
    }

    /** The first task that is not green: what to work on (and what {@code kit hint NN} helps with). */
    public Optional<TaskProgress> nextTask() {
        return tasks().values().stream().filter(task -> !task.green()).findFirst();
    }

    public String title() {
        return readme == null || readme.title() == null ? lab.topic() : readme.title();
    }
}
