package dev.sjl.kit.lab;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

@DisplayName("Reading the build's POMs")
class PomsTest {

    @TempDir
    Path root;

    @Test
    @DisplayName("Map each module's artifactId and name to its folder, ignoring build output")
    void modulePaths() throws IOException {
        write("pom.xml", "<project><artifactId>serverless-java-labs</artifactId><name>Labs</name></project>");
        write("labs/03-jwt/pom.xml", "<project><parent><artifactId>labs</artifactId></parent>"
                + "<artifactId>lab-03-jwt</artifactId><name>Labs :: 03 :: JWT</name></project>");
        write("tools/check/pom.xml", "<project><artifactId>kit-check</artifactId></project>");
        write("labs/03-jwt/target/pom.xml", "<project><artifactId>copied-by-a-plugin</artifactId></project>");
        write("labs/broken/pom.xml", "<project><artifactId>unclosed</project>");

        Map<String, String> paths = Poms.modulePaths(root);

        assertThat(paths).containsOnly(entry("serverless-java-labs", "."), entry("Labs", "."),
                entry("lab-03-jwt", "labs/03-jwt"), entry("Labs :: 03 :: JWT", "labs/03-jwt"),
                entry("kit-check", "tools/check"));
    }

    @Test
    @DisplayName("List modules and dependencies (a profile's too), and read the project's own artifactId, not its parent's")
    void modulesAndDependencies() throws IOException {
        write("pom.xml", "<project><parent><artifactId>parent</artifactId></parent><artifactId>kit-check</artifactId>"
                + "<modules><module>a</module><!-- <module>commented</module> --><module> b </module></modules>"
                + "<dependencies><dependency><groupId>g</groupId><artifactId>lab-01</artifactId></dependency>"
                + "<dependency><artifactId>solution-01</artifactId></dependency></dependencies>"
                + "<profiles><profile><id>p</id><dependencies><dependency><artifactId>lab-02</artifactId></dependency>"
                + "</dependencies></profile></profiles></project>");

        assertThat(Poms.artifactId(root.resolve("pom.xml"))).contains("kit-check");
        assertThat(Poms.modules(root.resolve("pom.xml"))).containsExactly("a", "b");
        assertThat(Poms.dependencyArtifactIds(root.resolve("pom.xml"))).containsExactly("lab-01", "solution-01", "lab-02");
        assertThat(Poms.modules(root.resolve("missing.xml"))).isEmpty();
    }

    private void write(String path, String content) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }
}
