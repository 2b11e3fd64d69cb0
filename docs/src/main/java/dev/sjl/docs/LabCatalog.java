package dev.sjl.docs;

import dev.sjl.kit.model.Labs;
import dev.sjl.kit.model.Readme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The labs the handbook has chapters for: the lab model's {@link Labs#in}, every {@code labs/NN-topic} folder with a
 * {@code pom.xml}, so the handbook has a chapter for every lab the kit knows. Title, time and
 * task titles come from the lab's README through the lab model's {@link Readme}, the reader {@code kit status} and the
 * self-test use, so the handbook and the kit agree on them.
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

    private LabCatalog() {
    }

    static List<Lab> discover(Path root) {
        if (!Files.isDirectory(root.resolve("labs"))) {
            throw new HandbookException("No labs/ folder under " + root + ": pass the repository root as --root");
        }
        return Labs.in(root).stream().map(lab -> read(root, lab)).toList();
    }

    private static Lab read(Path root, dev.sjl.kit.model.Lab lab) {
        String id = lab.name();
        Readme readme = Readme.parse(readIfPresent(lab.dir().resolve("README.md")).orElse(""));
        String title = readme.title() != null ? readme.title() : titleFromFolder(id);
        OptionalInt minutes = readme.minutes() != null ? OptionalInt.of(readme.minutes()) : OptionalInt.empty();
        return new Lab(id, title, minutes, readme.tasks(),
                root.resolve("docs/src/docs/asciidoc/labs").resolve(id).resolve("revision.adoc"),
                root.resolve("docs/src/questions").resolve(id + ".yml"),
                root.resolve("diagrams").resolve(id + ".puml"));
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
