package dev.sjl.kit.model;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes the imports a generated starter no longer uses. An import left behind by removed reference code names the
 * library the answer uses, which is a hint the learner did not ask for.
 */
final class Imports {

    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)\\s*;\\s*$");

    private Imports() {
    }

    /**
     * Drops each single-type or static-member import whose simple name no longer appears in the rest of the file
     * (code, comments and Javadoc alike, so a {@code {@link}} keeps its import). A blank line left between two blank
     * lines by a dropped group goes too.
     */
    static String pruneUnused(String source) {
        List<String> lines = source.lines().toList();
        StringBuilder body = new StringBuilder();
        for (String line : lines) {
            if (!IMPORT.matcher(line).matches()) {
                body.append(line).append('\n');
            }
        }
        String rest = body.toString();
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            Matcher m = IMPORT.matcher(line);
            if (m.matches()) {
                String qualified = m.group(2);
                String simple = qualified.substring(qualified.lastIndexOf('.') + 1);
                if (!simple.equals("*") && !Pattern.compile("\\b" + Pattern.quote(simple) + "\\b").matcher(rest).find()) {
                    continue;
                }
            }
            if (line.isBlank() && !kept.isEmpty() && kept.get(kept.size() - 1).isBlank()) {
                continue;
            }
            kept.add(line);
        }
        return String.join("\n", kept) + "\n";
    }
}
