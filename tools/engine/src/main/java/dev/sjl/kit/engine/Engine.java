package dev.sjl.kit.engine;

import dev.sjl.kit.engine.EngineReport.Finding;
import dev.sjl.kit.engine.EngineReport.Rule;
import dev.sjl.kit.engine.EngineReport.Variant;
import dev.sjl.kit.model.MarkerException;
import dev.sjl.kit.model.Shortcut;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * The engine's entry point: one lab's staircase and shortcut suite in one session, as a report. A lab's work can be
 * split into shards, each a JVM of its own (see {@link EngineProcess}): shard 0 climbs the staircase, and the shortcuts
 * are dealt out among all shards; {@link EngineReport#merge} puts the shards' reports back together.
 * {@link #main} is the command line the self-test and {@code kit staircase} start.
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
     * @param shard     this shard's index, from 0
     * @param shards    how many shards share the lab
     * @param claims    where the shards of one run claim the shortcuts as they go (null for a lab in one piece)
     */
    public record Selection(boolean staircase, IntPredicate steps, boolean shortcuts, Predicate<Shortcut> which,
                            int shard, int shards, Path claims) {

        public Selection {
            if (shards > 1 && claims == null) {
                throw new IllegalArgumentException("shards of a lab need a folder to claim its shortcuts in (--claims)");
            }
        }

        /** A lab in one piece (one shard of one). */
        public Selection(boolean staircase, IntPredicate steps, boolean shortcuts, Predicate<Shortcut> which, int shard,
                         int shards) {
            this(staircase, steps, shortcuts, which, shard, shards, null);
        }

        public static Selection everything() {
            return new Selection(true, step -> true, true, shortcut -> true, 0, 1);
        }

        /** Shard 0 climbs the staircase and judges the shortcut counts; the others only try shortcuts. */
        boolean first() {
            return shard == 0;
        }

        /** Whether this shard tries the i-th shortcut: every one in a lab in one piece, else the ones it claims. */
        boolean mine(int index) {
            return shards == 1 || claim(claims, index);
        }

        /**
         * Takes the i-th shortcut for this shard unless another shard of the same run took it first: one file per
         * shortcut in the run's {@code claims} folder, created atomically. Shards that claim as they go end together
         * whatever each shortcut costs (lab 04's took 0.5 to 18 s each), where a deal fixed in advance left one shard
         * running alone for the last half minute.
         */
        static boolean claim(Path claims, int index) {
            try {
                Files.createFile(claims.resolve(Integer.toString(index)));
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            } catch (IOException e) {
                // never skip a shortcut no shard took: a run that cannot claim fails
                throw new UncheckedIOException("cannot claim shortcut " + index + " in " + claims, e);
            }
        }
    }

    /**
     * Runs (its shard of) one lab and writes the report to {@link EngineReport#file}. Never throws for a lab's problem:
     * a reference that was not built, a marker out of place, a crash, all become findings.
     */
    public static EngineReport check(Path root, String lab, Selection selection, LabEngine.Options options) {
        long start = System.nanoTime();
        List<Finding> findings = new ArrayList<>();
        List<Variant> variants = new ArrayList<>();
        EngineReport.StaircaseSummary stairs = null;
        EngineReport.ShortcutSummary cuts = null;
        String work = selection.shards() == 1 ? LabEngine.WORK : LabEngine.WORK + "-shard-" + selection.shard();
        try (LabEngine engine = LabEngine.open(root, lab, options, work)) {
            if (selection.staircase() && selection.first()) {
                Staircase.Result result = Staircase.climb(engine, selection.steps());
                findings.addAll(result.findings());
                stairs = result.summary();
                result.runs().forEach(run -> variants.add(variant(run)));
            }
            if (selection.shortcuts()) {
                ShortcutSuite.Result result = ShortcutSuite.tryAll(engine, selection.which(), selection::mine,
                        selection.first());
                findings.addAll(result.findings());
                cuts = result.summary();
                result.runs().forEach(run -> variants.add(variant(run)));
            }
        } catch (EngineException | MarkerException e) {
            if (selection.first()) {
                findings.add(new Finding(Rule.STAIRCASE, "the engine cannot run this lab: " + e.getMessage()));
            }
        } catch (RuntimeException | LinkageError e) {
            findings.add(new Finding(Rule.STAIRCASE, "the engine failed on this lab (a bug of the kit's engine): " + e));
        }
        EngineReport report = new EngineReport(lab, Instant.now().toString(), (System.nanoTime() - start) / 1_000_000,
                stairs, cuts, List.copyOf(findings), List.copyOf(variants));
        try {
            report.write(EngineReport.file(root, lab, selection.shard(), selection.shards()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the engine's report for " + lab, e);
        }
        return report;
    }

    private static Variant variant(VariantRun run) {
        return new Variant(run.name(), run.label(), run.ran().size(), (int) run.red(), run.compileMillis(), run.runMillis());
    }

    /**
     * {@code Engine [--root DIR] [--staircase | --shortcuts] [--step N] [--shortcut NAME] [--shard I/N [--claims DIR]] LAB...}: runs
     * each lab, printing one line per variant; unsharded, also its findings and summary, and exits 1 when there is a
     * finding. A shard leaves that to whoever merges the shards.
     */
    public static void main(String[] args) {
        Path root = Path.of(System.getProperty("kit.root", "."));
        boolean staircase = true;
        boolean shortcuts = true;
        Integer step = null;
        String shortcut = null;
        int shard = 0;
        int shards = 1;
        Path claims = null;
        List<String> labs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--root" -> root = Path.of(args[++i]);
                case "--staircase" -> shortcuts = false;
                case "--shortcuts" -> staircase = false;
                case "--step" -> step = Integer.valueOf(args[++i]);
                case "--shortcut" -> shortcut = args[++i];
                case "--shard" -> {
                    String[] parts = args[++i].split("/");
                    shard = Integer.parseInt(parts[0]);
                    shards = Integer.parseInt(parts[1]);
                }
                case "--claims" -> claims = Path.of(args[++i]);
                default -> labs.add(args[i]);
            }
        }
        Integer onlyStep = step;
        String onlyShortcut = shortcut;
        Selection selection = new Selection(staircase, s -> onlyStep == null || s == onlyStep, shortcuts,
                s -> onlyShortcut == null || s.name().contains(onlyShortcut), shard, shards, claims);
        PrintStream out = System.out;
        boolean clean = true;
        for (String lab : labs) {
            if (shards == 1) {
                out.println(lab + ":");
            }
            EngineReport report = check(root, lab, selection, LabEngine.Options.defaults(line -> out.println("  " + line)));
            if (shards == 1) {
                print(report, out);
            }
            clean &= report.findings().isEmpty();
        }
        System.exit(clean || shards > 1 ? 0 : 1);
    }

    /** A lab's findings, then its one-line summary and time. */
    public static void print(EngineReport report, PrintStream out) {
        report.findings().forEach(f -> out.println("  - " + f.message()));
        out.println("  " + report.line() + " · " + LabEngine.seconds(report.millis()));
    }
}
