package dev.sjl.openapi;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class OpenApiDriftTest {

    static final String REFRESH = "./mvnw -q test -pl capstone/openapi -am -Dtest=OpenApiDriftTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dopenapi.update=true";

    static Path committed() {
        return Path.of(System.getProperty("sjl.openapi.moduleDir", "."), "openapi.json");
    }

    @Test
    @DisplayName("Keeps openapi.json equal to the document the route definitions generate")
    void committedDocumentMatchesTheCode() throws IOException {
        String generated = SystemDefinition.json();
        if (Boolean.getBoolean("openapi.update")) {
            Files.writeString(committed(), generated, StandardCharsets.UTF_8);
        }

        assertThat(Files.exists(committed())).as("openapi.json is committed beside the module's pom.xml. Write it: "
                + REFRESH).isTrue();
        assertThat(Files.readString(committed(), StandardCharsets.UTF_8))
                .as("openapi.json is out of date with the routes or their documentation. Regenerate it: " + REFRESH)
                .isEqualTo(generated);
    }

    @Test
    @DisplayName("Generates the same bytes twice: no ordering by hash, no time, no random value")
    void generationIsDeterministic() {
        assertThat(SystemDefinition.json()).isEqualTo(SystemDefinition.json());
    }
}
