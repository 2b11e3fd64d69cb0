package dev.sjl.kit;

import dev.sjl.kit.build.BuildLog;
import dev.sjl.kit.build.Maven;
import dev.sjl.kit.build.MutationReport;
import dev.sjl.kit.lab.Poms;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "mutation", description = {
        "How many planted bugs each lab's tests catch (PIT mutation score).",
        "Runs ./mvnw -Pmutation verify -pl solutions/NN-x: PIT plants small bugs in the reference and reruns the "
                + "lab's tests; the score is the share of bugs they catch.",
        "Prints each lab's score against the threshold in solutions/pom.xml. The references a lab depends on must be "
                + "installed (./kit check does that).",
        "kit check runs the same mutation testing as part of the self-test (unless --no-mutation); this command is "
                + "for one lab at a time, with the mutants that survived."})
final class MutationCommand implements Callable<Integer> {

    @ParentCommand
    private Kit kit;

    @Parameters(paramLabel = "LAB", arity = "0..*", description = "Only these labs (03, 3 or 03-jwt). Default: all.")
    private List<String> only = new ArrayList<>();

    @Option(names = "--survivors", description = "List every mutant the tests did not catch (default: the first 5 of a lab below the threshold).")
    private boolean allSurvivors;

    @Override
    public Integer call() throws IOException {
        Workspace workspace = kit.workspace();
        Console console = kit.console();
        List<Lab> labs = (only.isEmpty() ? workspace.labs() : only.stream().map(workspace::lab).distinct().toList())
                .stream().filter(lab -> Files.isRegularFile(lab.solutionDir().resolve("pom.xml"))).toList();
        if (labs.isEmpty()) {
            throw new KitException("no lab with a reference to mutate");
        }
        int threshold = MutationReport.threshold(workspace.root().resolve("solutions/pom.xml"));
        Path log = workspace.stateDir().resolve("logs").resolve("mutation.log");
        console.println("Mutation testing " + Console.count(labs.size(), "reference") + " (log: " + workspace.relative(log)
                + "); this takes minutes ...");
        Instant started = Instant.now();
        String modules = labs.stream().map(Lab::solutionPath).collect(Collectors.joining(","));
        Maven.Run run = Maven.run(workspace.root(), List.of("-Pmutation", "verify", "--fail-at-end", "-pl", modules),
                log, Progress.to(console));
        Progress.done(console);
        BuildLog build = run.parsed();
        Map<String, String> paths = Poms.modulePaths(workspace.root());
        List<BuildLog.Problem> problems = build.problems(paths, workspace.root());
        int width = labs.stream().mapToInt(lab -> lab.name().length()).max().orElse(0);
        int belowOrMissing = 0;
        for (Lab lab : labs) {
            String name = String.format("%-" + width + "s", lab.name());
            Optional<MutationReport> report = report(lab, started);
            String took = build.summary().stream()
                    .filter(m -> lab.solutionPath().equals(m.path(paths)) && m.duration() != null)
                    .map(m -> " in " + m.duration()).findFirst().orElse("");
            if (report.isEmpty()) {
                belowOrMissing++;
                String why = problems.stream().filter(p -> p.path().equals(lab.solutionPath()))
                        .map(BuildLog.Problem::sentence).findFirst()
                        .orElse("PIT wrote no report (see the log)");
                console.println("  " + name + "  " + console.red("  -  ") + "  " + why);
                continue;
            }
            MutationReport r = report.get();
            boolean ok = r.score() >= threshold;
            if (!ok) {
                belowOrMissing++;
            }
            String score = String.format("%3d%%", r.score());
            console.println("  " + name + "  " + (ok ? console.green(score) : console.red(score)) + "  " + r.detected()
                    + " of " + r.total() + " mutants caught" + took + (ok ? "" : ", below the threshold of " + threshold + "%"));
            List<String> survivors = allSurvivors ? r.survivors() : ok ? List.of() : r.survivors().stream().limit(5).toList();
            survivors.forEach(s -> console.println("  " + " ".repeat(width) + "        survived: " + s));
        }
        console.println("Threshold " + threshold + "% (solutions/pom.xml). Took " + run.took().toSeconds() + " s in all.");
        return belowOrMissing == 0 && run.ok() ? 0 : 1;
    }

    /** This run's report: one older than the run would be last week's score. */
    private static Optional<MutationReport> report(Lab lab, Instant started) {
        Path xml = lab.solutionDir().resolve("target/pit-reports/mutations.xml");
        try {
            if (!Files.isRegularFile(xml) || Files.getLastModifiedTime(xml).compareTo(FileTime.from(started)) < 0) {
                return Optional.empty();
            }
            return Optional.of(MutationReport.read(xml));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
