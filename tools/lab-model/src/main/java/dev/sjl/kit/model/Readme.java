package dev.sjl.kit.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every tool reads from a lab's {@code README.md} (the kit's status and self-test, the handbook): the heading
 * {@code # Lab 03 · JWT: sign, verify, rotate}, the estimate {@code **Time:** 90 min} and the task titles, the numbered
 * bold items of its {@code ## Tasks} section. Absent parts are null (tasks: empty), so the self-test can say which one
 * is missing.
 */
public record Readme(Integer number, String title, Integer minutes, List<String> tasks) {

    private static final Pattern HEADING = Pattern.compile("^# Lab (\\d+) · (\\S.*?)\\s*$");
    private static final Pattern TIME = Pattern.compile("\\*\\*Time:\\*\\*\\s*(\\d+)\\s*min\\b");
    private static final Pattern TASK = Pattern.compile("^\\d+\\.\\s+\\*\\*(.+?)\\*\\*", Pattern.MULTILINE);

    public Readme {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    public static Readme parse(String markdown) {
        Integer number = null;
        String title = null;
        for (String line : markdown.split("\\R")) {
            if (line.startsWith("# ")) {
                Matcher heading = HEADING.matcher(line);
                if (heading.matches()) {
                    number = Integer.valueOf(heading.group(1));
                    title = heading.group(2);
                }
                break; // only the first top-level heading names the lab
            }
        }
        Matcher time = TIME.matcher(markdown);
        List<String> tasks = new ArrayList<>();
        Matcher task = TASK.matcher(tasksSection(markdown));
        while (task.find()) {
            tasks.add(task.group(1).strip());
        }
        return new Readme(number, title, time.find() ? Integer.valueOf(time.group(1)) : null, tasks);
    }

    // Only the "## Tasks" section: a numbered bold item elsewhere (e.g. under "Done when") is not a task.
    private static String tasksSection(String markdown) {
        int start = markdown.indexOf("\n## Tasks");
        if (start < 0) {
            return "";
        }
        int end = markdown.indexOf("\n## ", start + 1);
        return end < 0 ? markdown.substring(start) : markdown.substring(start, end);
    }

    public static Optional<Readme> ofLab(Path labDir) {
        Path file = labDir.resolve("README.md");
        try {
            return Files.isRegularFile(file) ? Optional.of(parse(Files.readString(file))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
