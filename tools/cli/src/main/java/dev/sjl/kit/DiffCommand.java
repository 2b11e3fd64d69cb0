package dev.sjl.kit;

import dev.sjl.kit.build.Processes;
import dev.sjl.kit.lab.Workspace;
import dev.sjl.kit.model.Lab;
import dev.sjl.kit.model.LabSources;
import dev.sjl.kit.model.MarkerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "diff", description = {
        "Your code against the reference (a spoiler).",
        "A unified diff of labs/NN-x/src/main (yours/) and the reference's code (reference/) as the handbook shows it, "
                + "without the task markers: lines with + are the reference's.",
        "A spoiler by design: try ./kit hint first."})
final class DiffCommand implements Callable<Integer> {

    @ParentCommand
    private Kit kit;

    @Parameters(paramLabel = "LAB", description = "The lab: 03, 3 or 03-jwt.")
    private String labAddress;

    @Option(names = "--stat", description = "Only list the files that differ and how much.")
    private boolean stat;

    @Override
    public Integer call() throws IOException {
        Workspace workspace = kit.workspace();
        Lab lab = workspace.lab(labAddress);
        String mine = lab.labPath() + "/src/main";
        if (!Files.isDirectory(lab.solutionDir().resolve("src").resolve("main"))) {
            throw new KitException("lab " + lab.id() + " has no reference code: " + lab.solutionPath()
                    + "/src/main does not exist");
        }
        // The reference without its task markers, written where git diff can read it under a name that says what it is.
        Path written = workspace.stateDir().resolve("reference").resolve(lab.name());
        LabSources.deleteTree(written);
        try {
            LabSources.writeTree(LabSources.read(lab).referenceWithoutMarkers(), written);
        } catch (MarkerException e) {
            throw new KitException("cannot read the reference: " + e.getMessage());
        }
        String reference = workspace.relative(written) + "/src/main";
        if (!Files.isDirectory(workspace.root().resolve(mine))) {
            throw new KitException(mine + " does not exist: ./kit reset " + lab.id() + " brings the starter back");
        }
        // Relative paths from the root, so the diff headers read yours/labs/... and reference/solutions/...
        List<String> command = new ArrayList<>(List.of("git", "diff", "--no-index", "--src-prefix=yours/",
                "--dst-prefix=reference/"));
        if (stat) {
            command.add("--stat");
        }
        command.addAll(List.of("--", mine, reference));
        int exit = Processes.inherit(workspace.root(), command);
        if (exit == 0) {
            kit.console().println("No differences: your " + mine + " is the reference.");
        } else if (exit != 1) {
            throw new KitException("git diff failed (exit " + exit + ")");
        }
        return 0;
    }
}
