package dev.sjl.kit.rehearse;

import java.util.Locale;
import java.util.Optional;

/**
 * The candidate's self-grade after seeing the model answer, with the SM-2 quality (0–5) it stands for. SM-2 treats
 * quality below 3 as a lapse; "again" is 1 (wrong, though the answer looked familiar once shown).
 */
enum Grade {
    AGAIN(1), HARD(3), GOOD(4), EASY(5);

    final int quality;

    Grade(int quality) {
        this.quality = quality;
    }

    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code 1}–{@code 4}, a name ({@code good}) or its first letter ({@code g}). */
    static Optional<Grade> parse(String input) {
        String s = input.strip().toLowerCase(Locale.ROOT);
        for (Grade g : values()) {
            if (s.equals(String.valueOf(g.ordinal() + 1)) || s.equals(g.label())
                    || s.length() == 1 && g.label().charAt(0) == s.charAt(0)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }
}
