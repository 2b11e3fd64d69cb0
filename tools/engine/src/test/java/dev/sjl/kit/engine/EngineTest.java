package dev.sjl.kit.engine;

import dev.sjl.kit.engine.EngineReport.Finding;
import dev.sjl.kit.engine.EngineReport.Rule;
import dev.sjl.kit.junit.LabResults;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The engine on a fixture lab with three tasks, one task-2 test that needs task 3's code, and shortcuts that are
 * caught by name, caught without a name, not caught at all, and one that does not compile: every rule fires once.
 */
class EngineTest {

    @TempDir
    static Path root;

    private static EngineReport report;
    private static final List<String> progress = new ArrayList<>();

    @BeforeAll
    static void runTheEngineOnce() throws IOException {
        FixtureLab.create(root);
        report = Engine.check(root, FixtureLab.LAB, Engine.Selection.everything(),
                new LabEngine.Options(false, java.time.Duration.ofSeconds(60), progress::add));
        progress.forEach(line -> System.out.println("engine: " + line));
        report.findings().forEach(f -> System.out.println("finding: " + f.rule() + ": " + f.message()));
    }

    private static List<String> findings(Rule rule) {
        return report.findings(rule).stream().map(Finding::message).toList();
    }

    @Test
    @DisplayName("Counts the tests that are red for their own task: all but the one that needs task 3's code")
    void ownTaskCount() {
        assertThat(report.staircase()).isEqualTo(new EngineReport.StaircaseSummary(3, 6, 7));
        assertThat(report.line()).startsWith("staircase 6/7 own-task · shortcuts 1/4 caught");
    }

    @Test
    @DisplayName("Names a test that fails on another task's TODO, and the same test red once its own task is solved")
    void staircaseFindings() {
        assertThat(findings(Rule.STAIRCASE)).satisfiesExactly(
                first -> assertThat(first).startsWith("step 2 (task 1 solved): \"Shouts a greeting as long as the normal "
                        + "one\" (GreeterTest, task:2) fails on task 3's TODO instead of task 2's"),
                second -> assertThat(second).startsWith("step 3 (tasks 1, 2 solved): \"Shouts a greeting as long as the "
                        + "normal one\" (GreeterTest, task:2) is red (TODO of task 3"));
    }

    @Test
    @DisplayName("Says which shortcut passes, which is caught without a name, which does not compile, and the counts")
    void shortcutFindings() {
        assertThat(findings(Rule.SHORTCUTS)).satisfiesExactlyInAnyOrder(
                f -> assertThat(f).isEqualTo("task 2 has 1 shortcut (2-shouts-in-the-default-locale), at least 2 needed "
                        + "in solutions/99-fixture/shortcuts/"),
                f -> assertThat(f).startsWith("task 3 has 1 shortcut (3-counts-chars)"),
                f -> assertThat(f).startsWith("shortcut 1-blank-name-greeted (greets a blank name instead of refusing "
                        + "it) is caught (1 of 2 task-1 tests fail), but no failing message names it (expected: "
                        + "\"whitespace\"); messages were: [ASSERTION] \"Refuses a blank name\" (GreeterTest, task:1): "
                        + "[a blank name is refused with an IllegalArgumentException]"),
                f -> assertThat(f).startsWith("shortcut 1-name-not-stripped (keeps the spaces around the name) passes "
                        + "every task-1 test (2)"),
                f -> assertThat(f).startsWith("shortcut 2-shouts-in-the-default-locale (upper-cases with a method that "
                        + "does not exist) does not compile, but a shortcut must be a plausible implementation that "
                        + "compiles: src/main/java/dev/sjl/fixture/Greeter.java:"));
        assertThat(report.shortcuts()).isEqualTo(new EngineReport.ShortcutSummary(true, 1, 4));
    }

    @Test
    @DisplayName("Writes the report beside the reference and times every variant")
    void reportFile() throws IOException {
        EngineReport read = EngineReport.read(root.resolve("solutions/99-fixture").resolve(EngineReport.FILE));

        assertThat(read).isEqualTo(report);
        assertThat(read.variants()).extracting(EngineReport.Variant::name).containsExactly("step-1", "step-2", "step-3",
                "reference", "shortcut-1-blank-name-greeted", "shortcut-1-name-not-stripped", "shortcut-2-shouts-in-the-default-locale",
                "shortcut-3-counts-chars");
        assertThat(read.variants()).extracting(EngineReport.Variant::tests).as("step N runs the tests of tasks N-1 "
                + "and N, the reference every test").startsWith(2, 4, 5, 7);
        assertThat(read.variants().get(3).red()).as("the reference passes every test in the engine").isZero();
        assertThat(LabResults.read(root.resolve("solutions/99-fixture/target/kit-engine/shortcut-3-counts-chars/"
                + "lab-results.json")).tests()).as("shortcut 3 is caught by CountingTest's first test: the test after it is "
                + "left out, and GreeterTest never starts")
                .extracting(t -> t.name() + ": " + t.status())
                .containsExactly("Counts an emoji as one character: FAILED",
                        "Counts an accented letter as one character: SKIPPED");
        assertThat(read.variants().get(7)).as("a test left out is neither counted as run nor as red")
                .extracting(EngineReport.Variant::tests, EngineReport.Variant::red).containsExactly(1, 1);
        assertThat(progress).anyMatch(line -> line.matches("shortcut 3-counts-chars: compiled in .*, 1 tests in .*, "
                + "1 red, 1 left out"));
        assertThat(read.variants().get(5).tests()).as("shortcut 1-name-not-stripped is not caught: every task-1 test ran")
                .isEqualTo(2);
        assertThat(progress).hasSize(8);
    }

    @Test
    @DisplayName("Shards that claim the shortcuts as they go try each once between them, and find what one session finds")
    void claimingShards(@TempDir Path other, @TempDir Path claims, @TempDir Path otherClaims) throws IOException {
        FixtureLab.create(other);
        // Shard 1 starts late (its slot was taken): shard 0 climbs the staircase, then claims every shortcut.
        EngineReport first = Engine.check(other, FixtureLab.LAB, claiming(0, claims), LabEngine.Options.defaults(null));
        EngineReport second = Engine.check(other, FixtureLab.LAB, claiming(1, claims), LabEngine.Options.defaults(null));

        List<String> shortcuts = List.of("shortcut-1-blank-name-greeted", "shortcut-1-name-not-stripped",
                "shortcut-2-shouts-in-the-default-locale", "shortcut-3-counts-chars");
        assertThat(first.variants()).extracting(EngineReport.Variant::name).startsWith("step-1", "step-2", "step-3",
                "reference").endsWith(shortcuts.toArray(String[]::new));
        assertThat(second.variants()).as("nothing left to claim").isEmpty();
        assertThat(EngineProcess.collect(other, FixtureLab.LAB, 2, java.time.Instant.EPOCH)).satisfies(merged -> {
            assertThat(merged.line()).isEqualTo(report.line());
            assertThat(merged.findings()).containsExactlyInAnyOrderElementsOf(report.findings());
        });

        // The other way round: shard 1 takes every shortcut while shard 0 climbs; the merged report is the same.
        EngineReport late = Engine.check(other, FixtureLab.LAB, claiming(1, otherClaims), LabEngine.Options.defaults(null));
        EngineReport climber = Engine.check(other, FixtureLab.LAB, claiming(0, otherClaims), LabEngine.Options.defaults(null));
        assertThat(late.variants()).extracting(EngineReport.Variant::name).containsExactlyElementsOf(shortcuts);
        assertThat(climber.variants()).extracting(EngineReport.Variant::name)
                .containsExactly("step-1", "step-2", "step-3", "reference");
        assertThat(EngineProcess.collect(other, FixtureLab.LAB, 2, java.time.Instant.EPOCH)).satisfies(merged -> {
            assertThat(merged.line()).isEqualTo(report.line());
            assertThat(merged.findings()).containsExactlyInAnyOrderElementsOf(report.findings());
        });
        assertThatThrownBy(() -> new Engine.Selection(true, s -> true, true, s -> true, 0, 2))
                .as("shards without a claims folder").isInstanceOf(IllegalArgumentException.class);
        assertThat(EngineProcess.shardArgs(1, 2, claims)).containsExactly("--shard", "1/2", "--claims", claims.toString());
        assertThat(EngineProcess.shardArgs(0, 1, null)).as("a lab in one piece").isEmpty();
    }

    @Test
    @DisplayName("A claim is taken once, and a folder it cannot write to stops the run instead of skipping shortcuts")
    void claims(@TempDir Path claims) {
        assertThat(Engine.Selection.claim(claims, 3)).isTrue();
        assertThat(Engine.Selection.claim(claims, 3)).as("taken already").isFalse();
        assertThat(Engine.Selection.claim(claims, 4)).isTrue();
        assertThatThrownBy(() -> Engine.Selection.claim(claims.resolve("gone"), 0))
                .isInstanceOf(java.io.UncheckedIOException.class).hasMessageContaining("cannot claim shortcut 0");
    }

    private static Engine.Selection claiming(int index, Path claims) {
        Engine.Selection all = Engine.Selection.everything();
        return new Engine.Selection(true, all.steps(), true, all.which(), index, 2, claims);
    }

    @Test
    @DisplayName("A lab without regions or a shortcuts folder gets one finding for each, and nothing is compiled")
    void labWithoutRegionsOrShortcuts(@TempDir Path other) throws IOException {
        FixtureLab.create(other);
        Path reference = other.resolve("solutions/99-fixture");
        Path greeter = reference.resolve("src/main/java/dev/sjl/fixture/Greeter.java");
        FixtureLab.write(greeter, Files.readAllLines(greeter).stream()
                .filter(line -> !line.strip().matches("// (BEGIN|END) TASK \\d+|// STARTER|//\\|.*"))
                .map(line -> line + "\n").reduce("", String::concat));
        try (var files = Files.list(reference.resolve("shortcuts"))) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
        Files.delete(reference.resolve("shortcuts"));

        EngineReport bare = Engine.check(other, FixtureLab.LAB, Engine.Selection.everything(),
                LabEngine.Options.defaults(null));

        assertThat(bare.line()).isEqualTo("staircase: no task regions yet · shortcuts: none yet (no shortcuts/ folder)");
        assertThat(bare.findings()).extracting(Finding::message).satisfiesExactly(
                f -> assertThat(f).contains("has no // BEGIN TASK regions yet"),
                f -> assertThat(f).startsWith("solutions/99-fixture/shortcuts/ does not exist yet"));
        assertThat(bare.variants()).isEmpty();
    }

    @Test
    @DisplayName("A reference that was never built is one finding that says how to build it")
    void unbuiltReference(@TempDir Path other) throws IOException {
        FixtureLab.copyTree(FixtureLab.resource("fixture"), other);

        EngineReport unbuilt = Engine.check(other, FixtureLab.LAB, Engine.Selection.everything(),
                LabEngine.Options.defaults(null));

        assertThat(unbuilt.findings()).extracting(Finding::message).containsExactly("the engine cannot run this lab: "
                + "solutions/99-fixture/target/test-classes is missing: build the reference first "
                + "(./mvnw -o -q test-compile -pl solutions/99-fixture)");
    }
}
