package dev.sjl.kit.check;

import dev.sjl.kit.junit.FailureReason;
import dev.sjl.kit.model.LabSources;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static dev.sjl.kit.check.Fixtures.failed;
import static dev.sjl.kit.check.Fixtures.passed;
import static dev.sjl.kit.check.Fixtures.reference;
import static dev.sjl.kit.check.Fixtures.starter;
import static org.assertj.core.api.Assertions.assertThat;

/** The self-test reading a small kit laid out on disk the way the real one is. */
@DisplayName("The self-test reading a kit from disk")
class SelfTestReadTest {

    @TempDir
    Path root;

    @BeforeEach
    void layOutAnHonestKit() throws IOException {
        write("pom.xml", pom("serverless-java-labs", "<modules><module>labs</module><module>solutions</module>"
                + "<module>tools/check</module></modules>"));
        write("labs/pom.xml", pom("labs", "<modules><module>42-fixture</module></modules>"));
        write("solutions/pom.xml", pom("solutions", "<modules><module>42-fixture</module></modules>"));
        write("tools/check/pom.xml", pom("kit-check", "<dependencies>"
                + "<dependency><groupId>dev.sjl</groupId><artifactId>lab-42-fixture</artifactId></dependency>"
                + "<dependency><groupId>dev.sjl</groupId><artifactId>solution-42-fixture</artifactId></dependency>"
                + "</dependencies>"));
        write("solutions/42-fixture/pom.xml", "<project><parent><artifactId>solutions</artifactId></parent>"
                + "<artifactId>solution-42-fixture</artifactId><name>Fixture (reference)</name></project>\n");
        write("labs/42-fixture/README.md", Fixtures.README);
        write("labs/42-fixture/hints.md", Fixtures.HINTS);
        write("solutions/42-fixture/src/main/java/dev/sjl/fixture/Parser.java", """
                package dev.sjl.fixture;
                public final class Parser {
                    public int parse(String text) {
                        // BEGIN TASK 1
                        return Integer.parseInt(text);
                        // STARTER
                        //| // TODO: digits only; anything else is the caller's error
                        //| throw new UnsupportedOperationException("Task 1: parse the number");
                        // END TASK 1
                    }
                }
                """);
        LabSources.read(root, "42-fixture").writeStarter(root.resolve("labs/42-fixture"));
        starter(failed("parses", 1, FailureReason.TODO), failed("renders", 2, FailureReason.ASSERTION))
                .write(root.resolve("labs/42-fixture/target/lab-results.json"));
        reference(passed("parses", 1), passed("renders", 2))
                .write(root.resolve("solutions/42-fixture/target/lab-results.json"));
    }

    @Test
    @DisplayName("Find an honest kit honest")
    void honestKit() {
        SelfTest selfTest = SelfTest.read(root, null);

        assertThat(selfTest.labs()).extracting(LabEvidence::lab).containsExactly("42-fixture");
        assertThat(selfTest.labs().get(0).starterTodoTasks()).as("the TODO in Parser.java is read").containsExactly(1);
        assertThat(selfTest.findings()).isEmpty();
        assertThat(selfTest.treeProblems()).isEmpty();
    }

    @Test
    @DisplayName("Judge only the labs kit check was asked for, and the tree's own problems whole")
    void onlyTheNamedLabs() throws IOException {
        write("solutions/43-orphan/pom.xml", pom("solution-43-orphan", ""));

        SelfTest named = SelfTest.read(root, null, SelfTest.onlyLabs("42-fixture"));
        SelfTest other = SelfTest.read(root, null, SelfTest.onlyLabs(" 07-other , 08-more "));

        assertThat(named.labs()).extracting(LabEvidence::lab).containsExactly("42-fixture");
        assertThat(other.labs()).as("a lab not named is not judged").isEmpty();
        assertThat(other.treeProblems()).as("an orphan reference is reported whichever labs are named")
                .contains("solutions/43-orphan has no lab: labs/43-orphan/pom.xml is missing");
        assertThat(SelfTest.onlyLabs(" ")).isEmpty();
    }

    @Test
    @DisplayName("Treat results written before this build started as missing")
    void leftoverResults() {
        SelfTest selfTest = SelfTest.read(root, Instant.parse("2031-01-01T00:00:00Z"));

        assertThat(selfTest.findings()).extracting(Finding::message)
                .anySatisfy(m -> assertThat(m).contains("no starter results", "left over from an earlier run"))
                .anySatisfy(m -> assertThat(m).contains("no reference results", "left over from an earlier run"));
    }

    @Test
    @DisplayName("Report a starter TODO for a task hints.md does not have, found in the source")
    void todoInSource() throws IOException {
        write("solutions/42-fixture/src/main/java/dev/sjl/fixture/Renderer.java", """
                class Renderer {
                    void r() {
                        // BEGIN TASK 5
                        // STARTER
                        //| throw new UnsupportedOperationException("Task 5: render");
                        // END TASK 5
                    }
                }
                """);
        LabSources.read(root, "42-fixture").writeStarter(root.resolve("labs/42-fixture"));

        assertThat(SelfTest.read(root, null).findings()).extracting(Finding::message)
                .containsExactly("a starter TODO says \"Task 5:\" but hints.md has no task 5");
    }

    @Test
    @DisplayName("Report a lab missing from tools/check/pom.xml and a reference without a lab")
    void reactorAndOrphans() throws IOException {
        write("tools/check/pom.xml", pom("kit-check", "<dependencies></dependencies>"));
        write("solutions/43-orphan/pom.xml", pom("solution-43-orphan", ""));

        SelfTest selfTest = SelfTest.read(root, null);

        assertThat(selfTest.findings()).extracting(Finding::message).containsExactly(
                "tools/check/pom.xml has no test dependency on lab-42-fixture (labs/42-fixture), so Maven may "
                        + "run the self-test before it",
                "tools/check/pom.xml has no test dependency on solution-42-fixture (solutions/42-fixture), so Maven may "
                        + "run the self-test before it");
        assertThat(selfTest.treeProblems()).containsExactly("solutions/43-orphan has no lab: labs/43-orphan/pom.xml is missing");
    }

    @Test
    @DisplayName("Name a folder with a POM that every tool skips because it is not named NN-topic")
    void strayFolder() throws IOException {
        write("labs/scratch/pom.xml", pom("lab-scratch", ""));
        write("solutions/4-short/pom.xml", pom("solution-4-short", ""));

        SelfTest selfTest = SelfTest.read(root, null);

        assertThat(selfTest.labs()).extracting(LabEvidence::lab).containsExactly("42-fixture");
        assertThat(selfTest.treeProblems()).containsExactly(
                "labs/scratch has a pom.xml but is not a lab: a lab's folder is named NN-topic (two digits, then "
                        + "lower-case words joined by '-'), so kit, the self-test and the handbook skip it",
                "solutions/4-short has a pom.xml but is not a lab: a lab's folder is named NN-topic (two digits, then "
                        + "lower-case words joined by '-'), so kit, the self-test and the handbook skip it");
    }

    @Test
    @DisplayName("Fail when there are no labs at all")
    void noLabs() throws IOException {
        Files.delete(root.resolve("labs/42-fixture/pom.xml"));

        assertThat(SelfTest.read(root, null).treeProblems()).contains("labs/ has no lab (no labs/*/pom.xml): there is nothing to check");
    }

    private void write(String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private static String pom(String artifactId, String body) {
        return "<project><modelVersion>4.0.0</modelVersion><groupId>dev.sjl</groupId><artifactId>" + artifactId
                + "</artifactId>" + body + "</project>";
    }
}
