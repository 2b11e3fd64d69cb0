package dev.sjl.kit.check;

import dev.sjl.kit.lab.Workspace;
import dev.sjl.kit.model.Lab;
import dev.sjl.kit.model.Labs;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The whole kit's evidence: every lab (each {@code labs/NN-topic} folder with a pom.xml, {@link Labs#in}) and the
 * build files that must list them. tools/check turns it into one JUnit test per lab and rule; {@code kit check}
 * prints it as one line per lab.
 */
public final class SelfTest {

    private final List<LabEvidence> labs;
    private final List<String> orphanSolutions;
    private final List<String> strays;

    public SelfTest(List<LabEvidence> labs, List<String> orphanSolutions) {
        this(labs, orphanSolutions, List.of());
    }

    /** @param strays folders with a POM that are not named {@code NN-topic} ({@link Labs#strays}) */
    public SelfTest(List<LabEvidence> labs, List<String> orphanSolutions, List<String> strays) {
        this.labs = List.copyOf(labs);
        this.orphanSolutions = List.copyOf(orphanSolutions);
        this.strays = List.copyOf(strays);
    }

    /**
     * Reads the tree at {@code root}.
     *
     * @param since results written before this instant are leftovers and count as missing; null accepts any
     */
    /** The labs {@code -Dkit.labs=01-plain-lambda,03-jwt} names (what {@code kit check 01 03} passes), or none. */
    public static Set<String> onlyLabs(String property) {
        if (property == null || property.isBlank()) {
            return Set.of();
        }
        return Set.of(property.strip().split("\\s*,\\s*"));
    }

    public static SelfTest read(Path root, Instant since) {
        return read(root, since, Set.of());
    }

    /**
     * Reads only the named labs ({@code kit check 03} builds only those): an empty set means every lab. The tree's
     * own problems (a reference without a lab) are judged whole either way.
     */
    public static SelfTest read(Path root, Instant since, Set<String> only) {
        Workspace workspace = new Workspace(root);
        List<Lab> all = workspace.labs();
        List<Lab> labs = only.isEmpty() ? all : all.stream().filter(lab -> only.contains(lab.name())).toList();
        ReactorEvidence reactor = ReactorEvidence.read(workspace.root(), labs);
        List<LabEvidence> evidence = labs.stream().map(lab -> LabEvidence.read(lab, since, reactor)).toList();
        return new SelfTest(evidence, orphans(workspace.root(), all), strays(workspace.root()));
    }

    private static List<String> orphans(Path root, List<Lab> labs) {
        Set<String> names = Set.copyOf(labs.stream().map(Lab::name).toList());
        try {
            return Labs.withReference(root).stream().map(Lab::name).filter(name -> !names.contains(name)).toList();
        } catch (UncheckedIOException e) {
            return List.of();
        }
    }

    private static List<String> strays(Path root) {
        try {
            return Labs.strays(root);
        } catch (UncheckedIOException e) {
            return List.of();
        }
    }

    public List<LabEvidence> labs() {
        return labs;
    }

    /**
     * Problems that belong to no single lab: no labs at all, a reference whose lab folder is gone, or a folder every
     * tool skips because its name is not a lab's.
     */
    public List<String> treeProblems() {
        List<String> problems = new ArrayList<>();
        if (labs.isEmpty()) {
            problems.add("labs/ has no lab (no labs/*/pom.xml): there is nothing to check");
        }
        for (String orphan : orphanSolutions) {
            problems.add("solutions/" + orphan + " has no lab: labs/" + orphan + "/pom.xml is missing");
        }
        for (String stray : strays) {
            problems.add(stray + " has a pom.xml but is not a lab: a lab's folder is named NN-topic (two digits, then "
                    + "lower-case words joined by '-'), so kit, the self-test and the handbook skip it");
        }
        return problems;
    }

    public List<Finding> findings() {
        return labs.stream().flatMap(lab -> LabRules.check(lab).stream()).toList();
    }
}
