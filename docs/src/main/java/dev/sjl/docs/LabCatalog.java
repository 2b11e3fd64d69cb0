package dev.sjl.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The labs the handbook has chapters for: every {@code labs/NN-topic} folder with a {@code pom.xml}. Title, time and
 * task titles come from the lab's README, the same lines {@code kit status} reads, so the handbook and the kit
 * agree on them.
 */
final class LabCatalog {

    /**
     * One lab and where its handbook material lives.
     *
     * @param id        the folder name, e.g. {@code 03-jwt}
     * @param title     from the README's {@code # Lab 03 · Title}, else derived from the folder name
     * @param minutes   from the README's {@code **Time:** 90 min}, if present
     * @param tasks     task titles from the README's numbered {@code **Title**} items, in order
     * @param revision  {@code docs/src/docs/asciidoc/labs/NN-topic/revision.adoc}, whether or not it exists yet
     * @param questions {@code docs/src/questions/NN-topic.yml}, whether or not it exists yet
     * @param diagram   {@code diagrams/NN-topic.puml}, whether or not it exists yet
     */
    record Lab(String id, String title, OptionalInt minutes, List<String> tasks, Path revision, Path questions,
               Path diagram) {

        String number() {
            return id.substring(0, 2);
        }

        String anchor() {
            return "lab-" + id;
        }
    }

    private static final Pattern LAB_FOLDER = Pattern.compile("\\d{2}-[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern HEADING = Pattern.compile("^# Lab \\d{2}\\s*[·:-]\\s*(.+?)\\s*$", Pattern.MULTILINE);
    private static final Pattern TIME = Pattern.compile("\\*\\*Time:\\*\\*\\s*(\\d+)\\s*min");
    private static final Pattern TASK = Pattern.compile("^\\d+\\.\\s+\\*\\*(.+?)\\*\\*", Pattern.MULTILINE);

    private LabCatalog() {
    }

    static List<Lab> discover(Path root) {
        Path labs = root.resolve("labs");
        if (!Files.isDirectory(labs)) {
            throw new HandbookException("No labs/ folder under " + root + ": pass the repository root as --root");
        }
        try (Stream<Path> folders = Files.list(labs)) {
            List<Lab> found = new ArrayList<>();
            folders.filter(p -> LAB_FOLDER.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isRegularFile(p.resolve("pom.xml")))
                    .sorted()
                    .forEach(folder -> found.add(read(root, folder)));
            return List.copyOf(found);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + labs, e);
        }
    }

    private static Lab read(Path root, Path folder) {
        String id = folder.getFileName().toString();
        String readme = readIfPresent(folder.resolve("README.md")).orElse("");
        Matcher heading = HEADING.matcher(readme);
        String title = heading.find() ? heading.group(1) : titleFromFolder(id);
        Matcher time = TIME.matcher(readme);
        OptionalInt minutes = time.find() ? OptionalInt.of(Integer.parseInt(time.group(1))) : OptionalInt.empty();
        List<String> tasks = new ArrayList<>();
        Matcher task = TASK.matcher(tasksSection(readme));
        while (task.find()) {
            tasks.add(task.group(1).strip());
        }
        return new Lab(id, title, minutes, List.copyOf(tasks),
                root.resolve("docs/src/docs/asciidoc/labs").resolve(id).resolve("revision.adoc"),
                root.resolve("docs/src/questions").resolve(id + ".yml"),
                root.resolve("diagrams").resolve(id + ".puml"));
    }

    // Only the "## Tasks" section: a numbered bold item elsewhere (e.g. under "Done when") is not a task.
    private static String tasksSection(String readme) {
        int start = readme.indexOf("\n## Tasks");
        if (start < 0) {
            return "";
        }
        int end = readme.indexOf("\n## ", start + 1);
        return end < 0 ? readme.substring(start) : readme.substring(start, end);
    }

    static String titleFromFolder(String id) {
        String words = id.substring(3).replace('-', ' ');
        return Character.toUpperCase(words.charAt(0)) + words.substring(1);
    }

    static Optional<String> readIfPresent(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}
