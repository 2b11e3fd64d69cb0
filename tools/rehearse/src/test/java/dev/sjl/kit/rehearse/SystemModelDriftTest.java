package dev.sjl.kit.rehearse;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs in the self-test only ({@code -Pselftest} puts the references on the classpath and sets
 * {@code kit.drills.check}): the system model shipped in kit-rehearse must be what the references' code says today.
 */
@EnabledIfSystemProperty(named = "kit.drills.check", matches = "true")
class SystemModelDriftTest {

    // Every reference is on the self-test's classpath of this module, so the refresh installs them all first.
    private static final String REFRESH = "./mvnw -q -Pselftest install -pl tools/rehearse -am -DskipTests && "
            + "./mvnw -q -Pselftest test -pl tools/rehearse -Dtest=SystemModelDriftTest -Dkit.drills.update=true";

    private final SystemModel scanned = SystemModelScanner.scan(SystemModelScanner.discover());

    @Test
    @Tag("task:2")
    @DisplayName("Keeps system-model.json equal to the references' route tables, handlers and configuration")
    void modelMatchesCode() throws IOException {
        Path file = Path.of(System.getProperty("kit.rehearse.moduleDir"), "src/main/resources")
                .resolve(SystemModel.RESOURCE.substring(1));
        if (Boolean.getBoolean("kit.drills.update")) {
            Files.writeString(file, scanned.toJson(), StandardCharsets.UTF_8);
        }

        assertThat(scanned.labs()).as("The self-test must put the references on kit-rehearse's test classpath")
                .isNotEmpty();
        assertThat(Files.readString(file, StandardCharsets.UTF_8))
                .as("The drills are out of date with the code. Refresh them: " + REFRESH)
                .isEqualTo(scanned.toJson());
    }

    @Test
    @Tag("task:2")
    @DisplayName("Generates a walk-through drill for every route of every reference handler")
    void everyRouteHasAWalk() {
        List<Drill> walks = Drills.from(scanned).stream().filter(d -> d.kind() == Drill.Kind.WALK).toList();

        for (SystemModel.Lab lab : scanned.labs()) {
            for (SystemModel.Handler handler : lab.handlers()) {
                for (SystemModel.Route route : handler.routes()) {
                    assertThat(walks).as("A walk drill for %s %s of %s", route.method(), route.path(), lab.lab())
                            .anySatisfy(d -> {
                                assertThat(d.lab()).isEqualTo(lab.lab());
                                assertThat(d.prompt()).contains("`" + route.method() + " " + route.path() + "`");
                                assertThat(d.expectedSteps()).anySatisfy(s -> assertThat(s)
                                        .startsWith("Access `" + route.access() + "`"));
                            });
                }
            }
        }
    }
}
