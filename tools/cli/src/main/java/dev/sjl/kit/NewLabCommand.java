package dev.sjl.kit;

import dev.sjl.kit.lab.LabScaffold;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "new-lab", description = {
        "For lab authors: lay out a new lab and register it everywhere.",
        "Writes the reference (one task region), the generated starter, a first test, README, hints, question bank, "
                + "revision guide and diagram, and adds the lab to labs/, solutions/, the self-test, the handbook and "
                + "the drills' build files. Text to replace says " + LabScaffold.AUTHOR_TODO
                + "; the handbook refuses to publish it."})
final class NewLabCommand implements Callable<Integer> {

    @ParentCommand
    private Kit kit;

    @Parameters(index = "0", paramLabel = "NN-topic", description = "The folder name, e.g. 10-step-functions.")
    private String name;

    @Parameters(index = "1", paramLabel = "TITLE", description = "The lab's title, e.g. \"Step Functions\".")
    private String title;

    @Override
    public Integer call() {
        Console console = kit.console();
        List<String> written = new LabScaffold(kit.workspace().root(), name, title).create();
        written.forEach(path -> console.println("  " + path));
        console.println("Lab " + name + " is laid out and registered. Next: ./mvnw -q install -pl solutions/" + name
                + " && ./mvnw test -pl labs/" + name + " (red: Task 1), then replace every "
                + LabScaffold.AUTHOR_TODO + " and ./kit check " + ".");
        return 0;
    }
}
