package dev.sjl.kit.fuzz;

/** Small text helpers: what a report may print of a hostile string. */
final class Text {

    private Text() {
    }

    /**
     * A hostile string as a report can show it: control and non-ASCII characters escaped ({@code \n}, {@code \u0000}),
     * at most {@code max} characters, with the full length when it was cut. Never the string itself: it may be
     * megabytes long or hold a line break that would forge a line of the report.
     */
    static String shown(String text, int max) {
        if (text == null) {
            return "null";
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        for (; i < text.length() && out.length() < max; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        if (i < text.length()) {
            out.append("...(").append(text.length()).append(" chars)");
        }
        return out.toString();
    }
}
