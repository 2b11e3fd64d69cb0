package dev.sjl.kit.model;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The labs in a checkout")
class LabsTest {

    private static final Path ROOT = Path.of("/kit");
    private static final List<Lab> LABS = List.of(Lab.in(ROOT, "01-plain-lambda"), Lab.in(ROOT, "03-jwt"),
            Lab.in(ROOT, "12-capstone"));

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"03", "3", "003", "03-jwt", "jwt", "labs/03-jwt", "labs/03-jwt/", "./labs/03-jwt", "solutions/03-jwt", "03-JWT"})
    @DisplayName("Find lab 03 by its number, name, topic or folder")
    void findsLab(String address) {
        assertThat(Labs.find(LABS, address)).map(Lab::name).contains("03-jwt");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"04", "1-plain", "jw", "labs/", "", "99999999999999999999"})
    @DisplayName("Find nothing for a lab that does not exist")
    void unknownLab(String address) {
        assertThat(Labs.find(LABS, address)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"12", "12-capstone"})
    @DisplayName("Tell lab 12 from lab 1")
    void twoDigitNumbers(String address) {
        assertThat(Labs.find(LABS, address)).map(Lab::name).contains("12-capstone");
    }

    @Test
    @DisplayName("A lab is a labs/NN-topic folder with a pom.xml, listed by name")
    void listsNumberedFoldersWithAPom(@TempDir Path root) throws IOException {
        for (String folder : List.of("10-step-functions", "02-http-events", "06-dynamodb-s3", "scratch", "4-short",
                "05-Upper", "07-no-pom")) {
            Files.createDirectories(root.resolve("labs").resolve(folder));
            if (!folder.equals("07-no-pom")) {
                Files.writeString(root.resolve("labs").resolve(folder).resolve("pom.xml"), "<project/>");
            }
        }
        Files.writeString(root.resolve("labs/pom.xml"), "<project/>");

        List<Lab> labs = Labs.in(root);

        assertThat(labs).map(Lab::name).containsExactly("02-http-events", "06-dynamodb-s3", "10-step-functions");
        assertThat(labs.get(1)).isEqualTo(new Lab("06-dynamodb-s3", 6, root.resolve("labs/06-dynamodb-s3"),
                root.resolve("solutions/06-dynamodb-s3")));
    }

    @Test
    @DisplayName("A folder with a POM but not named NN-topic is a stray, on either side")
    void strays(@TempDir Path root) throws IOException {
        for (String folder : List.of("labs/02-http-events", "labs/scratch", "labs/05-Upper", "solutions/4-short",
                "solutions/02-http-events")) {
            Files.createDirectories(root.resolve(folder));
            Files.writeString(root.resolve(folder).resolve("pom.xml"), "<project/>");
        }
        Files.createDirectories(root.resolve("labs/notes"));

        assertThat(Labs.strays(root)).containsExactly("labs/05-Upper", "labs/scratch", "solutions/4-short");
        assertThat(Labs.withReference(root)).map(Lab::name).containsExactly("02-http-events");
    }

    @Test
    @DisplayName("No labs/ folder: no labs")
    void noLabsFolder(@TempDir Path root) {
        assertThat(Labs.in(root)).isEmpty();
    }

    @Test
    @DisplayName("Each part of a lab where the engine, the CLI and the handbook look for it")
    void parts() {
        Lab lab = Lab.in(ROOT, "03-jwt");

        assertThat(lab.id()).isEqualTo("03");
        assertThat(lab.topic()).isEqualTo("jwt");
        assertThat(lab.labPath()).isEqualTo("labs/03-jwt");
        assertThat(lab.solutionPath()).isEqualTo("solutions/03-jwt");
        assertThat(lab.solutionPom()).isEqualTo(Path.of("/kit/solutions/03-jwt/pom.xml"));
        assertThat(lab.shortcutsDir()).isEqualTo(Path.of("/kit/solutions/03-jwt/shortcuts"));
        assertThat(lab.starterResults()).isEqualTo(Path.of("/kit/labs/03-jwt/target/lab-results.json"));
        assertThat(lab.referenceResults()).isEqualTo(Path.of("/kit/solutions/03-jwt/target/lab-results.json"));
        assertThat(Lab.in(ROOT, "fixture").id()).as("a name without a number is its own address").isEqualTo("fixture");
    }
}
