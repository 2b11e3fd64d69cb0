package dev.sjl.kit.model;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One lab: its folder under {@code labs/} (starter and tests) and the matching reference under {@code solutions/}.
 * The one place that knows where a lab's parts are; {@link Labs} knows which folders are labs.
 *
 * @param name   the folder name, e.g. {@code 03-jwt}
 * @param number the leading number (3), or -1 when the folder has none
 * @param dir    {@code labs/NN-x}
 * @param solutionDir {@code solutions/NN-x} (may not exist: the self-test reports that)
 */
public record Lab(String name, int number, Path dir, Path solutionDir) {

    /** Where both halves of a lab's results land, under each module's {@code target/}. */
    public static final String RESULTS_FILE = "lab-results.json";

    private static final Pattern NUMBERED = Pattern.compile("^(\\d+)-(.+)$");

    /**
     * The lab named {@code name} in the kit at {@code root}, whether or not its folders exist: the engine and the
     * tests name labs that {@link Labs#in} would not list (a fixture, a lab being scaffolded).
     */
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

    /** {@code solutions/NN-x/pom.xml}. */
    public Path solutionPom() {
        return solutionDir.resolve("pom.xml");
    }

    /** {@code solutions/NN-x/target}: the reference's build output, where the engine works and reports. */
    public Path solutionTarget() {
        return solutionDir.resolve("target");
    }

    /** {@code solutions/NN-x/shortcuts}: the plausible wrong answers the lab's tests must catch. */
    public Path shortcutsDir() {
        return solutionDir.resolve("shortcuts");
    }

    public Path starterResults() {
        return dir.resolve("target").resolve(RESULTS_FILE);
    }

    public Path referenceResults() {
        return solutionTarget().resolve(RESULTS_FILE);
    }

    /** Paths as the learner sees them in commands: {@code labs/03-jwt}. */
    public String labPath() {
        return "labs/" + name;
    }

    public String solutionPath() {
        return "solutions/" + name;
    }
}
