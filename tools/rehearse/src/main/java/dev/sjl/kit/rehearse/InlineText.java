package dev.sjl.kit.rehearse;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The banks' texts are plain sentences with {@code `code`} spans (what Markdown and AsciiDoc both read as code).
 * This renders them for the places they end up: AsciiDoc for the handbook, HTML for Anki.
 */
final class InlineText {

    private static final Pattern CODE = Pattern.compile("`([^`\\n]+)`");
    // An AsciiDoc attribute reference: `/users/{id}` outside a code span would otherwise vanish or warn.
    private static final Pattern ATTRIBUTE = Pattern.compile("\\{([A-Za-z0-9_][A-Za-z0-9_-]*)}");

    private InlineText() {
    }

    /** One line or paragraph of AsciiDoc; code spans become literal monospace, so nothing inside is substituted. */
    static String asciidoc(String text) {
        StringBuilder out = new StringBuilder();
        Matcher m = CODE.matcher(text);
        int last = 0;
        while (m.find()) {
            out.append(asciidocProse(text.substring(last, m.start())));
            String code = m.group(1);
            out.append(code.contains("+") || code.startsWith(" ") || code.endsWith(" ")
                    ? "`pass:c[" + code.replace("]", "\\]") + "]`"
                    : "`+" + code + "+`");
            last = m.end();
        }
        out.append(asciidocProse(text.substring(last)));
        return out.toString();
    }

    private static String asciidocProse(String prose) {
        return ATTRIBUTE.matcher(prose).replaceAll(r -> Matcher.quoteReplacement("\\{" + r.group(1) + "}"));
    }

    private static final Pattern LIST_ITEM = Pattern.compile("^\\s*([-*]|\\d+\\.)\\s.*");

    /**
     * The paragraphs of a multi-line text, each as its logical lines: the YAML's hard wraps are joined back into one
     * line (as Markdown and AsciiDoc would), but a line that starts a list item ({@code - }, {@code * }, {@code 1. })
     * stays a line of its own.
     */
    static List<List<String>> paragraphs(String text) {
        List<List<String>> paragraphs = new ArrayList<>();
        for (String paragraph : text.strip().split("\\R\\s*\\R")) {
            List<String> lines = new ArrayList<>();
            for (String line : paragraph.split("\\R")) {
                if (lines.isEmpty() || LIST_ITEM.matcher(line).matches()) {
                    lines.add(line.strip());
                } else {
                    lines.set(lines.size() - 1, lines.get(lines.size() - 1) + " " + line.strip());
                }
            }
            paragraphs.add(lines);
        }
        return paragraphs;
    }

    /** HTML for a field: escaped, code spans in {@code <code>}, paragraphs in {@code <p>}, list lines kept apart. */
    static String htmlBlock(String text) {
        StringBuilder html = new StringBuilder();
        for (List<String> paragraph : paragraphs(text)) {
            html.append("<p>").append(String.join("<br>", htmlLines(String.join("\n", paragraph)))).append("</p>");
        }
        return html.toString();
    }

    /** HTML for a single line (a key point, a question). */
    static String html(String text) {
        return String.join("<br>", htmlLines(text.strip()));
    }

    private static List<String> htmlLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\\R")) {
            StringBuilder out = new StringBuilder();
            Matcher m = CODE.matcher(line);
            int last = 0;
            while (m.find()) {
                out.append(escapeHtml(line.substring(last, m.start())))
                        .append("<code>").append(escapeHtml(m.group(1))).append("</code>");
                last = m.end();
            }
            out.append(escapeHtml(line.substring(last)));
            lines.add(out.toString().strip());
        }
        return lines;
    }

    static String escapeHtml(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                // A tab would end the field in Anki's tab-separated file.
                case '\t' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
