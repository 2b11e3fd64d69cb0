package dev.sjl.kit.lab;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Naming a lab")
class WorkspaceTest {

    private static final Path ROOT = Path.of("/kit");
    private static final List<Lab> LABS = List.of(Lab.in(ROOT, "01-plain-lambda"), Lab.in(ROOT, "03-jwt"),
            Lab.in(ROOT, "12-capstone"));

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"03", "3", "003", "03-jwt", "jwt", "labs/03-jwt", "labs/03-jwt/", "./labs/03-jwt", "solutions/03-jwt", "03-JWT"})
    @DisplayName("Find lab 03 by its number, name, topic or folder")
    void findsLab(String address) {
        assertThat(Workspace.find(LABS, address)).map(Lab::name).contains("03-jwt");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"04", "1-plain", "jw", "labs/", ""})
    @DisplayName("Find nothing for a lab that does not exist")
    void unknownLab(String address) {
        assertThat(Workspace.find(LABS, address)).isEmpty();
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"12", "12-capstone"})
    @DisplayName("Tell lab 12 from lab 1")
    void twoDigitNumbers(String address) {
        assertThat(Workspace.find(LABS, address)).map(Lab::name).contains("12-capstone");
    }
}
