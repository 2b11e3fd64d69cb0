package dev.sjl.kit;

import dev.sjl.kit.build.Git;
import dev.sjl.kit.build.Maven;
import dev.sjl.kit.build.Processes;
import dev.sjl.kit.lab.Poms;
import dev.sjl.kit.lab.Workspace;
import dev.sjl.kit.model.LabSources;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

@Command(name = "check", description = {
        "The kit's self-test, what CI runs: is every lab honest?",
        "Runs ./mvnw -B -Pselftest install --fail-at-end -T 1C (the handbook as HTML; its PDF is built by ./mvnw -pl "
                + "docs -am package), then prints one line per lab and the time of each phase.",
        "A lab passes when its reference passes every test; its starter is red for the right reason (a Task N: TODO "
                + "or a wrong value, never an error or a timeout) and never green; both run the same tests; every test "
                + "has a task:N tag that hints.md names; and README.md, hints.md (3+ hints a task) and the reference "
                + "exist; and PIT's mutation score of the reference reaches the threshold set in the solutions "
                + "POM (the tests catch planted bugs). tools/check runs these rules as JUnit tests; a build that breaks before "
                + "it is explained per module (\"labs/03-jwt: the starter does not compile\").",
        "tools/check also runs the lab engine on every lab (kit staircase does it for one): each task's tests red for "
                + "that task on the staircase, every shortcut in solutions/NN-x/shortcuts caught by a message that names it; "
                + "and, beside it, PIT on the task regions of each reference (the learner's code).",
        "When labs/ differs from the pristine ref (you have been solving labs), it checks a clean copy of the pristine "
                + "ref in a temporary folder, so the starters are checked as shipped and your work is not touched."},
        footer = {"", Git.PRISTINE_HELP, Git.PRISTINE_COMMAND, Git.PRISTINE_NOTE, "The full Maven output is kept in .kit/logs/check.log."})
final class CheckCommand implements Callable<Integer> {

    @ParentCommand
    private Kit kit;

    @Parameters(paramLabel = "LAB", arity = "0..*", description = "Only these labs (03, 3 or 03-jwt): their starter, "
            + "reference, mutation score, staircase and shortcuts, against the kit's other modules as the last full "
            + "./kit check installed them. The handbook is not rebuilt. The lab engine and PIT start in a second Maven "
            + "(log: .kit/logs/check-self-test.log) once the references have compiled, beside their tests. Default: "
            + "everything, as CI runs it.")
    private List<String> labAddresses = new ArrayList<>();

    @Option(names = "--in-place", description = "Check the working tree as it is, even when labs/ has changes "
            + "(for kit authors checking uncommitted work). Needs no git.")
    private boolean inPlace;

    @Option(names = {"-v", "--verbose"}, description = "Print Maven's output as it runs.")
    private boolean verbose;

    @Option(names = "--no-mutation", description = "Skip mutation testing (PIT): a quicker check, not the full one CI runs.")
    private boolean noMutation;

    @Option(names = "--no-e2e", description = "Skip the end-to-end run (capstone/e2e/run.sh: ./kit run, newman and "
            + "the web client in headless Chromium), which a full check runs after the build; it needs kit run's ports free.")
    private boolean noEndToEnd;

    @Option(names = "--keep", description = "Keep the temporary copy of the pristine tree (its path is printed).")
    private boolean keep;

    @Option(names = "--no-build", description = "Only judge the results already in the working tree, without Maven: "
            + "quick for a lab author after ./mvnw -Pselftest test -pl labs/NN-x,solutions/NN-x.")
    private boolean noBuild;

    @Override
    public Integer call() throws IOException {
        Workspace workspace = kit.workspace();
        Console console = kit.console();
        Path tree = workspace.root();
        Path copy = null;
        List<String> labs = labAddresses.stream().map(address -> workspace.lab(address).name()).distinct().toList();
        Set<String> only = Set.copyOf(labs);
        if (noBuild) {
            console.println("Judging the results already in the working tree (--no-build).");
            return new CheckReport(console, tree, "(no build)", only).print(null, null);
        }
        if (inPlace) {
            console.println("Checking the working tree as it is (--in-place).");
        } else {
            Git git = new Git(workspace.root());
            Git.Ref pristine = git.pristine("kit check");
            if (git.differs(pristine, "labs")) {
                copy = Files.createTempDirectory("kit-check-");
                git.archive(pristine, copy);
                tree = copy;
                console.println("labs/ has changes against the pristine ref " + pristine + ": checking a clean copy of it in "
                        + copy + " (your work is not touched; --in-place checks the working tree instead).");
            } else {
                console.println("Checking the working tree: labs/ is as in the pristine ref " + pristine + ".");
            }
        }
        try {
            Path log = workspace.stateDir().resolve("logs").resolve("check.log");
            Instant since = Instant.now();
            // Mutation testing runs in tools/check, beside the lab engine (-Dkit.mutation, on under -Pselftest), not
            // in the references' own builds: the reactor no longer waits for it lab after lab.
            // -T 1C: one module per core at a time. Alone, the reactor kept a 2-core machine at a load of about 1 (a
            // module's compile and its test JVM waiting on emulators), and the self-test (tools/check) waited for
            // capstone, docs, functions and deploy, which it does not depend on.
            // The handbook's HTML is built and checked; its PDF, the same sources in another backend and about a
            // third of the handbook's time, is built where it is published (./mvnw -pl docs -am package).
            List<String> common = new ArrayList<>(List.of("-Pselftest", "-Dkit.checkSince=" + since,
                    "-Dhandbook.skipPdf=true"));
            if (noMutation) {
                common.add("-Dkit.mutation=false");
            }
            Consumer<String> onLine = verbose ? console::println : Progress.to(console);
            Maven.Run run;
            Duration selfTestBeside = null;
            if (labs.isEmpty()) {
                List<String> arguments = new ArrayList<>(common);
                arguments.addAll(1, List.of("install", "--fail-at-end", "-T", "1C"));
                console.println("Building and testing everything: ./mvnw -B " + String.join(" ", arguments.subList(0, 5))
                        + " (log: " + workspace.relative(log) + ")");
                run = Maven.run(tree, arguments, log, onLine);
            } else {
                // The lab in one Maven and the self-test's jobs in a second, once the references have compiled: their
                // own tests then run beside the engine and PIT (LabCheckBuild).
                console.println("Building and testing " + String.join(", ", labs) + ": ./mvnw -B -Pselftest install "
                        + "-pl labs/…,solutions/…, and tools/check's lab engine and PIT beside it once the reference has "
                        + "compiled (logs: " + workspace.relative(log) + ", " + workspace.relative(log.resolveSibling(
                        LabCheckBuild.SELF_TEST_LOG)) + ")");
                LabCheckBuild.Result result = LabCheckBuild.run(Maven::run, tree, common, labs,
                        Poms.modulePaths(tree).getOrDefault("kit-check", "tools/check"), log, onLine);
                run = result.run();
                selfTestBeside = result.selfTest();
            }
            Progress.done(console);
            String logs = workspace.relative(log) + (labs.isEmpty() ? ""
                    : " and " + workspace.relative(log.resolveSibling(LabCheckBuild.SELF_TEST_LOG)));
            int status = new CheckReport(console, tree, logs, only).mutation(!noMutation)
                    .selfTestBeside(selfTestBeside).print(run, since);
            if (labs.isEmpty() && !noEndToEnd) {
                status = Math.max(status, endToEnd(console, workspace, tree, status == 0));
            }
            return status;
        } finally {
            if (copy != null && !keep) {
                LabSources.deleteTree(copy);
            } else if (copy != null) {
                console.println("Kept the checked copy: " + copy);
            }
        }
    }

    /**
     * The product's main job, run as a user would: {@code ./kit run}, the Postman collection with newman, the web client
     * in headless Chromium, then Ctrl-C's path with a check that no process is left. After the build, because it runs
     * the service the build just installed, and alone, because its browser steps wait on real time.
     */
    private static int endToEnd(Console console, Workspace workspace, Path tree, boolean built) throws IOException {
        Path script = tree.resolve("capstone/e2e/run.sh");
        if (!built) {
            console.println("End to end (capstone/e2e/run.sh): not run, because the build failed.");
            return 1;
        }
        Path log = workspace.stateDir().resolve("logs").resolve("e2e.log");
        Files.createDirectories(log.getParent());
        console.println("End to end: ./kit run, newman, the web client in Chromium (capstone/e2e/run.sh; log: "
                + workspace.relative(log) + ") ...");
        long started = System.nanoTime();
        int exit = Processes.toFile(tree, List.of("bash", script.toString(), "all"), log);
        long seconds = (System.nanoTime() - started) / 1_000_000_000L;
        List<String> lines = Files.readAllLines(log);
        if (exit == 0) {
            lines.stream().filter(line -> line.startsWith("User service ready") || line.startsWith("Browser test passed")
                    || line.startsWith("Service stopped")
                    || line.contains("assertions")).forEach(line ->
                    console.println("  " + line.strip()));
            console.println(console.green("End to end passed") + " in " + seconds + " s.");
            return 0;
        }
        console.println(console.red("End to end FAILED") + " (exit " + exit + ", " + seconds + " s); the end of "
                + workspace.relative(log) + ":");
        lines.stream().skip(Math.max(0, lines.size() - 25)).forEach(line -> console.println("  " + line));
        return 1;
    }
}
