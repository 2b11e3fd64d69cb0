package dev.sjl.docs;

import java.util.List;

/**
 * The handbook cannot be built as the sources stand. The message names the file or class and what to change,
 * because it is read in a Maven log by whoever broke it.
 */
final class HandbookException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    HandbookException(String message) {
        super(message);
    }

    HandbookException(String message, Throwable cause) {
        super(message, cause);
    }

    static HandbookException of(List<String> problems) {
        StringBuilder text = new StringBuilder(problems.size() == 1
                ? "The handbook cannot be built:" : "The handbook cannot be built (" + problems.size() + " problems):");
        problems.forEach(p -> text.append(System.lineSeparator()).append("  - ").append(p));
        return new HandbookException(text.toString());
    }
}
