package dev.sjl.kit;

import dev.sjl.kit.build.BuildLog;
import dev.sjl.kit.build.Maven;
import dev.sjl.kit.build.MutationReport;
import dev.sjl.kit.build.PhaseTimes;
import dev.sjl.kit.check.Finding;
import dev.sjl.kit.check.LabEvidence;
import dev.sjl.kit.check.LabRules;
import dev.sjl.kit.check.Rule;
import dev.sjl.kit.check.SelfTest;
import dev.sjl.kit.engine.EngineReport;
import dev.sjl.kit.engine.MutationRun;
import dev.sjl.kit.junit.FailureReason;
import dev.sjl.kit.junit.LabResults.TestResult;
import dev.sjl.kit.lab.Poms;
import dev.sjl.kit.model.Lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What {@code kit check} prints after the build: one line per lab (with the reasons under a failing one), then any
 * other module that broke, then a closing "N passed, N failed" line that CI logs can be scanned for.
 */
final class CheckReport {

    private static final String KIT_CHECK = "kit-check";

    private final Console console;
    private final Path tree;
    private final String logShown;
    private final Set<String> only;
    private boolean mutation;
    private Duration selfTestBeside;

    CheckReport(Console console, Path tree, String logShown) {
        this(console, tree, logShown, Set.of());
    }

    /** A report on the named labs only (empty: every lab), as {@code kit check 03} built them. */
    CheckReport(Console console, Path tree, String logShown, Set<String> only) {
        this.console = console;
        this.tree = tree;
        this.logShown = logShown;
        this.only = only;
    }

    /** How long the self-test took in a Maven of its own beside the lab's ({@code kit check NN}), or null. */
    CheckReport selfTestBeside(Duration took) {
        this.selfTestBeside = took;
        return this;
    }

    /** Whether this build ran mutation testing (then each lab needs a score that reaches the threshold). */
    CheckReport mutation(boolean ran) {
        this.mutation = ran;
        return this;
    }

    /**
     * Prints the report; returns the exit code (0 only when the build passed and no lab broke a rule).
     *
     * @param run   the build, or null to judge the results already in the tree
     * @param since when the build started (older results are leftovers), or null
     */
    int print(Maven.Run run, Instant since) {
        BuildLog build = BuildLog.parse(run == null ? List.of() : run.lines());
        boolean built = run == null || run.ok();
        Map<String, String> paths = Poms.modulePaths(tree);
        String selfTestModule = paths.getOrDefault(KIT_CHECK, KIT_CHECK);
        List<BuildLog.Problem> problems = build.problems(paths, tree, since);
        Set<String> skipped = Set.copyOf(build.skipped().stream().map(id -> paths.getOrDefault(id, id)).toList());
        SelfTest selfTest = SelfTest.read(tree, since, only);

        console.println("");
        console.println(console.bold("Self-test, " + Console.count(selfTest.labs().size(), "lab")
                + (run == null ? "" : " (built in " + run.took().toSeconds() + " s)") + ":"));
        int width = selfTest.labs().stream().mapToInt(lab -> lab.lab().length()).max().orElse(0);
        int passed = 0;
        int failed = 0;
        List<String> labModules = new ArrayList<>();
        for (LabEvidence lab : selfTest.labs()) {
            String starter = "labs/" + lab.lab();
            String reference = "solutions/" + lab.lab();
            labModules.add(starter);
            labModules.add(reference);
            List<String> reasons = new ArrayList<>();
            for (BuildLog.Problem problem : problems) {
                if (problem.path().equals(starter) || problem.path().equals(reference)) {
                    reasons.add(problem.path() + ": " + problem.sentence());
                    if (problem.kind() != BuildLog.Kind.TESTS) { // the rules below name the failed tests
                        problem.details().forEach(detail -> reasons.add("    " + detail));
                    }
                }
            }
            for (String module : List.of(starter, reference)) {
                if (skipped.contains(module)) {
                    reasons.add(module + ": not built, because a module it depends on failed");
                }
            }
            for (Finding finding : LabRules.check(lab)) {
                if (!explainedByBuild(finding, lab, problems, skipped)) {
                    reasons.add(finding.message());
                }
            }
            EngineReport engine = engineReport(lab.lab(), since);
            if (engine != null) {
                engine.findings().forEach(finding -> reasons.add(finding.message()));
            }
            if (mutation && run != null && reasons.isEmpty()) {
                String problem = mutationProblem(lab, since);
                if (problem != null) {
                    reasons.add(problem);
                }
            }
            String name = String.format("%-" + width + "s", lab.lab());
            if (reasons.isEmpty()) {
                passed++;
                console.println("  " + name + "  " + console.green("ok  ") + "  " + summary(lab, since, build, paths)
                        + (engine == null ? "" : " · " + engine.line()));
            } else {
                failed++;
                console.println("  " + name + "  " + console.red("FAIL") + "  " + reasons.get(0).strip());
                reasons.stream().skip(1).forEach(reason -> console.println("  " + " ".repeat(width) + "        "
                        + reason));
            }
        }
        List<String> other = new ArrayList<>(selfTest.treeProblems());
        for (BuildLog.Problem problem : problems) {
            if (!labModules.contains(problem.path())) {
                boolean explainedAbove = problem.path().equals(selfTestModule) && failed > 0;
                other.add(problem.path() + ": " + problem.sentence() + (explainedAbove ? " (the lab problems above)" : ""));
                if (!explainedAbove) {
                    problem.details().forEach(detail -> other.add("    " + detail));
                }
            }
        }
        if (!built && problems.isEmpty() && other.isEmpty()) {
            other.add("the build failed and its output names no module: read " + logShown);
        }
        failed += (int) other.stream().filter(line -> !line.startsWith("    ")).count();
        List<String> otherSkipped = skipped.stream().filter(path -> !labModules.contains(path)).sorted().toList();
        if (!other.isEmpty() || !otherSkipped.isEmpty()) {
            console.println(console.bold("Other modules:"));
            other.forEach(line -> console.println("  " + (line.startsWith("    ") ? line : console.red(line))));
            if (!otherSkipped.isEmpty()) {
                console.println("  not built, because a module they depend on failed: " + String.join(", ", otherSkipped));
            }
        }
        if (run != null) {
            printPhases(selfTest, run, build, paths, since);
        }
        console.println("");
        boolean green = built && failed == 0;
        console.println(green ? console.green("Self-test passed: every lab is honest.")
                : console.red("Self-test FAILED.") + (run == null ? "" : " Full Maven output: " + logShown));
        console.println("check: " + passed + " passed, " + failed + " failed");
        return green ? 0 : 1;
    }

    /** The wall time of each phase of the build, and of the self-test's jobs, summed over labs. */
    private void printPhases(SelfTest selfTest, Maven.Run run, BuildLog build, Map<String, String> paths, Instant since) {
        List<Long> engine = new ArrayList<>();
        List<Long> pit = new ArrayList<>();
        for (LabEvidence lab : selfTest.labs()) {
            EngineReport report = engineReport(lab.lab(), since);
            engine.add(report == null ? -1 : report.millis());
            pit.add(freshMutationReport(lab, since) == null ? -1 : MutationRun.recordedMillis(tree, lab.lab()));
        }
        PhaseTimes times = PhaseTimes.of(build.summary(), paths);
        if (selfTestBeside != null) {
            times.module(paths.getOrDefault(KIT_CHECK, "tools/check"), selfTestBeside.toMillis());
        }
        times.job("lab engine", engine).job("mutation", pit);
        if (times.rows().isEmpty()) {
            return;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        console.println(console.bold("Time by phase") + " (min:s, each phase's modules summed: the build runs " + cores
                + " modules at a time and the self-test " + Math.min(2, cores) + " jobs, so only the whole run is wall clock):");
        times.table(run.took().toMillis()).forEach(console::println);
    }

    /** PIT's report of this build on the lab's reference, or null. */
    private Path freshMutationReport(LabEvidence lab, Instant since) {
        Path xml = MutationRun.reportDir(tree, lab.lab()).resolve("mutations.xml");
        try {
            if (!Files.isRegularFile(xml) || (since != null && Files.getLastModifiedTime(xml).toInstant().isBefore(since))) {
                return null;
            }
            return xml;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Why the lab's mutation testing does not pass, or null: no report from this build, or a score below threshold. */
    private String mutationProblem(LabEvidence lab, Instant since) {
        Path xml = freshMutationReport(lab, since);
        String log = "solutions/" + lab.lab() + "/target/kit-mutation.log";
        if (xml == null) {
            return "no mutation report from this build (PIT on the reference's task code): see " + log;
        }
        try {
            MutationReport report = MutationReport.read(xml);
            int threshold = MutationReport.threshold(tree.resolve("solutions/pom.xml"));
            if (report.score() >= threshold) {
                return null;
            }
            return "mutation score " + report.score() + "% is below the threshold of " + threshold + "% (solutions/pom.xml): "
                    + (report.total() - report.detected()) + " of " + report.total() + " mutants of the task code survived, "
                    + "e.g. " + report.survivors().stream().limit(3).collect(Collectors.joining("; "));
        } catch (Exception e) {
            return "cannot read the mutation report " + workspaceRelative(xml) + ": " + e.getMessage();
        }
    }

    private String workspaceRelative(Path path) {
        return tree.relativize(path).toString();
    }

    /**
     * The lab engine's report ({@code solutions/NN-x/target/kit-engine.json}, which tools/check writes), or null when
     * there is none from this build.
     */
    private EngineReport engineReport(String lab, Instant since) {
        Path file = Lab.in(tree, lab).solutionDir().resolve(EngineReport.FILE);
        try {
            if (!Files.isRegularFile(file)) {
                return null;
            }
            EngineReport report = EngineReport.read(file);
            return since != null && Instant.parse(report.finished()).isBefore(since) ? null : report;
        } catch (Exception e) {
            return null;
        }
    }

    /** A missing result is no news when the build already said why (it did not compile, or was skipped). */
    private static boolean explainedByBuild(Finding finding, LabEvidence lab, List<BuildLog.Problem> problems,
                                            Set<String> skipped) {
        if (finding.rule() != Rule.RESULTS) {
            return false;
        }
        boolean starterSide = finding.message().startsWith("no starter");
        boolean referenceSide = finding.message().startsWith("no reference");
        String module = starterSide ? "labs/" + lab.lab() : referenceSide ? "solutions/" + lab.lab() : null;
        return module != null && (skipped.contains(module)
                || problems.stream().anyMatch(p -> p.path().equals(module) && p.kind() != BuildLog.Kind.TESTS));
    }

    /** "14 tests, 4 tasks · starter red (12 TODO, 2 wrong value) · reference green · mutation 91%" */
    private String summary(LabEvidence lab, Instant since, BuildLog build, Map<String, String> paths) {
        List<TestResult> tests = lab.reference().results().tests();
        List<TestResult> starter = lab.starter().results().tests();
        long todo = starter.stream().filter(t -> t.reason() == FailureReason.TODO).count();
        long wrong = starter.stream().filter(t -> t.reason() == FailureReason.ASSERTION).count();
        String reasons = List.of(todo > 0 ? todo + " TODO" : "", wrong > 0 ? wrong + " wrong value" : "").stream()
                .filter(s -> !s.isEmpty()).collect(Collectors.joining(", "));
        int tasks = lab.hints() == null ? 0 : lab.hints().tasks().size();
        return Console.count(tests.size(), "test") + ", " + Console.count(tasks, "task") + " · starter red (" + reasons
                + ") · reference green" + mutationScore(lab, since, build, paths);
    }

    /**
     * " · mutation 91% (2 minutes and 3 seconds)" when PIT ran on the reference in this build; the build itself
     * enforces the threshold.
     */
    private String mutationScore(LabEvidence lab, Instant since, BuildLog build, Map<String, String> paths) {
        Path xml = since == null ? null : freshMutationReport(lab, since);
        try {
            if (xml == null) {
                return "";
            }
            long millis = MutationRun.recordedMillis(tree, lab.lab());
            // PIT in tools/check records its time; PIT in a reference's own build (-Pmutation) prints it.
            String took = millis >= 0 ? " (" + Math.round(millis / 1000.0) + " s)" : paths.entrySet().stream()
                    .filter(e -> e.getValue().equals("solutions/" + lab.lab()))
                    .flatMap(e -> build.mutationTime(e.getKey()).stream())
                    .findFirst().map(t -> " (" + t + ")").orElse("");
            return " · mutation " + MutationReport.read(xml).score() + "% of the task code" + took;
        } catch (Exception e) {
            return "";
        }
    }
}
