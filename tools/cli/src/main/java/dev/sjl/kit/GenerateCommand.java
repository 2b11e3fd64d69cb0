package dev.sjl.kit;

import dev.sjl.kit.lab.Workspace;
import dev.sjl.kit.model.Lab;
import dev.sjl.kit.model.LabSources;
import dev.sjl.kit.model.MarkerException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "generate", description = {
        "For lab authors: write each starter from its reference.",
        "labs/NN-x/src/main and labs/NN-x/pom.xml are generated from solutions/NN-x: the reference marks each task's "
                + "code with // BEGIN TASK N ... // STARTER ... // END TASK N (see CONTRIBUTING.md). "
                + "Edit the reference, then run this; the self-test fails on a starter that differs."})
final class GenerateCommand implements Callable<Integer> {

    @ParentCommand
    private Kit kit;

    @Parameters(paramLabel = "LAB", arity = "0..*", description = "Labs to generate (default: all).")
    private List<String> labAddresses = new ArrayList<>();

    @Option(names = "--check", description = "Change nothing; list the files that differ and exit 1 if any do.")
    private boolean check;

    @Override
    public Integer call() {
        Workspace workspace = kit.workspace();
        Console console = kit.console();
        List<Lab> labs = labAddresses.isEmpty() ? workspace.labs()
                : labAddresses.stream().map(workspace::lab).toList();
        int drift = 0;
        for (Lab lab : labs) {
            LabSources sources;
            try {
                sources = LabSources.read(lab);
                if (check) {
                    List<String> problems = sources.differencesFrom(lab.dir());
                    problems.forEach(console::println);
                    drift += problems.size();
                } else {
                    List<String> written = sources.writeStarter(lab.dir());
                    console.println(lab.name() + ": " + (written.isEmpty() ? "up to date" : String.join(", ", written)));
                }
            } catch (MarkerException e) {
                throw new KitException(e.getMessage());
            }
        }
        if (check && drift == 0) {
            console.println("Every starter is what its reference generates.");
        }
        return drift == 0 ? 0 : 1;
    }
}
