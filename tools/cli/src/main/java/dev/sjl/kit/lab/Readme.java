package dev.sjl.kit.lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the kit reads from a lab's {@code README.md}: the heading {@code # Lab 03 · JWT: sign, verify, rotate} and the
 * estimate {@code **Time:** 90 min}. Absent parts are null, so the self-test can say which one is missing.
 */
public record Readme(Integer number, String title, Integer minutes) {

    private static final Pattern HEADING = Pattern.compile("^# Lab (\\d+) · (\\S.*?)\\s*$");
    private static final Pattern TIME = Pattern.compile("\\*\\*Time:\\*\\*\\s*(\\d+)\\s*min\\b");

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
        return new Readme(number, title, time.find() ? Integer.valueOf(time.group(1)) : null);
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
