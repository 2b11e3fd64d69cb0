package dev.sjl.kit.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The mark {@code kit new-lab} leaves on every piece of scaffold text an author must replace. Tools that publish (the
 * handbook) refuse a file that still carries it, so a scaffold cannot ship as if it were written.
 */
public final class AuthorTodo {

    public static final String MARK = "TODO(author)";

    private AuthorTodo() {
    }

    /** The first line of the file that still carries the mark, as "line N: text"; empty when there is none. */
    public static Optional<String> firstIn(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            var lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).contains(MARK)) {
                    return Optional.of("line " + (i + 1) + ": " + lines.get(i).strip());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
