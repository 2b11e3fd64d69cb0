package dev.sjl.docs;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turning text that comes from code and YAML into AsciiDoc that means exactly that text. The handbook fails on any
 * missing attribute, so a route like {@code /users/{id}} must never reach the converter as an attribute reference.
 */
final class Asciidoc {

    // What Asciidoctor would read as an attribute reference: {name} or {set:name:value}, {counter:name}.
    private static final Pattern ATTRIBUTE_REFERENCE = Pattern.compile("\\{(?=\\w[\\w-]*(?::[^}\\n]*)?})");
    // A bare URL becomes a link; text from code (e.g. "https://app.example.com;") is meant literally.
    private static final Pattern BARE_URL = Pattern.compile("(?<![\\\\\\w/:])(?=(?:https?|ftp|irc|mailto):)");

    private Asciidoc() {
    }

    /** Prose written for the handbook: AsciiDoc formatting such as {@code `code`} stays, attribute references do not. */
    static String prose(String text) {
        return ATTRIBUTE_REFERENCE.matcher(text.strip()).replaceAll("\\\\{");
    }

    /** Text that must appear verbatim: no formatting, no attribute, no link; only HTML-special characters escaped. */
    static String literal(String text) {
        String oneLine = text.strip().replaceAll("\\s*\\R\\s*", " ");
        return "pass:c[" + oneLine.replace("]", "\\]") + "]";
    }

    /** Like {@link #literal} in a monospace font: paths, names, HTTP methods. */
    static String code(String text) {
        return "`" + literal(text) + "`";
    }

    /** A table cell: the cell separator escaped, so text from code cannot split the row. */
    static String cell(String content) {
        return "|" + content.replace("|", "\\|");
    }

    /** A section title or list text that may contain attribute-like braces or bare URLs. */
    static String inline(String text) {
        String single = text.strip().replaceAll("\\s*\\R\\s*", " ");
        return BARE_URL.matcher(prose(single)).replaceAll("\\\\");
    }

    /** Ids are used in xrefs: lower-case letters, digits and dashes only. */
    static String id(String... parts) {
        String joined = String.join("-", parts).toLowerCase(Locale.ROOT);
        return joined.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }
}
