package dev.sjl.kit;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the kit writes, and whether it may colour it: only on a terminal, never when NO_COLOR is set or output goes to
 * a file or CI log (escape codes there are noise).
 */
public final class Console {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean colour;
    private final boolean terminal;

    public Console(PrintWriter out, PrintWriter err, boolean colour, boolean terminal) {
        this.out = out;
        this.err = err;
        this.colour = colour;
        this.terminal = terminal;
    }

    public static Console system() {
        Map<String, String> env = System.getenv();
        boolean terminal = System.console() != null;
        boolean colour = terminal && !env.containsKey("NO_COLOR") && !"dumb".equals(env.get("TERM"));
        return new Console(new PrintWriter(System.out, true), new PrintWriter(System.err, true), colour, terminal);
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public boolean colour() {
        return colour;
    }

    /** A terminal redraws one progress line in place; a log gets one line per step. */
    public boolean terminal() {
        return terminal;
    }

    public void println(String line) {
        out.println(line);
        out.flush();
    }

    public String bold(String text) {
        return style("1", text);
    }

    public String dim(String text) {
        return style("2", text);
    }

    public String red(String text) {
        return style("31", text);
    }

    public String green(String text) {
        return style("32", text);
    }

    public String yellow(String text) {
        return style("33", text);
    }

    private String style(String code, String text) {
        return colour ? "\u001B[" + code + "m" + text + "\u001B[0m" : text;
    }

    /**
     * Prints rows as aligned columns. Cells may carry colour codes: widths are measured without them.
     */
    public void table(List<String> header, List<List<String>> rows) {
        int[] widths = new int[header.size()];
        for (List<String> row : concat(header, rows)) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], visible(row.get(i)).length());
            }
        }
        printRow(header.stream().map(this::bold).toList(), widths);
        for (List<String> row : rows) {
            printRow(row, widths);
        }
        out.flush();
    }

    private void printRow(List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            line.append(cell);
            if (i < cells.size() - 1) {
                line.append(" ".repeat(widths[i] - visible(cell).length() + 2));
            }
        }
        out.println(line.toString().stripTrailing());
    }

    private static List<List<String>> concat(List<String> header, List<List<String>> rows) {
        return Stream.concat(Stream.of(header), rows.stream()).toList();
    }

    private static String visible(String text) {
        return text.replaceAll("\u001B\\[[0-9;]*m", "");
    }

    /** "1 test", "3 tests". */
    public static String count(int count, String noun) {
        return count + " " + (count == 1 ? noun : noun + "s");
    }
}
