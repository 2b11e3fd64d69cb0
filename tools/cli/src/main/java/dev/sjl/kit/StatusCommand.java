package dev.sjl.kit;

import dev.sjl.kit.build.BuildLog;
import dev.sjl.kit.build.Maven;
import dev.sjl.kit.junit.LabResults.TestResult;
import dev.sjl.kit.lab.LabProgress;
import dev.sjl.kit.lab.Poms;
import dev.sjl.kit.lab.Workspace;
import dev.sjl.kit.model.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "status", description = {
        "Every lab at a glance: tasks passed, state and what to do next.",
        "Per lab: title and estimated time (from its README), tasks passed, state (not started, red, green) and the "
                + "next thing to do.",
        "Reads each lab's last test run (labs/NN-x/target/lab-results.json): run a lab's tests with "
                + "./mvnw test -pl labs/NN-x, or use --run."})
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    private Kit kit;

    @Option(names = "--run", description = "Run the labs' tests first (a red lab does not stop the others), then show the table.")
    private boolean run;

    @Parameters(paramLabel = "LAB", arity = "0..*", description = "Only these labs (03, 3 or 03-jwt). Default: all.")
    private List<String> only = new ArrayList<>();

    @Override
    public Integer call() {
        Workspace workspace = kit.workspace();
        Console console = kit.console();
        List<Lab> labs = only.isEmpty() ? workspace.labs() : only.stream().map(workspace::lab).distinct().toList();
        if (labs.isEmpty()) {
            throw new KitException("there are no labs yet: labs/ has no folder with a pom.xml");
        }
        int exit = run ? runTests(workspace, console, labs) : 0;
        List<LabProgress> progress = labs.stream().map(LabProgress::of).toList();
        List<List<String>> rows = progress.stream().map(p -> row(p, console)).toList();
        console.table(List.of("Lab", "Title", "Time", "Tasks", "State", "Next"), rows);
        long green = progress.stream().filter(p -> p.state() == LabProgress.State.GREEN).count();
        long tasksDone = progress.stream().mapToLong(LabProgress::tasksPassed).sum();
        int tasks = progress.stream().mapToInt(p -> p.tasks().size()).sum();
        console.println("");
        console.println(green + " of " + Console.count(labs.size(), "lab") + " green, " + tasksDone + " of "
                + Console.count(tasks, "task") + " done." + (run ? "" : " Fresh results: ./kit status --run"));
        return exit;
    }

    private static List<String> row(LabProgress p, Console console) {
        Lab lab = p.lab();
        String time = p.readme() == null || p.readme().minutes() == null ? "-" : p.readme().minutes() + " min";
        String state = switch (p.state()) {
            case NOT_STARTED -> console.dim(p.state().label());
            case RED -> console.red(p.state().label());
            case GREEN -> console.green(p.state().label());
        };
        return List.of(lab.id(), p.title(), time, p.tasksPassed() + "/" + p.tasks().size(), state, next(p));
    }

    /** The one thing to do next, as a command the learner can copy. */
    static String next(LabProgress p) {
        Lab lab = p.lab();
        if (p.state() == LabProgress.State.NOT_STARTED) {
            return "read " + lab.labPath() + "/README.md, then ./mvnw test -pl " + lab.labPath();
        }
        if (p.stale()) {
            return "code changed since the last run: ./mvnw test -pl " + lab.labPath();
        }
        List<TestResult> broken = p.results().broken() == null ? List.of() : p.results().broken();
        if (!broken.isEmpty()) {
            return broken.get(0).name() + " could not run: see ./mvnw test -pl " + lab.labPath();
        }
        if (p.state() == LabProgress.State.GREEN) {
            return "done";
        }
        return p.nextTask()
                .map(task -> task.tests() == 0
                        ? "Task " + task.number() + " was not in the last run (filtered?): ./mvnw test -pl " + lab.labPath()
                        : "Task " + task.number() + ": " + task.title() + " (stuck? ./kit hint " + lab.id() + ")")
                .orElse("./mvnw test -pl " + lab.labPath());
    }

    /**
     * Runs the chosen labs' tests in one Maven build. The selftest profile keeps a red lab from failing the build, so
     * every lab gets its run; -am builds the references a later lab depends on.
     */
    private static int runTests(Workspace workspace, Console console, List<Lab> labs) {
        String modules = labs.stream().map(Lab::labPath).collect(Collectors.joining(","));
        var log = workspace.stateDir().resolve("logs").resolve("status-run.log");
        console.println("Running the tests of " + Console.count(labs.size(), "lab") + " (log: "
                + workspace.relative(log) + ") ...");
        Maven.Run result = Maven.run(workspace.root(),
                List.of("-Pselftest", "test", "--fail-at-end", "-am", "-pl", modules), log, Progress.to(console));
        Progress.done(console);
        if (result.ok()) {
            return 0;
        }
        Map<String, String> paths = Poms.modulePaths(workspace.root());
        List<BuildLog.Problem> problems = result.parsed().problems(paths, workspace.root());
        for (BuildLog.Problem problem : problems) {
            console.println(console.red(problem.path() + ": " + forLearner(problem)));
            problem.details().forEach(detail -> console.println("    " + detail));
        }
        if (problems.isEmpty()) {
            console.println(console.red("The build failed; see " + workspace.relative(log)));
        }
        console.println("");
        return 1;
    }

    private static String forLearner(BuildLog.Problem problem) {
        boolean yours = problem.path().startsWith("labs/");
        return switch (problem.kind()) {
            case COMPILE -> yours ? "your code does not compile" : problem.sentence();
            case TEST_COMPILE -> yours ? "the tests do not compile against your code (did a public signature change?)"
                    : problem.sentence();
            default -> problem.sentence();
        };
    }
}
