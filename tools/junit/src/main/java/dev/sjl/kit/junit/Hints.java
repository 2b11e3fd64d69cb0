package dev.sjl.kit.junit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lab's {@code hints.md}: one {@code ## N. Title} section per task (the number matches the tests'
 * {@code @Tag("task:N")}), and in it one top-level {@code - } bullet per hint, gentlest first.
 * The task titles double as the names in the test summary and in {@code kit status}.
 */
public record Hints(TreeMap<Integer, Task> tasks) {

    private static final Pattern TASK_HEADING = Pattern.compile("^##\\s+(\\d+)\\.\\s+(.+?)\\s*$");

    /** One task: its title and its hints in the order they are revealed. */
    public record Task(int number, String title, List<String> hints) {
    }

    public static Hints parse(String markdown) {
        TreeMap<Integer, Task> tasks = new TreeMap<>();
        Integer number = null;
        String title = null;
        List<String> hints = new ArrayList<>();
        StringBuilder hint = null;
        for (String line : markdown.split("\\R", -1)) {
            Matcher heading = TASK_HEADING.matcher(line);
            if (heading.matches() || line.startsWith("# ") || line.startsWith("## ")) {
                if (hint != null) {
                    hints.add(hint.toString().strip());
                    hint = null;
                }
                if (number != null) {
                    tasks.put(number, new Task(number, title, List.copyOf(hints)));
                }
                number = heading.matches() ? Integer.valueOf(heading.group(1)) : null;
                title = heading.matches() ? heading.group(2) : null;
                hints = new ArrayList<>();
            } else if (number != null && line.startsWith("- ")) {
                if (hint != null) {
                    hints.add(hint.toString().strip());
                }
                hint = new StringBuilder(line.substring(2));
            } else if (hint != null && (line.isBlank() || line.startsWith(" "))) {
                hint.append('\n').append(line.stripTrailing());
            } else if (hint != null) {
                hints.add(hint.toString().strip());
                hint = null;
            }
        }
        if (hint != null) {
            hints.add(hint.toString().strip());
        }
        if (number != null) {
            tasks.put(number, new Task(number, title, List.copyOf(hints)));
        }
        return new Hints(tasks);
    }

    public static Hints read(Path hintsFile) throws IOException {
        return parse(Files.readString(hintsFile));
    }

    /** The hints of a lab folder, or none when it has no hints file. */
    public static Hints ofLab(Path labDir) {
        Path file = labDir.resolve("hints.md");
        try {
            return Files.isRegularFile(file) ? read(file) : new Hints(new TreeMap<>());
        } catch (IOException e) {
            return new Hints(new TreeMap<>());
        }
    }

    public Optional<Task> task(int number) {
        return Optional.ofNullable(tasks.get(number));
    }

    public String title(int number) {
        return task(number).map(Task::title).orElse("Task " + number);
    }
}
