package dev.sjl.kit;

import dev.sjl.kit.build.Maven;
import dev.sjl.kit.engine.EngineProcess;
import dev.sjl.kit.engine.EngineReport;
import dev.sjl.kit.engine.LabClasspath;
import dev.sjl.kit.lab.Workspace;
import dev.sjl.kit.model.Lab;
import dev.sjl.kit.model.LabSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "staircase", description = {
        "For lab authors: climb one lab's staircase and try its shortcuts, as kit check does, with no Maven run per "
                + "variant.",
        "Staircase: for each task N, the reference's code for the tasks before N and the starter's for the rest is "
                + "compiled and tested; every task:N test must be red because of task N, every earlier task's test green.",
        "Shortcuts: each solutions/NN-x/shortcuts/*.shortcut is swapped into the reference; a task:N test must fail "
                + "with a message that contains its Expect: phrases.",
        "Builds the reference first when its sources or the lab's tests changed (./mvnw -o -q test-compile -pl "
                + "solutions/NN-x), then compiles and tests every variant in one JVM (the lab engine, tools/engine), or "
                + "two for a lab with many shortcuts. What the tests printed is in "
                + "solutions/NN-x/target/kit-engine*/tests.log, each variant's results beside it."})
final class StaircaseCommand implements Callable<Integer> {

    /** Written after this command built the reference (Maven leaves unchanged outputs untouched, so no output dates it). */
    static final String STAMP = "kit-staircase.built";

    @ParentCommand
    private Kit kit;

    @Parameters(paramLabel = "LAB", description = "The lab: 03, 3 or 03-jwt.")
    private String labName;

    @Option(names = "--step", paramLabel = "N", description = "Only step N of the staircase (the step after the last task "
            + "is the reference), and no shortcut unless --shortcut names some.")
    private Integer step;

    @Option(names = "--shortcut", paramLabel = "NAME", description = "Only the shortcuts whose file name contains NAME, "
            + "and no staircase step unless --step names one.")
    private String shortcut;

    @Option(names = "--staircase-only", description = "Skip the shortcuts.")
    private boolean staircaseOnly;

    @Option(names = "--shortcuts-only", description = "Skip the staircase.")
    private boolean shortcutsOnly;

    @Option(names = "--no-build", description = "Use the reference's build as it is, even when it looks stale.")
    private boolean noBuild;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Workspace workspace = kit.workspace();
        Console console = kit.console();
        Lab lab = workspace.lab(labName);
        if (!Files.isRegularFile(lab.solutionDir().resolve("pom.xml"))) {
            throw new KitException("lab " + lab.name() + " has no reference (" + lab.solutionPath() + "/pom.xml)");
        }
        if (!noBuild && stale(workspace.root(), lab)) {
            Path log = workspace.stateDir().resolve("logs").resolve("staircase.log");
            console.println("Building the reference and compiling the lab's tests: ./mvnw -o -q test-compile -pl "
                    + lab.solutionPath() + " (log: " + workspace.relative(log) + ")");
            Maven.Run run = Maven.run(workspace.root(), List.of("-o", "-q", "test-compile", "-pl", lab.solutionPath()),
                    log, line -> { });
            if (!run.ok()) {
                run.lines().stream().filter(line -> line.startsWith("[ERROR]")).limit(8).forEach(console::println);
                throw new KitException("the reference did not build; the whole output is in " + workspace.relative(log));
            }
            Files.writeString(lab.solutionDir().resolve("target").resolve(STAMP), run.took().toString());
        }
        List<String> args = new ArrayList<>();
        if (step != null) {
            args.addAll(List.of("--step", step.toString()));
        }
        if (shortcut != null) {
            args.addAll(List.of("--shortcut", shortcut));
        }
        // --step alone means only that step; --shortcut alone, only those shortcuts.
        boolean noShortcuts = staircaseOnly || (step != null && shortcut == null);
        boolean noStaircase = shortcutsOnly || (shortcut != null && step == null);
        if (noShortcuts && !noStaircase) {
            args.add("--staircase");
        }
        if (noStaircase && !noShortcuts) {
            args.add("--shortcuts");
        }
        args.add(lab.name());
        // JVMs of their own: the engine installs its system class loader, which only a JVM's start can do; a lab with
        // many shortcuts is split in two, one JVM per core.
        int shards = step != null || shortcut != null || staircaseOnly ? 1
                : EngineProcess.shards(workspace.root(), lab.name(), Math.min(2, Runtime.getRuntime().availableProcessors()));
        Instant started = Instant.now();
        Path claims = shards == 1 ? null : EngineProcess.newClaims(workspace.root(), lab.name());
        try {
            return runShards(workspace, console, lab, args, shards, claims, started);
        } finally {
            if (claims != null) {
                LabSources.deleteTree(claims);
            }
        }
    }

    private static int runShards(Workspace workspace, Console console, Lab lab, List<String> args, int shards, Path claims,
                                 Instant started) throws IOException, InterruptedException {
        List<Process> engines = new ArrayList<>();
        List<Thread> readers = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            List<String> shardArgs = new ArrayList<>(EngineProcess.shardArgs(shard, shards, claims));
            shardArgs.addAll(args);
            Process engine = new ProcessBuilder(EngineProcess.command(System.getProperty("java.class.path"),
                    workspace.root(), shardArgs)).directory(workspace.root().toFile()).redirectErrorStream(true).start();
            engine.getOutputStream().close();
            engines.add(engine);
            Thread reader = new Thread(() -> copyLines(engine, console), "kit-staircase-" + shard);
            reader.start();
            readers.add(reader);
        }
        int exit = 0;
        for (int shard = 0; shard < shards; shard++) {
            exit = Math.max(exit, engines.get(shard).waitFor());
            readers.get(shard).join();
        }
        if (shards == 1) {
            return exit == 0 ? 0 : 1; // the engine printed its findings and summary
        }
        EngineReport report = EngineProcess.collect(workspace.root(), lab.name(), shards, started);
        if (report == null) {
            throw new KitException("a shard of the engine wrote no report (its output is above)");
        }
        console.println(lab.name() + " (" + shards + " JVMs):");
        report.findings().forEach(finding -> console.println("  - " + finding.message()));
        console.println("  " + report.line() + " · " + String.format(Locale.ROOT, "%.1f s", report.millis() / 1000.0));
        return report.findings().isEmpty() ? 0 : 1;
    }

    private static void copyLines(Process engine, Console console) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(engine.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                synchronized (console) {
                    console.println(line);
                }
            }
        } catch (IOException e) {
            synchronized (console) {
                console.println("kit: lost the engine's output: " + e.getMessage());
            }
        }
    }

    /**
     * Whether {@code solutions/NN-x} must be compiled again: this command never built it, a classpath file is missing,
     * or anything the test classes are compiled from (the reference's sources and POMs, the lab's tests) is newer.
     */
    static boolean stale(Path root, Lab lab) throws IOException {
        Path target = lab.solutionDir().resolve("target");
        Path marker = target.resolve(STAMP);
        if (!Files.isRegularFile(marker) || !Files.isRegularFile(target.resolve(LabClasspath.TEST_FILE))
                || !Files.isRegularFile(target.resolve(LabClasspath.COMPILE_FILE))
                || !Files.isDirectory(target.resolve("test-classes"))) {
            return true;
        }
        FileTime built = Files.getLastModifiedTime(marker);
        List<Path> inputs = List.of(root.resolve("pom.xml"), root.resolve("solutions/pom.xml"),
                lab.solutionDir().resolve("pom.xml"), lab.solutionDir().resolve("src"), lab.dir().resolve("src/test"));
        for (Path input : inputs) {
            if (!Files.exists(input)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(input)) {
                if (files.filter(Files::isRegularFile).anyMatch(file -> newer(file, built))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean newer(Path file, FileTime than) {
        try {
            return Files.getLastModifiedTime(file).compareTo(than) > 0;
        } catch (IOException e) {
            return true;
        }
    }
}
