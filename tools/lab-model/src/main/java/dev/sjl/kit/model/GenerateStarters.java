package dev.sjl.kit.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes (or, with {@code --check}, compares) every lab's starter from its reference. {@code kit generate} and the
 * self-test call this; it also runs alone, with nothing but this module's classes:
 * <pre>java -cp tools/lab-model/target/classes dev.sjl.kit.model.GenerateStarters [--check] [--root=DIR] [LAB...]</pre>
 * Exit code 0 when every starter is (now) what its reference generates, 1 when {@code --check} finds drift, 2 for a
 * marker out of place.
 * <p>
 * For a lab's author, two variants can be written over {@code labs/LAB/src/main} to run the lab's tests against them
 * ({@code ./mvnw test -pl labs/LAB}); running without these options afterwards puts the starter back:
 * <pre>
 * --solved=1,2          the staircase step with tasks 1 and 2 solved (the reference's code) and the rest the starter's
 * --shortcut=FILE       the reference with one shortcut (solutions/LAB/shortcuts/*.shortcut) applied
 * </pre>
 */
public final class GenerateStarters {

    private GenerateStarters() {
    }

    public static void main(String[] args) throws Exception {
        boolean check = false;
        java.util.Set<Integer> solved = null;
        Path shortcut = null;
        Path root = Path.of(".");
        List<String> labs = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--check")) {
                check = true;
            } else if (arg.startsWith("--solved=")) {
                solved = new java.util.TreeSet<>();
                for (String task : arg.substring("--solved=".length()).split(",")) {
                    if (!task.isBlank()) {
                        solved.add(Integer.valueOf(task.strip()));
                    }
                }
            } else if (arg.startsWith("--shortcut=")) {
                shortcut = Path.of(arg.substring("--shortcut=".length()));
            } else if (arg.startsWith("--root=")) {
                root = Path.of(arg.substring("--root=".length()));
            } else {
                labs.add(arg);
            }
        }
        root = root.toAbsolutePath().normalize();
        if (labs.isEmpty()) {
            labs = Labs.withReference(root).stream().map(Lab::name).toList();
        }
        int drift = 0;
        for (String lab : labs) {
            LabSources sources;
            try {
                sources = LabSources.read(root, lab);
                sources.starter();
            } catch (MarkerException e) {
                System.err.println(e.getMessage());
                System.exit(2);
                return;
            }
            Path starterDir = Lab.in(root, lab).dir();
            if (solved != null || shortcut != null) {
                java.util.Set<Integer> done = solved;
                java.util.SortedMap<String, byte[]> variant = shortcut != null
                        ? Shortcut.parse(shortcut.toString(), Files.readString(shortcut)).applyTo(sources)
                        : sources.mainSources(done::contains);
                LabSources.deleteTree(starterDir.resolve("src/main"));
                LabSources.writeTree(variant, starterDir);
                System.out.println(lab + ": labs/" + lab + "/src/main now holds "
                        + (shortcut != null ? "the shortcut " + shortcut.getFileName() : "tasks " + solved + " solved")
                        + "; run without options to restore the starter");
                continue;
            }
            if (check) {
                List<String> problems = sources.differencesFrom(starterDir);
                problems.forEach(System.out::println);
                drift += problems.size();
            } else {
                List<String> written = sources.writeStarter(starterDir);
                System.out.println(lab + ": " + (written.isEmpty() ? "starter up to date" : String.join(", ", written))
                        + " (tasks " + sources.tasks() + ")");
            }
        }
        System.exit(drift == 0 ? 0 : 1);
    }
}
