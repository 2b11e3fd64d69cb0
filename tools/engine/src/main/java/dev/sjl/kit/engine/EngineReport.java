package dev.sjl.kit.engine;

import dev.sjl.kit.model.Lab;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the engine found for one lab, written to {@code solutions/NN-x/target/kit-engine.json}: tools/check turns its
 * findings into failed tests, {@code kit check} prints its one-line summary and findings.
 *
 * @param lab       the lab folder name
 * @param finished  ISO-8601 instant the session ended (older than a build's start means a leftover)
 * @param millis    the session's wall time
 * @param staircase the staircase's counts, or null when it did not run
 * @param shortcuts the shortcut suite's counts, or null when it did not run
 * @param findings  every broken rule, one sentence each
 * @param variants  each variant's compile and test times
 */
public record EngineReport(String lab, String finished, long millis, StaircaseSummary staircase,
                           ShortcutSummary shortcuts, List<Finding> findings, List<Variant> variants) {

    /** Where a lab's report is, relative to its reference module. */
    public static final String FILE = "target/kit-engine.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The two rules the engine proves. */
    public enum Rule {
        STAIRCASE("each task's tests are red for that task, and pass once it is solved"),
        SHORTCUTS("every shortcut fails a test of its task whose message names the mistake");

        private final String title;

        Rule(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    /** One broken promise. */
    public record Finding(Rule rule, String message) {
    }

    /**
     * @param steps   the steps climbed (one per task with a region)
     * @param ownTask tests that were red because of their own task at their task's step
     * @param total   tests with a task tag
     */
    public record StaircaseSummary(int steps, int ownTask, int total) {
    }

    /**
     * @param folder whether {@code solutions/NN-x/shortcuts/} exists
     * @param caught shortcuts a test of their task failed on, with a message naming the mistake
     * @param total  shortcuts tried
     */
    public record ShortcutSummary(boolean folder, int caught, int total) {
    }

    /** One compiled and tested variant: how long each half took, how many tests ran and failed. */
    public record Variant(String name, String label, int tests, int red, long compileMillis, long runMillis) {
    }

    /** Where a lab's report is: {@code kit-engine.json}, or one file per shard when the lab's work was split. */
    public static Path file(Path root, String lab, int shard, int shards) {
        Lab parts = Lab.in(root, lab);
        return shards == 1 ? parts.solutionDir().resolve(FILE)
                : parts.solutionTarget().resolve("kit-engine-shard-" + shard + ".json");
    }

    /**
     * The shards' reports as one: shard 0's staircase, the shortcuts' counts added up, findings and variants in shard
     * order, the longest shard's time.
     */
    public static EngineReport merge(String lab, List<EngineReport> shards) {
        StaircaseSummary staircase = null;
        ShortcutSummary shortcuts = null;
        List<Finding> findings = new java.util.ArrayList<>();
        List<Variant> variants = new java.util.ArrayList<>();
        String finished = null;
        long millis = 0;
        for (EngineReport shard : shards) {
            staircase = staircase != null ? staircase : shard.staircase();
            if (shard.shortcuts() != null) {
                shortcuts = shortcuts == null ? shard.shortcuts() : new ShortcutSummary(
                        shortcuts.folder() || shard.shortcuts().folder(), shortcuts.caught() + shard.shortcuts().caught(),
                        shortcuts.total() + shard.shortcuts().total());
            }
            findings.addAll(shard.findings());
            variants.addAll(shard.variants());
            finished = finished == null || shard.finished().compareTo(finished) > 0 ? shard.finished() : finished;
            millis = Math.max(millis, shard.millis());
        }
        return new EngineReport(lab, finished, millis, staircase, shortcuts, List.copyOf(findings), List.copyOf(variants));
    }

    public List<Finding> findings(Rule rule) {
        return findings.stream().filter(f -> f.rule() == rule).toList();
    }

    /** "staircase 47/49 own-task · shortcuts 12/12 caught" (or what did not run, and why). */
    @JsonIgnore
    public String line() {
        String stairs = staircase == null ? "staircase not run"
                : staircase.steps() == 0 ? "staircase: no task regions yet"
                : "staircase " + staircase.ownTask() + "/" + staircase.total() + " own-task";
        String cuts = shortcuts == null ? "shortcuts not run"
                : !shortcuts.folder() ? "shortcuts: none yet (no shortcuts/ folder)"
                : "shortcuts " + shortcuts.caught() + "/" + shortcuts.total() + " caught";
        return stairs + " · " + cuts;
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), this);
    }

    public static EngineReport read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), EngineReport.class);
    }
}
