package dev.sjl.kit.check;

import dev.sjl.kit.junit.FailureReason;
import dev.sjl.kit.junit.Hints;
import dev.sjl.kit.junit.LabResults.Status;
import dev.sjl.kit.junit.LabResults;
import dev.sjl.kit.model.Lab;
import dev.sjl.kit.model.LabSources;
import dev.sjl.kit.model.Readme;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.sjl.kit.check.Fixtures.LAB;
import static dev.sjl.kit.check.Fixtures.failed;
import static dev.sjl.kit.check.Fixtures.honest;
import static dev.sjl.kit.check.Fixtures.lab;
import static dev.sjl.kit.check.Fixtures.passed;
import static dev.sjl.kit.check.Fixtures.reference;
import static dev.sjl.kit.check.Fixtures.starter;
import static dev.sjl.kit.check.Fixtures.untagged;
import static dev.sjl.kit.check.Fixtures.withStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The rules judged on hand-made labs. Each dishonest lab must be reported, under the right rule and naming the test
 * or file: a self-test that cannot fail would be worse than none.
 */
@DisplayName("The self-test's rules")
class LabRulesTest {

    private static List<String> problems(LabEvidence lab, Rule rule) {
        return LabRules.check(lab, rule).stream().map(Finding::message).toList();
    }

    @Test
    @DisplayName("Find nothing wrong with an honest lab")
    void honestLabPasses() {
        assertThat(LabRules.check(honest())).as("an honest lab breaks no rule").isEmpty();
    }

    @Nested
    @DisplayName("The starter")
    class Starter {

        @Test
        @DisplayName("Must not ship solved: a starter test that passes is reported by name")
        void solvedStarter() {
            LabEvidence lab = lab(starter(passed("parses", 1), failed("renders", 2, FailureReason.TODO)),
                    reference(passed("parses", 1), passed("renders", 2)));

            assertThat(problems(lab, Rule.STARTER_RED)).singleElement().asString()
                    .contains("starter test \"Does parses\" (FixtureTest) PASSED", "ships solved");
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = FailureReason.class, names = {"ERROR", "TIMEOUT"})
        @DisplayName("Must be red for the right reason: an error or a timeout is reported")
        void wrongReason(FailureReason reason) {
            LabEvidence lab = lab(starter(failed("parses", 1, FailureReason.TODO), failed("renders", 2, reason)),
                    reference(passed("parses", 1), passed("renders", 2)));

            assertThat(problems(lab, Rule.STARTER_RED)).singleElement().asString()
                    .contains("\"Does renders\"", "wrong reason", reason.name());
        }

        @ParameterizedTest(name = "{0}")
        @EnumSource(value = Status.class, names = {"SKIPPED", "ABORTED"})
        @DisplayName("Must run every test: a skipped or aborted one is reported")
        void skipped(Status status) {
            LabEvidence lab = lab(starter(failed("parses", 1, FailureReason.TODO), withStatus("renders", 2, status)),
                    reference(passed("parses", 1), passed("renders", 2)));

            assertThat(problems(lab, Rule.STARTER_RED)).singleElement().asString()
                    .contains("\"Does renders\"", "was " + status);
        }

        @Test
        @DisplayName("May be red with a wrong value instead of a TODO")
        void wrongValueIsRightReason() {
            LabEvidence lab = lab(starter(failed("parses", 1, FailureReason.ASSERTION),
                            failed("renders", 2, FailureReason.ASSERTION)),
                    reference(passed("parses", 1), passed("renders", 2)));

            assertThat(problems(lab, Rule.STARTER_RED)).isEmpty();
        }
    }

    @Test
    @DisplayName("Report a reference test that fails, by name")
    void redReference() {
        LabEvidence lab = lab(honest().starter().results(),
                reference(passed("parses", 1), failed("renders", 2, FailureReason.ASSERTION)));

        assertThat(problems(lab, Rule.REFERENCE_GREEN)).singleElement().asString()
                .contains("reference test \"Does renders\" (FixtureTest) FAILED (ASSERTION)", "expected: 3 but was: 0");
    }

    @Nested
    @DisplayName("Starter and reference")
    class SameTests {

        @Test
        @DisplayName("Must run as many tests: a count mismatch is reported with the missing test")
        void countMismatch() {
            LabEvidence lab = lab(starter(failed("parses", 1, FailureReason.TODO)),
                    reference(passed("parses", 1), passed("renders", 2)));

            assertThat(problems(lab, Rule.SAME_TESTS))
                    .contains("the starter ran 1 tests, the reference 2")
                    .anySatisfy(p -> assertThat(p).contains("ran on the reference but not on the starter",
                            "\"Does renders\""));
        }

        @Test
        @DisplayName("Must run the same tests: equal counts with different tests are reported")
        void differentIds() {
            LabEvidence lab = lab(starter(failed("parses", 1, FailureReason.TODO), failed("other", 2, FailureReason.TODO)),
                    reference(passed("parses", 1), passed("renders", 2)));

            assertThat(problems(lab, Rule.SAME_TESTS)).containsExactly(
                    "1 test ran on the starter but not on the reference: \"Does other\" (FixtureTest)",
                    "1 test ran on the reference but not on the starter: \"Does renders\" (FixtureTest)");
        }
    }

    @Nested
    @DisplayName("Results")
    class ResultsRule {

        @Test
        @DisplayName("Must exist on both sides: a missing one is reported with the reason")
        void missing() {
            LabEvidence lab = new LabEvidence(LAB, 42, Results.missing("labs/42-fixture/target/lab-results.json does not exist"),
                    honest().reference(), honest().readme(), honest().hints(), true, new TreeSet<>(), Fixtures.listed(), List.of());

            assertThat(problems(lab, Rule.RESULTS)).singleElement().asString()
                    .contains("no starter results", "does not exist");
            assertThat(problems(lab, Rule.SAME_TESTS)).as("SAME_TESTS leaves a missing side to RESULTS").isEmpty();
        }

        @Test
        @DisplayName("Must list no broken container (a class that could not even start)")
        void broken() {
            LabResults starter = new LabResults(LAB, "starter", "2030-01-01T00:00:00Z",
                    honest().starter().results().tests(),
                    List.of(failed("FixtureTest", 1, FailureReason.ERROR)));
            LabEvidence lab = lab(starter, honest().reference().results());

            assertThat(problems(lab, Rule.RESULTS)).singleElement().asString()
                    .contains("starter: Does FixtureTest could not run", "emulator did not start");
        }

        @Test
        @DisplayName("Must not be empty: a side that ran no tests is reported")
        void noTests() {
            LabEvidence lab = lab(starter(), honest().reference().results());

            assertThat(problems(lab, Rule.RESULTS)).contains("the starter ran no tests");
        }
    }

    @Nested
    @DisplayName("Tasks")
    class Tasks {

        @Test
        @DisplayName("Every test needs a task:N tag")
        void untaggedTest() {
            LabEvidence lab = lab(starter(failed("parses", 1, FailureReason.TODO), failed("renders", 2, FailureReason.TODO),
                            failed("stray", 2, FailureReason.TODO)),
                    reference(passed("parses", 1), passed("renders", 2), untagged("stray")));

            assertThat(problems(lab, Rule.TASKS)).singleElement().asString()
                    .contains("1 test has no @Tag(\"task:N\")", "\"Does stray\"");
        }

        @Test
        @DisplayName("Every test needs a task:N tag, also one that ran on the starter only")
        void untaggedStarterOnlyTest() {
            LabEvidence lab = lab(starter(failed("parses", 1, FailureReason.TODO), failed("renders", 2, FailureReason.TODO),
                            untagged("stray")),
                    reference(passed("parses", 1), passed("renders", 2)));

            assertThat(problems(lab, Rule.TASKS)).singleElement().asString().contains("\"Does stray\"");
        }

        @Test
        @DisplayName("A tag must name a task that hints.md has")
        void tagWithoutHints() {
            LabEvidence lab = lab(starter(failed("parses", 1, FailureReason.TODO), failed("renders", 2, FailureReason.TODO),
                            failed("extra", 7, FailureReason.TODO)),
                    reference(passed("parses", 1), passed("renders", 2), passed("extra", 7)));

            assertThat(problems(lab, Rule.TASKS))
                    .anySatisfy(p -> assertThat(p).contains("\"Does extra\"", "tagged task:7", "no \"## 7. Title\""))
                    .anySatisfy(p -> assertThat(p).contains("TODO says \"Task 7:\""));
        }

        @Test
        @DisplayName("A task in hints.md must have a test")
        void taskWithoutTest() {
            LabEvidence lab = lab(starter(failed("parses", 1, FailureReason.TODO)), reference(passed("parses", 1)));

            assertThat(problems(lab, Rule.TASKS)).singleElement().asString()
                    .contains("hints.md task 2 \"Render\" has no test tagged task:2");
        }

        @Test
        @DisplayName("A TODO in the starter's code must name a task hints.md has")
        void todoForUnknownTask() {
            LabEvidence honest = honest();
            LabEvidence lab = new LabEvidence(LAB, 42, honest.starter(), honest.reference(), honest.readme(),
                    honest.hints(), true, new TreeSet<>(Set.of(1, 9)), honest.reactor(), List.of());

            assertThat(problems(lab, Rule.TASKS)).singleElement().asString()
                    .contains("a starter TODO says \"Task 9:\" but hints.md has no task 9");
        }
    }

    @Nested
    @DisplayName("Folders")
    class Folders {

        @Test
        @DisplayName("README.md needs the '# Lab NN · Title' heading of its own number and a time estimate")
        void readme() {
            LabEvidence honest = honest();
            LabEvidence lab = new LabEvidence(LAB, 42, honest.starter(), honest.reference(),
                    Readme.parse("# Lab 41 · Wrong number\n\nNo estimate here.\n"), honest.hints(), true,
                    honest.starterTodoTasks(), honest.reactor(), List.of());

            assertThat(problems(lab, Rule.FOLDERS))
                    .anySatisfy(p -> assertThat(p).contains("headed \"# Lab 41\"", "lab 42"))
                    .anySatisfy(p -> assertThat(p).contains("no time estimate"));
        }

        @Test
        @DisplayName("Each task needs at least three hints, and the reference folder must exist")
        void hintsAndReference() {
            LabEvidence honest = honest();
            Hints thin = Hints.parse("## 1. Parse\n- one\n- two\n\n## 2. Render\n- a\n- b\n- c\n");
            LabEvidence lab = new LabEvidence(LAB, 42, honest.starter(), honest.reference(), honest.readme(), thin,
                    false, honest.starterTodoTasks(), honest.reactor(), List.of());

            assertThat(problems(lab, Rule.FOLDERS))
                    .anySatisfy(p -> assertThat(p).contains("task 1 \"Parse\" has 2 hints, at least 3 needed"))
                    .anySatisfy(p -> assertThat(p).contains("solutions/42-fixture/pom.xml is missing"));
        }

        @Test
        @DisplayName("A missing README.md or hints.md is reported")
        void missingFiles() {
            LabEvidence honest = honest();
            LabEvidence lab = new LabEvidence(LAB, 42, honest.starter(), honest.reference(), null, null, true,
                    honest.starterTodoTasks(), honest.reactor(), List.of());

            assertThat(problems(lab, Rule.FOLDERS))
                    .containsExactly("labs/42-fixture/README.md is missing", "labs/42-fixture/hints.md is missing");
        }
    }

    @Test
    @DisplayName("Report a starter file or POM that is not what its reference generates, a task file included")
    void starterDrift(@TempDir Path root) throws IOException {
        Path reference = root.resolve("solutions/" + LAB);
        Files.createDirectories(reference.resolve("src/main/java/dev"));
        Files.writeString(reference.resolve("pom.xml"), "<project><parent><artifactId>solutions</artifactId></parent>"
                + "<artifactId>solution-" + LAB + "</artifactId><name>Labs :: 42 :: Fixture (reference)</name></project>\n");
        Files.writeString(reference.resolve("src/main/java/dev/Given.java"), "class Given {}\n");
        Files.writeString(reference.resolve("src/main/java/dev/Todo.java"), """
                import java.util.List;

                class Todo {
                    int size() {
                        // BEGIN TASK 1
                        return List.of().size();
                        // STARTER
                        //| throw new UnsupportedOperationException("Task 1: count");
                        // END TASK 1
                    }
                }
                """);
        Lab lab = Lab.in(root, LAB);
        LabSources.read(root, LAB).writeStarter(lab.dir());
        assertThat(LabEvidence.starterDrift(lab)).as("a freshly generated starter has no drift").isEmpty();
        assertThat(Files.readString(lab.dir().resolve("pom.xml"))).contains("<artifactId>lab-42-fixture</artifactId>");

        Path todo = lab.dir().resolve("src/main/java/dev/Todo.java");
        Files.writeString(todo, "import java.util.Map;\n" + Files.readString(todo));
        Files.writeString(lab.dir().resolve("src/main/java/dev/Orphan.java"), "class Orphan {}\n");
        Files.writeString(lab.dir().resolve("pom.xml"), Files.readString(lab.dir().resolve("pom.xml")) + "<!-- -->\n");
        List<String> drift = LabEvidence.starterDrift(lab);

        assertThat(drift).hasSize(3)
                .anySatisfy(p -> assertThat(p).startsWith("labs/42-fixture/src/main/java/dev/Todo.java differs from what"
                        + " the generator makes of solutions/42-fixture/src/main/java/dev/Todo.java, first at line 1"))
                .anySatisfy(p -> assertThat(p).startsWith("labs/42-fixture/pom.xml differs"))
                .anySatisfy(p -> assertThat(p).startsWith("labs/42-fixture/src/main/java/dev/Orphan.java is not in the reference"));
        LabEvidence honest = honest();
        LabEvidence drifted = new LabEvidence(LAB, 42, honest.starter(), honest.reference(), honest.readme(),
                honest.hints(), true, honest.starterTodoTasks(), honest.reactor(), drift);
        assertThat(problems(drifted, Rule.GENERATED)).isEqualTo(drift);
        assertThat(problems(honest, Rule.GENERATED)).isEmpty();
    }

    @Test
    @DisplayName("Report a task marker out of place instead of generating a starter from it")
    void misplacedMarker(@TempDir Path root) throws IOException {
        Path reference = root.resolve("solutions/" + LAB);
        Files.createDirectories(reference.resolve("src/main/java"));
        Files.writeString(reference.resolve("pom.xml"), "<project/>\n");
        Files.writeString(reference.resolve("src/main/java/A.java"), "// BEGIN TASK 1\nclass A {}\n");

        assertThat(LabEvidence.starterDrift(Lab.in(root, LAB)))
                .containsExactly("solutions/42-fixture/src/main/java/A.java:1: BEGIN TASK 1 has no END TASK 1");
    }

    @Test
    @DisplayName("Report a lab the build files do not list")
    void notListed() {
        LabEvidence honest = honest();
        ReactorEvidence reactor = new ReactorEvidence(Set.of(), Set.of(LAB), "tools/check/pom.xml",
                Set.of("lab-" + LAB), Map.of("labs/" + LAB, "lab-" + LAB, "solutions/" + LAB, "solution-" + LAB),
                Map.of("docs/pom.xml", Set.of("solution-" + LAB), "tools/rehearse/pom.xml", Set.of()));
        LabEvidence lab = new LabEvidence(LAB, 42, honest.starter(), honest.reference(), honest.readme(),
                honest.hints(), true, honest.starterTodoTasks(), reactor, List.of());

        assertThat(problems(lab, Rule.REACTOR)).containsExactly(
                "labs/pom.xml does not list <module>42-fixture</module>",
                "tools/check/pom.xml has no test dependency on solution-42-fixture (solutions/42-fixture), so Maven may run"
                        + " the self-test before it",
                "tools/rehearse/pom.xml does not name solution-42-fixture: the handbook and the drills read every"
                        + " reference (./kit new-lab registers a lab everywhere)");
    }

    @Test
    @DisplayName("Report a reference solutions/pom.xml does not list")
    void referenceNotListed() {
        LabEvidence honest = honest();
        ReactorEvidence reactor = new ReactorEvidence(Set.of(LAB), Set.of(), "tools/check/pom.xml",
                honest.reactor().checkDependencies(), honest.reactor().artifactIds(), honest.reactor().referenceUsers());
        LabEvidence lab = new LabEvidence(LAB, 42, honest.starter(), honest.reference(), honest.readme(),
                honest.hints(), true, honest.starterTodoTasks(), reactor, List.of());

        assertThat(problems(lab, Rule.REACTOR)).containsExactly("solutions/pom.xml does not list <module>42-fixture</module>");
    }
}
