package dev.sjl.kit.engine;

import dev.sjl.kit.junit.FailureReason;
import dev.sjl.kit.junit.LabResults.TestResult;
import dev.sjl.kit.model.LabSources;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The learner's side of the fixture lab, built and tested as kit watch does: the starter, then a task solved. */
class LearnerBuildTest {

    @TempDir
    static Path root;

    @BeforeAll
    static void layOut() throws IOException {
        FixtureLab.copyTree(FixtureLab.resource("fixture"), root);
        Path lab = root.resolve("labs").resolve(FixtureLab.LAB);
        LabSources.writeTree(LabSources.read(root, FixtureLab.LAB).starter(), lab);
        // What labs/pom.xml has Maven write: this module's test classpath stands in for a lab's.
        List<Path> jars = LabClasspath.read(Path.of(System.getProperty("kit.engine.fixtureClasspath",
                "target/fixture-classpath.txt")));
        String joined = jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        Files.createDirectories(lab.resolve("target"));
        Files.writeString(lab.resolve("target").resolve(LabClasspath.COMPILE_FILE), joined);
        Files.writeString(lab.resolve("target").resolve(LabClasspath.TEST_FILE), joined);
    }

    @Test
    @DisplayName("Compiles the learner's code and tests and runs one task's tests, then the others, red for the right reason")
    void runsTheStarterByParts() {
        try (LearnerBuild build = LearnerBuild.open(root, FixtureLab.LAB, Duration.ofSeconds(60))) {
            assertThat(build.compileMain().errors()).isEmpty();
            assertThat(build.compileTests().errors()).isEmpty();

            LearnerBuild.TestRun task1 = build.test(List.of("task:1"), null);
            assertThat(task1.error()).isNull();
            assertThat(task1.results().tests()).hasSize(2).allSatisfy(test -> {
                assertThat(test.tasks()).containsExactly(1);
                assertThat(test.reason()).as("red because task 1 is to do, never because the harness broke")
                        .isIn(FailureReason.TODO, FailureReason.ASSERTION);
                assertThat(test.message()).contains("Task 1: greet the person by name");
            });

            LearnerBuild.TestRun others = build.test(List.of("!task:1"), null);
            assertThat(others.results().tests()).extracting(t -> t.tasks().first()).containsOnly(2, 3).hasSize(5);
        }
    }

    @Test
    @DisplayName("Sees a save: the next compile reads the sources again, and a solved task turns green")
    void seesTheSave() throws IOException {
        Path lab = root.resolve("labs").resolve(FixtureLab.LAB);
        try (LearnerBuild build = LearnerBuild.open(root, FixtureLab.LAB, Duration.ofSeconds(60))) {
            build.compileMain();
            build.compileTests();
            assertThat(build.test(List.of("task:1"), null).results().tests()).noneMatch(TestResult::passed);

            LabSources.writeTree(LabSources.read(root, FixtureLab.LAB).mainSources(task -> task == 1), lab);
            assertThat(build.compileMain().errors()).isEmpty();
            assertThat(build.test(List.of("task:1"), null).results().tests()).hasSize(2).allMatch(TestResult::passed);
        } finally {
            LabSources.writeTree(LabSources.read(root, FixtureLab.LAB).starter(), lab);
        }
    }

    private static final String GREETER = "src/main/java/dev/sjl/fixture/Greeter.java";

    @Test
    @DisplayName("Compiles only the saved file while the API stays the same, and the whole lab when it changes")
    void compilesWhatTheSaveNeeds() throws IOException {
        Path lab = root.resolve("labs").resolve(FixtureLab.LAB);
        Path greeter = lab.resolve(GREETER);
        try (LearnerBuild build = LearnerBuild.open(root, FixtureLab.LAB, Duration.ofSeconds(60))) {
            assertThat(build.compileMain(Set.of()).errors()).isEmpty();
            assertThat(build.lastCompile()).as("the first compile").isEqualTo("the lab");
            build.compileTests();

            LabSources.writeTree(LabSources.read(root, FixtureLab.LAB).mainSources(task -> task == 1), lab);
            assertThat(build.compileMain(Set.of(GREETER)).errors()).isEmpty();
            assertThat(build.lastCompile()).as("a body changed").isEqualTo("1 file");
            assertThat(build.test(List.of("task:1"), null).results().tests()).hasSize(2).allMatch(TestResult::passed);

            String solved = Files.readString(greeter);
            String wider = solved.replace("public int length(", "public int shorter() {\n        return 0;\n"
                    + "    }\n\n    public int length(");
            Files.writeString(greeter, wider);
            assertThat(build.compileMain(Set.of(GREETER)).errors()).isEmpty();
            assertThat(build.lastCompile()).as("a public method added").isEqualTo("the lab (an API changed)");

            Files.writeString(greeter, wider.replace("return String.format(", "return String.fromat("));
            VariantCompiler.Result broken = build.compileMain(Set.of(GREETER));
            assertThat(broken.errors()).singleElement().asString().startsWith(GREETER + ":");
            assertThat(build.test(List.of("task:1"), null).results().tests())
                    .as("the classes of the last good compile are still there").allMatch(TestResult::passed);

            Files.writeString(greeter, wider);
            assertThat(build.compileMain(Set.of()).errors()).as("the file of the failed save is compiled again").isEmpty();
            assertThat(build.lastCompile()).isEqualTo("1 file");

            Files.writeString(greeter, solved);
            assertThat(build.compileMain(Set.of(GREETER)).errors()).isEmpty();
            assertThat(build.lastCompile()).as("the public method removed again").isEqualTo("the lab (an API changed)");

            Files.writeString(lab.resolve("src/main/java/dev/sjl/fixture/Extra.java"), "package dev.sjl.fixture;\n"
                    + "final class Extra {\n}\n");
            assertThat(build.compileMain(Set.of("src/main/java/dev/sjl/fixture/Extra.java")).errors()).isEmpty();
            assertThat(build.lastCompile()).as("a file added").isEqualTo("the lab");
        } finally {
            Files.deleteIfExists(lab.resolve("src/main/java/dev/sjl/fixture/Extra.java"));
            LabSources.writeTree(LabSources.read(root, FixtureLab.LAB).starter(), lab);
        }
    }
}
