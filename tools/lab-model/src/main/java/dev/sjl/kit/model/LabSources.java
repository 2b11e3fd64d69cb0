package dev.sjl.kit.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

/**
 * A lab's code as the reference holds it, and every variant generated from it: the starter a learner gets
 * ({@code labs/NN-topic/pom.xml} and {@code src/main}), the reference without markers, and the staircase's mixes.
 * Paths in the maps are relative to the module folder, with {@code /} separators, e.g. {@code src/main/java/dev/sjl/jwt/Tokens.java}.
 */
public final class LabSources {

    private static final String MAIN = "src/main";

    private final Lab lab;
    private final SortedMap<String, TaskRegions> java;
    private final SortedMap<String, byte[]> resources;
    private final String referencePom;

    private LabSources(Lab lab, SortedMap<String, TaskRegions> java, SortedMap<String, byte[]> resources,
                       String referencePom) {
        this.lab = lab;
        this.java = java;
        this.resources = resources;
        this.referencePom = referencePom;
    }

    /** Reads {@code solutions/<lab>}: its POM and everything under {@code src/main}. */
    public static LabSources read(Path root, String lab) {
        return read(Lab.in(root, lab));
    }

    /** Reads the lab's reference: its POM and everything under {@code src/main}. */
    public static LabSources read(Lab lab) {
        Path referenceDir = lab.solutionDir();
        SortedMap<String, TaskRegions> java = new TreeMap<>();
        SortedMap<String, byte[]> resources = new TreeMap<>();
        Path main = referenceDir.resolve(MAIN);
        try {
            if (Files.isDirectory(main)) {
                try (Stream<Path> files = Files.walk(main)) {
                    for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                        String relative = slashes(referenceDir.relativize(file));
                        if (relative.endsWith(".java")) {
                            String shown = lab.solutionPath() + "/" + relative;
                            java.put(relative, TaskRegions.parse(shown, Files.readString(file, StandardCharsets.UTF_8)));
                        } else {
                            resources.put(relative, Files.readAllBytes(file));
                        }
                    }
                }
            }
            String pom = Files.readString(lab.solutionPom(), StandardCharsets.UTF_8);
            return new LabSources(lab, java, resources, pom);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reference of " + lab.name() + " in " + referenceDir, e);
        }
    }

    public String lab() {
        return lab.name();
    }

    /** Every task that has at least one region, in order. */
    public SortedSet<Integer> tasks() {
        SortedSet<Integer> tasks = new TreeSet<>();
        java.values().forEach(file -> tasks.addAll(file.tasks()));
        return tasks;
    }

    /**
     * The Java files with at least one task region ({@code src/main/java/dev/sjl/jwt/TokenIssuer.java}): the code a
     * learner writes, which the self-test's mutation testing plants its bugs in.
     */
    public SortedSet<String> taskFiles() {
        SortedSet<String> files = new TreeSet<>();
        java.forEach((path, regions) -> {
            if (regions.hasRegions()) {
                files.add(path);
            }
        });
        return files;
    }

    /** The {@code src/main} files with the solved tasks' code and the starter's for the rest (text and bytes). */
    public SortedMap<String, byte[]> mainSources(IntPredicate solved) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        java.forEach((path, regions) -> files.put(path, regions.render(solved).getBytes(StandardCharsets.UTF_8)));
        resources.forEach((path, bytes) -> files.put(path, bytes.clone()));
        return files;
    }

    /** What {@code labs/<lab>} must hold: the generated POM and {@code src/main}. */
    public SortedMap<String, byte[]> starter() {
        SortedMap<String, byte[]> files = mainSources(task -> false);
        files.put("pom.xml", starterPom().getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /** The reference's {@code src/main} with its markers removed: what the handbook shows. */
    public SortedMap<String, byte[]> referenceWithoutMarkers() {
        return mainSources(task -> true);
    }

    /**
     * The starter's POM: the reference's, with the {@code labs} parent, the {@code lab-} artifact and the name
     * without "(reference)". Anything else that differs is drift.
     */
    public String starterPom() {
        String pom = replaceOnce(referencePom, "<artifactId>solutions</artifactId>", "<artifactId>labs</artifactId>");
        pom = replaceOnce(pom, "<artifactId>solution-" + lab.name() + "</artifactId>",
                "<artifactId>lab-" + lab.name() + "</artifactId>");
        return replaceOnce(pom, " (reference)</name>", "</name>");
    }

    private String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        if (at < 0 || text.indexOf(from, at + 1) >= 0) {
            throw new MarkerException(lab.solutionPath() + "/pom.xml", 1, "expected exactly one " + from
                    + " (the starter's POM is generated from this one)");
        }
        return text.substring(0, at) + to + text.substring(at + from.length());
    }

    /**
     * How {@code labs/<lab>} differs from what the generator makes: one sentence per file, empty when they agree.
     * Only the POM and {@code src/main} are compared; the tests, README and hints are the lab's own.
     */
    public List<String> differencesFrom(Path starterDir) {
        SortedMap<String, byte[]> expected = starter();
        List<String> problems = new ArrayList<>();
        SortedSet<String> actual = new TreeSet<>(filesUnder(starterDir, MAIN).keySet());
        if (Files.isRegularFile(starterDir.resolve("pom.xml"))) {
            actual.add("pom.xml");
        }
        String shown = lab.labPath() + "/";
        for (Map.Entry<String, byte[]> file : expected.entrySet()) {
            Path path = starterDir.resolve(file.getKey());
            if (!Files.isRegularFile(path)) {
                problems.add(shown + file.getKey() + " is missing: the reference has it");
                continue;
            }
            byte[] committed = read(path);
            if (!Arrays.equals(committed, file.getValue())) {
                problems.add(shown + file.getKey() + " differs from what the generator makes of " + lab.solutionPath()
                        + "/" + (file.getKey().equals("pom.xml") ? "pom.xml" : file.getKey())
                        + firstDifference(committed, file.getValue()));
            }
        }
        for (String extra : actual) {
            if (!expected.containsKey(extra)) {
                problems.add(shown + extra + " is not in the reference: every starter file is generated from one");
            }
        }
        return problems;
    }

    /** Writes the starter into {@code labs/<lab>}, removing {@code src/main} files the reference no longer has. */
    public List<String> writeStarter(Path starterDir) {
        SortedMap<String, byte[]> expected = starter();
        List<String> written = new ArrayList<>();
        try {
            for (String existing : filesUnder(starterDir, MAIN).keySet()) {
                if (!expected.containsKey(existing)) {
                    Files.delete(starterDir.resolve(existing));
                    written.add("deleted " + existing);
                }
            }
            for (Map.Entry<String, byte[]> file : expected.entrySet()) {
                Path path = starterDir.resolve(file.getKey());
                if (Files.isRegularFile(path) && Arrays.equals(read(path), file.getValue())) {
                    continue;
                }
                Files.createDirectories(path.getParent());
                Files.write(path, file.getValue());
                written.add("wrote " + file.getKey());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the starter of " + lab.name() + " into " + starterDir, e);
        }
        return written;
    }

    /** Writes a variant's {@code src/main} into a folder of its own (the staircase and shortcuts compile from there). */
    public static void writeTree(SortedMap<String, byte[]> files, Path dir) {
        try {
            for (Map.Entry<String, byte[]> file : files.entrySet()) {
                Path path = dir.resolve(file.getKey());
                Files.createDirectories(path.getParent());
                Files.write(path, file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir, e);
        }
    }

    /** Deletes a folder and everything in it; a folder that does not exist is already gone. */
    public static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }

    public Path referenceDir() {
        return lab.solutionDir();
    }

    private static SortedMap<String, byte[]> filesUnder(Path moduleDir, String sub) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        Path dir = moduleDir.resolve(sub);
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(slashes(moduleDir.relativize(file)), null);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return files;
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** ", first at line N" for text files, so the message points at the drift. */
    private static String firstDifference(byte[] committed, byte[] generated) {
        List<String> a = new String(committed, StandardCharsets.UTF_8).lines().toList();
        List<String> b = new String(generated, StandardCharsets.UTF_8).lines().toList();
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            String left = i < a.size() ? a.get(i) : "<end of file>";
            String right = i < b.size() ? b.get(i) : "<end of file>";
            if (!left.equals(right)) {
                return ", first at line " + (i + 1) + ": committed \"" + left.strip() + "\", generated \""
                        + right.strip() + "\" (run ./kit generate " + "to regenerate, or edit the reference)";
            }
        }
        return " (line endings or the final newline)";
    }

    private static String slashes(Path relative) {
        return relative.toString().replace('\\', '/');
    }
}
