package dev.sjl.kit.engine.watch;

import dev.sjl.kit.engine.VariantCompiler.Problem;

import java.util.List;

/**
 * Compile errors as javac prints them on a command line, so that an editor or terminal that links {@code file:line}
 * does so here too: {@code labs/03-jwt/src/main/java/dev/sjl/jwt/Tokens.java:12: error: ';' expected}, the source line,
 * a caret under the column, then the rest of the message ({@code symbol:}, {@code location:}), and the count.
 */
public final class CompileErrors {

    private CompileErrors() {
    }

    /**
     * @param prefix put before each module-relative path, so the path reads from where the learner stands
     *               ({@code labs/03-jwt/})
     */
    public static String render(List<Problem> problems, String prefix) {
        StringBuilder text = new StringBuilder();
        for (Problem p : problems) {
            String[] message = p.message().strip().split("\\R", -1);
            if (p.path() != null) {
                text.append(prefix).append(p.path());
                if (p.line() > 0) {
                    text.append(':').append(p.line());
                }
                text.append(": ");
            }
            text.append("error: ").append(message[0]).append('\n');
            if (p.sourceLine() != null) {
                text.append(p.sourceLine()).append('\n');
                if (p.column() > 0) {
                    text.append(caret(p.sourceLine(), (int) p.column())).append('\n');
                }
            }
            for (int i = 1; i < message.length; i++) {
                text.append(message[i]).append('\n');
            }
        }
        text.append(problems.size()).append(problems.size() == 1 ? " error" : " errors").append('\n');
        return text.toString();
    }

    /**
     * Blanks up to the column, then a caret. javac counts the column with tabs expanded to the next multiple of 8; a
     * tab in the source stays a tab under it, so the caret lines up whatever the terminal's tab width.
     */
    private static String caret(String line, int column) {
        StringBuilder pad = new StringBuilder();
        int at = 0;
        for (int i = 0; i < line.length() && at < column - 1; i++) {
            if (line.charAt(i) == '\t') {
                pad.append('\t');
                at = (at / 8 + 1) * 8;
            } else {
                pad.append(' ');
                at++;
            }
        }
        return pad.append('^').toString();
    }
}
