package dev.sjl.kit.lab;

import dev.sjl.kit.KitException;
import dev.sjl.kit.model.LabSources;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class LabScaffoldTest {

    @TempDir
    Path root;

    @BeforeEach
    void kitWithOneLab() throws IOException {
        write("labs/pom.xml", "<project>\n  <modules>\n    <module>01-plain-lambda</module>\n  </modules>\n</project>\n");
        write("solutions/pom.xml", "<project>\n  <modules>\n    <module>01-plain-lambda</module>\n  </modules>\n</project>\n");
        String dependency = """
                <project><artifactId>%s</artifactId>
                  <dependencies>
                    <dependency>
                      <groupId>dev.sjl</groupId>
                      <artifactId>solution-01-plain-lambda</artifactId>
                    </dependency>
                  </dependencies>
                </project>
                """;
        write("tools/check/pom.xml", dependency.formatted("kit-check"));
        write("docs/pom.xml", dependency.formatted("docs"));
        write("tools/rehearse/pom.xml", dependency.formatted("kit-rehearse"));
        write("README.md", "| Lab | Topic |\n|---|---|\n| [01-plain-lambda](labs/01-plain-lambda) | Lambda |\n\nMore.\n");
        Files.createDirectories(root.resolve("labs/01-plain-lambda"));
        Files.createDirectories(root.resolve("solutions/01-plain-lambda"));
    }

    @Test
    @DisplayName("Lays out a lab whose starter is generated, and registers it in every build file that lists labs")
    void laysOutAndRegisters() throws IOException {
        new LabScaffold(root, "10-step-functions", "Step Functions").create();

        assertThat(LabSources.read(root, "10-step-functions").differencesFrom(root.resolve("labs/10-step-functions")))
                .as("the starter is what its reference generates").isEmpty();
        assertThat(root.resolve("labs/10-step-functions/src/main/java/dev/sjl/stepfunctions/FirstStep.java"))
                .content().contains("throw new UnsupportedOperationException(\"Task 1:").doesNotContain("BEGIN TASK");
        assertThat(root.resolve("labs/10-step-functions/README.md")).content()
                .startsWith("# Lab 10 · Step Functions\n").contains("**Time:** 60 min", "*reference*");
        assertThat(Poms.modules(root.resolve("labs/pom.xml"))).containsExactly("01-plain-lambda", "10-step-functions");
        assertThat(Poms.modules(root.resolve("solutions/pom.xml"))).containsExactly("01-plain-lambda", "10-step-functions");
        assertThat(Poms.dependencyArtifactIds(root.resolve("tools/check/pom.xml")))
                .containsExactly("solution-01-plain-lambda", "lab-10-step-functions", "solution-10-step-functions");
        assertThat(Poms.dependencyArtifactIds(root.resolve("docs/pom.xml")))
                .containsExactly("solution-01-plain-lambda", "solution-10-step-functions");
        assertThat(Poms.dependencyArtifactIds(root.resolve("tools/rehearse/pom.xml")))
                .containsExactly("solution-01-plain-lambda", "solution-10-step-functions");
        assertThat(root.resolve("README.md")).content()
                .contains("| [01-plain-lambda](labs/01-plain-lambda) | Lambda |\n| [10-step-functions](labs/10-step-functions) |");
        for (String authored : new String[] {"docs/src/questions/10-step-functions.yml",
                "docs/src/docs/asciidoc/labs/10-step-functions/revision.adoc", "diagrams/10-step-functions.puml",
                "labs/10-step-functions/hints.md"}) {
            assertThat(root.resolve(authored)).as("%s is scaffold text to replace", authored).content()
                    .contains(LabScaffold.AUTHOR_TODO);
        }
    }

    @Test
    @DisplayName("Refuses a malformed name, a taken number and a lab that exists")
    void refuses() {
        assertThat(catchThrowable(() -> new LabScaffold(root, "10_Step", "x"))).isInstanceOf(KitException.class)
                .hasMessageContaining("NN-topic");
        assertThat(catchThrowable(() -> new LabScaffold(root, "01-other", "Other").create()))
                .isInstanceOf(KitException.class).hasMessage("there is already a lab 01 in labs");
        assertThat(catchThrowable(() -> new LabScaffold(root, "01-plain-lambda", "Again").create()))
                .isInstanceOf(KitException.class).hasMessageContaining("already exists");
    }

    private void write(String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
