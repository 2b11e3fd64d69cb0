package dev.sjl.kit.engine;

import dev.sjl.kit.engine.EngineReport.Finding;
import dev.sjl.kit.engine.EngineReport.Rule;
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
        assertThat(report.staircase()).isEqualTo(new EngineReport.StaircaseSummary(3, 5, 6));
        assertThat(report.line()).startsWith("staircase 5/6 own-task · shortcuts 1/4 caught");
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
                + "and N, the reference every test").startsWith(2, 4, 4, 6);
        assertThat(read.variants().get(3).red()).as("the reference passes every test in the engine").isZero();
        assertThat(read.variants().get(7).tests()).as("shortcut 3 is caught in CountingTest: GreeterTest is left out")
                .isEqualTo(1);
        assertThat(read.variants().get(5).tests()).as("shortcut 1-name-not-stripped is not caught: every task-1 test ran")
                .isEqualTo(2);
        assertThat(progress).hasSize(8);
    }

    @Test
    @DisplayName("Two shards of the lab find what one session finds: shard 0 the staircase, the shortcuts dealt out")
    void shards(@TempDir Path other) throws IOException {
        FixtureLab.create(other);
        EngineReport first = Engine.check(other, FixtureLab.LAB, shard(0), LabEngine.Options.defaults(null));
        EngineReport second = Engine.check(other, FixtureLab.LAB, shard(1), LabEngine.Options.defaults(null));

        assertThat(first.variants()).extracting(EngineReport.Variant::name).containsExactly("step-1", "step-2", "step-3",
                "reference", "shortcut-1-name-not-stripped", "shortcut-3-counts-chars");
        assertThat(second.variants()).extracting(EngineReport.Variant::name).containsExactly(
                "shortcut-1-blank-name-greeted", "shortcut-2-shouts-in-the-default-locale");
        assertThat(EngineProcess.collect(other, FixtureLab.LAB, 2, java.time.Instant.EPOCH)).satisfies(merged -> {
            assertThat(merged.line()).isEqualTo(report.line());
            assertThat(merged.findings()).containsExactlyInAnyOrderElementsOf(report.findings());
        });
        assertThat(EngineReport.read(other.resolve("solutions/99-fixture").resolve(EngineReport.FILE)).findings())
                .as("the merged report is the lab's report").containsExactlyInAnyOrderElementsOf(report.findings());
    }

    private static Engine.Selection shard(int index) {
        Engine.Selection all = Engine.Selection.everything();
        return new Engine.Selection(true, all.steps(), true, all.which(), index, 2);
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
