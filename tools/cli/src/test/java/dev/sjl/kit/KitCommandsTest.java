package dev.sjl.kit;

import dev.sjl.kit.engine.EngineReport;
import dev.sjl.kit.junit.LabResults.Status;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The kit's commands against a one-lab kit in a temporary folder. */
@DisplayName("The kit command")
class KitCommandsTest {

    @TempDir
    Path root;

    FixtureKit kit;

    @BeforeEach
    void layOut() throws IOException {
        kit = new FixtureKit(root);
    }

    @Nested
    @DisplayName("status")
    class StatusTable {

        @Test
        @DisplayName("Show title, time, tasks passed, state and the next task")
        void redLab() throws IOException {
            kit.starterRun(Status.PASSED, Status.FAILED);

            assertThat(kit.kit("status")).isZero();

            assertThat(kit.out()).containsPattern("Lab +Title +Time +Tasks +State +Next")
                    .containsPattern("42 +Fixture: parse and render +30 min +1/2 +red +Task 2: Render \\(stuck\\? ./kit hint 42\\)")
                    .contains("0 of 1 lab green, 1 of 2 tasks done.");
        }

        @Test
        @DisplayName("Say 'not started' and where to begin before the tests ever ran")
        void notStarted() {
            assertThat(kit.kit("status", "42")).isZero();

            assertThat(kit.out()).containsPattern("42 +Fixture: parse and render +30 min +0/2 +not started +read labs/42-fixture/README.md");
        }

        @Test
        @DisplayName("Say 'done' for a green lab")
        void greenLab() throws IOException {
            kit.starterRun(Status.PASSED, Status.PASSED);

            kit.kit("status");

            assertThat(kit.out()).containsPattern("2/2 +green +done");
        }

        @Test
        @DisplayName("Never call a lab green after a filtered run left a task out")
        void filteredRun() throws IOException {
            kit.filteredStarterRun();

            kit.kit("status");

            assertThat(kit.out()).containsPattern("1/2 +red +Task 2 was not in the last run \\(filtered\\?\\): "
                    + "./mvnw test -pl labs/42-fixture").contains("0 of 1 lab green, 1 of 2 tasks done.");
        }

        @Test
        @DisplayName("Ask for a fresh run when the code changed after the last one")
        void stale() throws IOException {
            kit.starterRun(Status.PASSED, Status.FAILED);
            Files.setLastModifiedTime(root.resolve("labs/42-fixture/src/main/java/dev/sjl/fixture/Parser.java"),
                    FileTime.fromMillis(System.currentTimeMillis() + 120_000));

            kit.kit("status");

            assertThat(kit.out()).contains("code changed since the last run: ./mvnw test -pl labs/42-fixture");
        }

        @Test
        @DisplayName("Use no colour codes when the output is not a terminal")
        void noColour() throws IOException {
            kit.starterRun(Status.PASSED, Status.FAILED);

            kit.kit("status");

            assertThat(kit.out()).doesNotContain("\u001B[");
        }
    }

    @Nested
    @DisplayName("hint")
    class Hint {

        @Test
        @DisplayName("Reveal one hint per call, and remember where the learner is")
        void progressive() {
            kit.kit("hint", "42", "2");
            assertThat(kit.out()).contains("Lab 42 · Task 2: Render  (hint 1 of 3)", "Render gentle.")
                    .doesNotContain("Render closer").contains("./kit hint 42 2");

            kit.kit("hint", "42", "2");
            assertThat(kit.out()).contains("(hint 2 of 3)", "Render closer,\n  over two lines.");

            kit.kit("hint", "42", "2");
            assertThat(kit.out()).contains("(hint 3 of 3)", "Render nearly.", "That was the last hint");

            kit.kit("hint", "42", "2");
            assertThat(kit.out()).as("past the last hint, the last one again").contains("(hint 3 of 3)");

            assertThat(kit.kit("hint", "42", "1")).isZero();
            assertThat(kit.out()).as("each task counts on its own").contains("(hint 1 of 3)", "Parse gentle.");
        }

        @Test
        @DisplayName("Without a task, help with the first task that is not green")
        void firstRedTask() throws IOException {
            kit.starterRun(Status.PASSED, Status.FAILED);

            kit.kit("hint", "42");

            assertThat(kit.out()).contains("Task 2: Render", "(hint 1 of 3)");
        }

        @Test
        @DisplayName("Without a task and with no test run yet, start at the first task")
        void noRunYet() {
            kit.kit("hint", "42");

            assertThat(kit.out()).contains("Task 1: Parse", "(hint 1 of 3)");
        }

        @Test
        @DisplayName("Have nothing to hint when every task is green")
        void allGreen() throws IOException {
            kit.starterRun(Status.PASSED, Status.PASSED);

            assertThat(kit.kit("hint", "42")).isZero();

            assertThat(kit.out()).contains("Every task of lab 42 is green");
        }

        @Test
        @DisplayName("--all shows every hint; --reset forgets what was seen")
        void allAndReset() {
            kit.kit("hint", "42", "1", "--all");
            assertThat(kit.out()).contains("Hint 1 of 3", "Parse gentle.", "Hint 3 of 3", "Parse nearly.");

            assertThat(kit.kit("hint", "42", "--reset")).isZero();
            assertThat(kit.out()).contains("Forgot the hints you had seen for lab 42.");

            kit.kit("hint", "42", "1");
            assertThat(kit.out()).contains("(hint 1 of 3)");
        }

        @Test
        @DisplayName("Keep its state in .kit/hints.json")
        void state() {
            kit.kit("hint", "42", "2");
            kit.kit("hint", "42", "2");

            assertThat(root.resolve(".kit/hints.json")).content().containsIgnoringWhitespaces("\"42-fixture\":{\"2\":2}");
        }
    }

    @Nested
    @DisplayName("bad input")
    class BadInput {

        @Test
        @DisplayName("An unknown lab: one line naming the labs there are, exit 1")
        void unknownLab() {
            assertThat(kit.kit("hint", "07")).isEqualTo(1);

            assertThat(kit.err()).isEqualTo("kit: no lab \"07\": the labs are 42-fixture" + System.lineSeparator());
            assertThat(kit.out()).isEmpty();
        }

        @Test
        @DisplayName("A task the lab does not have: one line, exit 1")
        void unknownTask() {
            assertThat(kit.kit("hint", "42", "7")).isEqualTo(1);

            assertThat(kit.err().strip()).isEqualTo("kit: lab 42 has no task 7: its tasks are 1, 2");
        }

        @Test
        @DisplayName("A task that is not a number, a missing lab or an unknown command: one line, exit 2")
        void usage() {
            assertThat(kit.kit("hint", "42", "two")).isEqualTo(2);
            assertThat(kit.err().lines()).singleElement().asString().startsWith("kit hint: ").endsWith("See: kit help hint");

            assertThat(kit.kit("reset")).isEqualTo(2);
            assertThat(kit.err().lines()).singleElement().asString().contains("Missing required parameter: 'LAB'");

            assertThat(kit.kit("stauts")).isEqualTo(2);
            assertThat(kit.err().lines()).singleElement().asString()
                    .startsWith("kit: unknown argument stauts (did you mean status").endsWith("See: kit help");
        }

        @Test
        @DisplayName("A lab without hints: one line, exit 1")
        void noHints() throws IOException {
            Files.delete(root.resolve("labs/42-fixture/hints.md"));

            assertThat(kit.kit("hint", "42")).isEqualTo(1);
            assertThat(kit.err().strip()).isEqualTo("kit: labs/42-fixture has no hints yet (no \"## N. Title\" sections in hints.md)");
        }

    }

    @Nested
    @DisplayName("reset")
    class Reset {

        @Test
        @DisplayName("Save the learner's code to .kit/backups, then generate the starter again from the reference")
        void restoresStarter() throws IOException {
            Path parser = root.resolve("labs/42-fixture/src/main/java/dev/sjl/fixture/Parser.java");
            Files.writeString(parser, "class Parser { int parse(String s) { return 42; } }\n");
            kit.write("labs/42-fixture/src/main/java/dev/sjl/fixture/Helper.java", "class Helper { }\n");

            assertThat(kit.kit("reset", "3")).as("lab 3 does not exist").isEqualTo(1);
            assertThat(kit.kit("reset", "42")).isZero();

            assertThat(parser).content().contains("Task 1: parse").doesNotContain("BEGIN TASK", "parseInt");
            assertThat(root.resolve("labs/42-fixture/src/main/java/dev/sjl/fixture/Helper.java")).doesNotExist();
            Path backups = root.resolve(".kit/backups");
            List<Path> saved;
            try (Stream<Path> list = Files.list(backups)) {
                saved = list.toList();
            }
            assertThat(saved).singleElement().satisfies(backup -> {
                assertThat(backup.getFileName().toString()).matches("42-fixture-\\d{8}-\\d{6}");
                assertThat(backup.resolve("src/main/java/dev/sjl/fixture/Parser.java")).content().contains("return 42;");
                assertThat(backup.resolve("src/main/java/dev/sjl/fixture/Helper.java")).exists();
            });
            assertThat(kit.out()).contains("Saved your labs/42-fixture/src/main to .kit/backups/42-fixture-",
                    "labs/42-fixture/src/main is the starter again.");
            assertThat(kit.kit("generate", "--check")).as("the reset starter is what the generator makes").isZero();
        }
    }

    @Test
    @DisplayName("check --no-build: one line per lab and a closing count")
    void checkNoBuild() throws IOException {
        kit.write("tools/check/pom.xml", "<project><modelVersion>4.0.0</modelVersion><artifactId>kit-check</artifactId>"
                + "<dependencies><dependency><artifactId>lab-42-fixture</artifactId></dependency>"
                + "<dependency><artifactId>solution-42-fixture</artifactId></dependency></dependencies></project>");
        kit.starterRun(Status.FAILED, Status.FAILED);
        kit.results("solutions", "reference", Status.PASSED, Status.PASSED);

        assertThat(kit.kit("check", "--no-build")).isZero();
        assertThat(kit.out()).containsPattern("42-fixture +ok +2 tests, 2 tasks · starter red \\(2 TODO\\) · reference green")
                .endsWith("check: 1 passed, 0 failed" + System.lineSeparator());

        kit.starterRun(Status.PASSED, Status.FAILED);
        assertThat(kit.kit("check", "--no-build")).isEqualTo(1);
        assertThat(kit.out()).containsPattern("42-fixture +FAIL +starter test \"Does parses\" \\(FixtureTest\\) PASSED")
                .contains("Self-test FAILED.").endsWith("check: 0 passed, 1 failed" + System.lineSeparator());
    }

    @Test
    @DisplayName("check --no-build: the lab engine's counts on a passing lab's line, its findings under a failing one")
    void checkNoBuildWithTheEngine() throws IOException {
        kit.write("tools/check/pom.xml", "<project><modelVersion>4.0.0</modelVersion><artifactId>kit-check</artifactId>"
                + "<dependencies><dependency><artifactId>lab-42-fixture</artifactId></dependency>"
                + "<dependency><artifactId>solution-42-fixture</artifactId></dependency></dependencies></project>");
        kit.starterRun(Status.FAILED, Status.FAILED);
        kit.results("solutions", "reference", Status.PASSED, Status.PASSED);
        Path report = root.resolve("solutions/42-fixture").resolve(EngineReport.FILE);
        new EngineReport("42-fixture", "2030-01-01T00:00:00Z", 1200, new EngineReport.StaircaseSummary(2, 2, 2),
                new EngineReport.ShortcutSummary(true, 4, 4), List.of(), List.of()).write(report);

        assertThat(kit.kit("check", "--no-build")).isZero();
        assertThat(kit.out()).contains("reference green · staircase 2/2 own-task · shortcuts 4/4 caught");

        new EngineReport("42-fixture", "2030-01-01T00:00:00Z", 1200, new EngineReport.StaircaseSummary(2, 2, 2),
                new EngineReport.ShortcutSummary(true, 3, 4), List.of(new EngineReport.Finding(
                EngineReport.Rule.SHORTCUTS, "shortcut 2-skips-render (renders nothing) passes every task-2 test (1)")),
                List.of()).write(report);
        assertThat(kit.kit("check", "--no-build")).isEqualTo(1);
        assertThat(kit.out()).containsPattern("42-fixture +FAIL +shortcut 2-skips-render \\(renders nothing\\) passes every "
                + "task-2 test").endsWith("check: 0 passed, 1 failed" + System.lineSeparator());
    }
}
