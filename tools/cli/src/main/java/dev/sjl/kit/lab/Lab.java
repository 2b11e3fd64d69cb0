package dev.sjl.kit.lab;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One lab: its folder under {@code labs/} (starter and tests) and the matching reference under {@code solutions/}.
 *
 * @param name   the folder name, e.g. {@code 03-jwt}
 * @param number the leading number (3), or -1 when the folder has none
 * @param dir    {@code labs/NN-x}
 * @param solutionDir {@code solutions/NN-x} (may not exist: the self-test reports that)
 */
public record Lab(String name, int number, Path dir, Path solutionDir) {

    private static final Pattern NUMBERED = Pattern.compile("^(\\d+)-(.+)$");

    public static Lab in(Path root, String name) {
        Matcher m = NUMBERED.matcher(name);
        int number = m.matches() ? Integer.parseInt(m.group(1)) : -1;
        return new Lab(name, number, root.resolve("labs").resolve(name), root.resolve("solutions").resolve(name));
    }

    /** The short address a learner types: {@code 03}. */
    public String id() {
        return number < 0 ? name : String.format("%02d", number);
    }

    /** The part after the number: {@code jwt}. */
    public String topic() {
        Matcher m = NUMBERED.matcher(name);
        return m.matches() ? m.group(2) : name;
    }

    public Path starterResults() {
        return dir.resolve("target").resolve("lab-results.json");
    }

    public Path referenceResults() {
        return solutionDir.resolve("target").resolve("lab-results.json");
    }

    /** Paths as the learner sees them in commands: {@code labs/03-jwt}. */
    public String labPath() {
        return "labs/" + name;
    }

    public String solutionPath() {
        return "solutions/" + name;
    }
}
