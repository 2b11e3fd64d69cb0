package dev.sjl.kit.check;

import dev.sjl.kit.lab.Poms;
import dev.sjl.kit.model.Lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which build files name which labs: the self-test demands that {@code labs/pom.xml} and {@code solutions/pom.xml}
 * list every lab, and that {@code tools/check/pom.xml} depends on every lab and reference artifact (that dependency is
 * what makes Maven build tools/check after all of them).
 *
 * @param labsModules       {@code <module>}s of labs/pom.xml
 * @param solutionsModules  {@code <module>}s of solutions/pom.xml
 * @param checkPom          where the self-test module's pom.xml is (tools/check/pom.xml), for messages
 * @param checkDependencies artifactIds it depends on
 * @param artifactIds       module path ({@code labs/03-jwt}, {@code solutions/03-jwt}) to its artifactId
 * @param referenceUsers    the other build files that must name every reference, to the artifactIds they name:
 *                          the handbook (tables from the references' code) and the drills (the system model)
 */
public record ReactorEvidence(Set<String> labsModules, Set<String> solutionsModules, String checkPom,
                              Set<String> checkDependencies, Map<String, String> artifactIds,
                              Map<String, Set<String>> referenceUsers) {

    /** Build files that read every reference, besides the self-test's. */
    public static final List<String> REFERENCE_USERS = List.of("docs/pom.xml", "tools/rehearse/pom.xml");

    /** The self-test module, found by its artifactId wherever the kit's modules live. */
    public static final String CHECK_ARTIFACT = "kit-check";

    public static ReactorEvidence read(Path root, List<Lab> labs) {
        Map<String, String> artifactIds = new TreeMap<>();
        for (Lab lab : labs) {
            Poms.artifactId(lab.dir().resolve("pom.xml")).ifPresent(id -> artifactIds.put(lab.labPath(), id));
            Poms.artifactId(lab.solutionDir().resolve("pom.xml")).ifPresent(id -> artifactIds.put(lab.solutionPath(), id));
        }
        String checkPom = Poms.modulePaths(root).getOrDefault(CHECK_ARTIFACT, "tools/check") + "/pom.xml";
        return new ReactorEvidence(
                new TreeSet<>(Poms.modules(root.resolve("labs/pom.xml"))),
                new TreeSet<>(Poms.modules(root.resolve("solutions/pom.xml"))),
                checkPom,
                new TreeSet<>(Poms.dependencyArtifactIds(root.resolve(checkPom))),
                artifactIds,
                referenceUsers(root));
    }

    private static Map<String, Set<String>> referenceUsers(Path root) {
        Map<String, Set<String>> users = new TreeMap<>();
        for (String pom : REFERENCE_USERS) {
            if (java.nio.file.Files.isRegularFile(root.resolve(pom))) {
                users.put(pom, new TreeSet<>(Poms.artifactIdsAnywhere(root.resolve(pom))));
            }
        }
        return users;
    }
}
