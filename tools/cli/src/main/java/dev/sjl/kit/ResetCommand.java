package dev.sjl.kit;

import dev.sjl.kit.lab.Workspace;
import dev.sjl.kit.model.Lab;
import dev.sjl.kit.model.LabSources;
import dev.sjl.kit.model.MarkerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;

@Command(name = "reset", description = {
        "Start a lab again: your code back to the starter, saved first.",
        "Copies your labs/NN-x/src/main to .kit/backups/NN-x-<timestamp>/, then writes the starter again from the "
                + "reference, as the kit generates it (the same generator the self-test checks the committed starter "
                + "against). Tests, README and hints are not touched."})
final class ResetCommand implements Callable<Integer> {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    @ParentCommand
    private Kit kit;

    @Parameters(paramLabel = "LAB", description = "The lab: 03, 3 or 03-jwt.")
    private String labAddress;

    @Override
    public Integer call() throws IOException {
        Workspace workspace = kit.workspace();
        Console console = kit.console();
        Lab lab = workspace.lab(labAddress);
        String sources = lab.labPath() + "/src/main";
        if (!Files.isRegularFile(lab.solutionDir().resolve("pom.xml"))) {
            throw new KitException("lab " + lab.id() + " has no reference in " + lab.solutionPath()
                    + ": there is no starter to restore");
        }
        LabSources starter;
        try {
            starter = LabSources.read(lab);
            starter.starter();
        } catch (MarkerException e) {
            throw new KitException("cannot generate the starter: " + e.getMessage());
        }
        Path main = lab.dir().resolve("src").resolve("main");
        if (Files.isDirectory(main)) {
            Path backup = workspace.stateDir().resolve("backups")
                    .resolve(lab.name() + "-" + LocalDateTime.now().format(STAMP)).resolve("src").resolve("main");
            copyTree(main, backup);
            LabSources.deleteTree(main);
            console.println("Saved your " + sources + " to " + workspace.relative(backup.getParent().getParent()) + "/");
        }
        starter.writeStarter(lab.dir());
        console.println(sources + " is the starter again.");
        console.println(console.dim("Your hints stay revealed; ./kit hint " + lab.id() + " --reset forgets them."));
        return 0;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
