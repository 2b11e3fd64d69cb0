package dev.sjl.kit.rehearse;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How hard an interviewer would rate a question; the bank spells it in lower case. */
public enum Difficulty {
    EASY, MEDIUM, HARD;

    /** The spelling used in the YAML, the tags and the guides: {@code easy}, {@code medium}, {@code hard}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Difficulty> fromLabel(String label) {
        return Arrays.stream(values()).filter(d -> d.label().equals(label)).findFirst();
    }
}
