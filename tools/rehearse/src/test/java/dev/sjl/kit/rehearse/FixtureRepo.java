package dev.sjl.kit.rehearse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/** A copy of {@code src/test/resources/fixture-repo} in a temporary folder, for tests to read and spoil. */
final class FixtureRepo {

    static final String BANK = "docs/src/questions/01-fixture.yml";

    private FixtureRepo() {
    }

    static Path copyTo(Path target) {
        try {
            Path source = Path.of(FixtureRepo.class.getResource("/fixture-repo").toURI());
            try (Stream<Path> files = Files.walk(source)) {
                for (Path p : files.toList()) {
                    Path to = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(Path root, String relative) {
        try {
            return Files.readString(root.resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path root, String relative, String content) {
        try {
            Files.createDirectories(root.resolve(relative).getParent());
            Files.writeString(root.resolve(relative), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces one exact piece of the fixture bank, failing loudly if the piece is not there. */
    static void edit(Path root, String relative, String from, String to) {
        String text = read(root, relative);
        if (!text.contains(from)) {
            throw new IllegalArgumentException("Fixture " + relative + " does not contain: " + from);
        }
        write(root, relative, text.replace(from, to));
    }

    /** A second valid bank with {@code n} questions whose ids start with {@code prefix}. */
    static String bank(String lab, String prefix, int n) {
        StringBuilder yaml = new StringBuilder("lab: " + lab + "\ntitle: Second\nquestions:\n");
        for (int i = 1; i <= n; i++) {
            yaml.append("  - id: ").append(prefix).append(i).append('\n')
                    .append("    difficulty: medium\n    topics: [misc]\n")
                    .append("    question: Question ").append(i).append("?\n")
                    .append("    answer: Answer ").append(i).append(".\n")
                    .append("    keyPoints: [point ").append(i).append("]\n");
        }
        return yaml.toString();
    }

    static List<QuestionBank> load(Path root) {
        return QuestionBank.loadAll(root);
    }
}
