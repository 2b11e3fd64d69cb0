package dev.sjl.kit;

import dev.sjl.kit.build.Maven;
import dev.sjl.kit.engine.EngineProcess;
import dev.sjl.kit.engine.LabClasspath;
import dev.sjl.kit.lab.Workspace;
import dev.sjl.kit.model.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

@Command(name = "watch", description = {
        "Run a lab's tests on every save: the task you are working on first, then the others.",
        "Watches labs/NN-x/src (main and test). On each save it compiles the lab with the JDK's compiler and runs its "
                + "tests in one JVM that stays up between saves, no Maven: the task you are working on (the lowest red "
                + "task of the last run) first, whose summary prints as soon as its tests end, then every other "
                + "task's, and the whole "
                + "summary, as ./mvnw test prints it. Compile errors print as javac prints them, with file and line.",
        "Without LAB: the lab whose sources you changed last. Maven resolves the lab's libraries once (again when a "
                + "POM changes): ./mvnw -q process-test-resources -pl labs/NN-x. Ctrl-C stops it."})
final class WatchCommand implements Callable<Integer> {

    @ParentCommand
    private Kit kit;

    @Parameters(paramLabel = "LAB", arity = "0..1", description = "The lab: 03, 3 or 03-jwt. Default: the lab you "
            + "changed last.")
    private String labName;

    @Option(names = "--benchmark", paramLabel = "SAVES", description = "Time the loop instead of watching: a scratch "
            + "copy of the lab (in its target/) is saved SAVES times, and the save-to-result times are printed.")
    private Integer benchmark;

    @Option(names = "--solved", paramLabel = "1,2", description = "With --benchmark: the copy holds the reference's "
            + "code for these tasks, so the saves land on the next task, as half-way through the lab.")
    private String solved;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Workspace workspace = kit.workspace();
        Console console = kit.console();
        Lab lab;
        if (labName != null) {
            lab = workspace.lab(labName);
        } else {
            lab = lastChanged(workspace).orElseThrow(() -> new KitException("no lab has sources yet: name one, "
                    + "e.g. kit watch 01"));
            console.println("kit watch: " + lab.labPath() + ", the lab you changed last (another: kit watch NN)");
        }
        if (benchmark != null && benchmark < 1) {
            throw new KitException("--benchmark needs at least one save");
        }
        resolve(workspace, lab, console);
        List<String> args = new ArrayList<>();
        if (benchmark != null) {
            args.addAll(List.of("--benchmark", benchmark.toString()));
            if (solved != null) {
                args.addAll(List.of("--solved", solved));
            }
        }
        args.add(lab.name());
        List<String> command = EngineProcess.watchCommand(System.getProperty("java.class.path"), workspace.root(),
                lab.name(), args);
        Process watch = new ProcessBuilder(command).directory(workspace.root().toFile()).inheritIO().start();
        // Ctrl-C reaches both JVMs (one process group); whatever ends this one ends the watch too.
        Thread stop = new Thread(() -> {
            watch.destroy();
            try {
                if (!watch.waitFor(5, TimeUnit.SECONDS)) {
                    watch.destroyForcibly();
                }
            } catch (InterruptedException e) {
                watch.destroyForcibly();
            }
        }, "kit-watch-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        int exit = watch.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the JVM is on its way out and the hook has stopped the watch
        }
        return exit;
    }

    /**
     * The lab whose {@code src} holds the most recently modified file: the one the learner works on. A lab whose
     * sources were never touched since checkout ties with the others; the lowest number wins then.
     */
    static Optional<Lab> lastChanged(Workspace workspace) {
        Lab best = null;
        FileTime newest = null;
        for (Lab lab : workspace.labs()) {
            Optional<FileTime> time = newestUnder(lab.dir().resolve("src"));
            if (time.isPresent() && (newest == null || time.get().compareTo(newest) > 0)) {
                newest = time.get();
                best = lab;
            }
        }
        return Optional.ofNullable(best);
    }

    private static Optional<FileTime> newestUnder(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(WatchCommand::modified).max(Comparator.naturalOrder());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    /** Lets Maven write the lab's classpath files when they are missing or older than a POM they come from. */
    private static void resolve(Workspace workspace, Lab lab, Console console) throws IOException {
        if (!needsResolving(workspace.root(), lab)) {
            return;
        }
        Path log = workspace.stateDir().resolve("logs").resolve("watch.log");
        console.println("kit watch: resolving the lab's libraries once: ./mvnw -q process-test-resources -pl "
                + lab.labPath() + " (log: " + workspace.relative(log) + ")");
        Maven.Run run = Maven.run(workspace.root(), List.of("-o", "-q", "process-test-resources", "-pl", lab.labPath()),
                log, line -> { });
        if (!run.ok()) {
            // Offline failed: something is not downloaded yet.
            run = Maven.run(workspace.root(), List.of("-q", "process-test-resources", "-pl", lab.labPath()), log,
                    line -> { });
        }
        if (!run.ok()) {
            run.lines().stream().filter(line -> line.startsWith("[ERROR]")).limit(8).forEach(console::println);
            throw new KitException("Maven could not resolve " + lab.labPath() + "; the whole output is in "
                    + workspace.relative(log));
        }
    }

    static boolean needsResolving(Path root, Lab lab) throws IOException {
        Path target = lab.dir().resolve("target");
        FileTime oldest = null;
        for (String file : List.of(LabClasspath.COMPILE_FILE, LabClasspath.TEST_FILE)) {
            Path path = target.resolve(file);
            if (!Files.isRegularFile(path)) {
                return true;
            }
            FileTime time = Files.getLastModifiedTime(path);
            oldest = oldest == null || time.compareTo(oldest) < 0 ? time : oldest;
        }
        for (Path pom : List.of(root.resolve("pom.xml"), root.resolve("labs/pom.xml"), lab.dir().resolve("pom.xml"))) {
            if (Files.isRegularFile(pom) && Files.getLastModifiedTime(pom).compareTo(oldest) > 0) {
                return true;
            }
        }
        return false;
    }
}
