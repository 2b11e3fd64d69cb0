package dev.sjl.docs;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where an included file's outline starts, so that it can be included at the right depth whatever its author
 * chose: a revision guide may open with {@code = Title} or go straight to {@code == Concepts}.
 */
final class Headings {

    private static final Pattern HEADING = Pattern.compile("^(={1,6}|#{1,6})\\s+\\S");
    // Listing, literal, example, sidebar, quote, passthrough and comment blocks: headings inside them are content.
    private static final Pattern DELIMITER = Pattern.compile("^(-{4,}|\\.{4,}|={4,}|\\*{4,}|_{4,}|\\+{4,}|/{4,})\\s*$");

    private Headings() {
    }

    /** The level of the first section heading (0 for {@code = Title}), or empty when the text has none. */
    static OptionalInt firstLevel(String asciidoc) {
        String openBlock = null;
        for (String line : asciidoc.split("\\R")) {
            Matcher delimiter = DELIMITER.matcher(line);
            if (delimiter.matches()) {
                String fence = delimiter.group(1);
                if (openBlock == null) {
                    openBlock = fence;
                } else if (openBlock.equals(fence)) {
                    openBlock = null;
                }
                continue;
            }
            if (openBlock != null || line.startsWith("//")) {
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (heading.find()) {
                return OptionalInt.of(heading.group(1).length() - 1);
            }
        }
        return OptionalInt.empty();
    }

    /**
     * The include line that puts {@code text}'s first heading at {@code level}, preceded by a heading of our own
     * when the text has no title of its own (its first heading is deeper than a title would be).
     *
     * @param target        the include target as written, e.g. {@code {docdir}/labs/03-jwt/revision.adoc}
     * @param text          the included file's content
     * @param level         where the included file's title belongs (1 = chapter, 2 = section of a chapter)
     * @param fallbackTitle our heading, used when the file opens without a title
     */
    static String includeAt(String target, String text, int level, String fallbackTitle) {
        OptionalInt first = firstLevel(text);
        StringBuilder out = new StringBuilder();
        int offset;
        if (first.isPresent() && first.getAsInt() == 0) {
            offset = level;
        } else {
            out.append("=".repeat(level + 1)).append(' ').append(fallbackTitle).append("\n\n");
            offset = first.isPresent() ? level + 1 - first.getAsInt() : 0;
        }
        out.append("include::").append(target);
        out.append(offset == 0 ? "[]" : "[leveloffset=" + (offset > 0 ? "+" : "") + offset + "]");
        return out.append('\n').toString();
    }
}
