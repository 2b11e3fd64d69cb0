package dev.sjl.kit.engine;

import dev.sjl.kit.engine.EngineReport.Finding;
import dev.sjl.kit.engine.EngineReport.Rule;
import dev.sjl.kit.engine.EngineReport.Variant;
import dev.sjl.kit.model.MarkerException;
import dev.sjl.kit.model.Shortcut;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * The engine's entry point: one lab's staircase and shortcut suite in one session, as a report. tools/check calls
 * {@link #check} for every lab; {@code kit staircase NN} for one, with a selection; {@link #main} is the same from a
 * shell ({@code java -cp ... dev.sjl.kit.engine.Engine --root . 03-jwt}).
 */
public final class Engine {

    private Engine() {
    }

    /**
     * What to run.
     *
     * @param staircase whether to climb the staircase
     * @param steps     which of its steps
     * @param shortcuts whether to try the shortcuts
     * @param which     which of them
     */
    public record Selection(boolean staircase, IntPredicate steps, boolean shortcuts, Predicate<Shortcut> which) {

        public static Selection everything() {
            return new Selection(true, step -> true, true, shortcut -> true);
        }

        /** The self-test's selection: everything. */
        public boolean complete() {
            return staircase && shortcuts;
        }
    }

    /**
     * Runs one lab and writes its report to {@code solutions/<lab>/target/kit-engine.json}. Never throws for a lab's
     * problem: a reference that was not built, a marker out of place, a crash, all become findings.
     */
    public static EngineReport check(Path root, String lab, Selection selection, LabEngine.Options options) {
        long start = System.nanoTime();
        List<Finding> findings = new ArrayList<>();
        List<Variant> variants = new ArrayList<>();
        EngineReport.StaircaseSummary stairs = null;
        EngineReport.ShortcutSummary cuts = null;
        try (LabEngine engine = LabEngine.open(root, lab, options)) {
            if (selection.staircase()) {
                Staircase.Result result = Staircase.climb(engine, selection.steps());
                findings.addAll(result.findings());
                stairs = result.summary();
                result.runs().forEach(run -> variants.add(variant(run)));
            }
            if (selection.shortcuts()) {
                ShortcutSuite.Result result = ShortcutSuite.tryAll(engine, selection.which());
                findings.addAll(result.findings());
                cuts = result.summary();
                result.runs().forEach(run -> variants.add(variant(run)));
            }
        } catch (EngineException | MarkerException e) {
            findings.add(new Finding(Rule.STAIRCASE, "the engine cannot run this lab: " + e.getMessage()));
        } catch (RuntimeException | LinkageError e) {
            findings.add(new Finding(Rule.STAIRCASE, "the engine failed on this lab (a bug of the kit's engine): " + e));
        }
        EngineReport report = new EngineReport(lab, Instant.now().toString(), (System.nanoTime() - start) / 1_000_000,
                stairs, cuts, List.copyOf(findings), List.copyOf(variants));
        try {
            report.write(root.resolve("solutions").resolve(lab).resolve(EngineReport.FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the engine's report for " + lab, e);
        }
        return report;
    }

    private static Variant variant(VariantRun run) {
        int red = (int) run.tests().stream().filter(t -> !t.passed()).count();
        return new Variant(run.name(), run.label(), run.tests().size(), red, run.compileMillis(), run.runMillis());
    }

    /**
     * {@code Engine [--root DIR] [--staircase | --shortcuts] [--step N] [--shortcut NAME] LAB...}: runs each lab,
     * prints its findings and timings; exits 1 when there is a finding.
     */
    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("kit.root", "."));
        boolean staircase = true;
        boolean shortcuts = true;
        Integer step = null;
        String shortcut = null;
        List<String> labs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]);
                case "--staircase" -> shortcuts = false;
                case "--shortcuts" -> staircase = false;
                case "--step" -> step = Integer.valueOf(args[++i]);
                case "--shortcut" -> shortcut = args[++i];
                default -> labs.add(args[i]);
            }
        }
        Integer onlyStep = step;
        String onlyShortcut = shortcut;
        Selection selection = new Selection(staircase, s -> onlyStep == null || s == onlyStep, shortcuts,
                s -> onlyShortcut == null || s.name().contains(onlyShortcut));
        PrintStream out = System.out;
        boolean clean = true;
        for (String lab : labs) {
            out.println(lab + ":");
            EngineReport report = check(root, lab, selection, LabEngine.Options.defaults(line -> out.println("  " + line)));
            report.findings().forEach(f -> out.println("  - " + f.message()));
            out.println("  " + report.line() + " · " + LabEngine.seconds(report.millis()));
            clean &= report.findings().isEmpty();
        }
        System.exit(clean ? 0 : 1);
    }
}
