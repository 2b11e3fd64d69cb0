package dev.sjl.kit.pit;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pitest.classinfo.ClassName;
import org.pitest.mutationtest.engine.Location;
import org.pitest.mutationtest.engine.MutationDetails;
import org.pitest.mutationtest.engine.MutationIdentifier;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskRegionFilterTest {

    private static final String SOURCE = """
            package demo.jwt;

            final class Issuer {
                static final int GIVEN = 1 + 1;

                int issue() {
                    // BEGIN TASK 2
                    Runnable r = new Runnable() {
                        public void run() {
                            System.out.println("task code in an anonymous class");
                        }
                    };
                    return 2;
                    // STARTER
                    //| throw new UnsupportedOperationException("Task 2: issue");
                    // END TASK 2
                }

                int given() {
                    return GIVEN * 3;
                }
            }
            """;

    @TempDir
    Path sources;

    @Test
    @DisplayName("Keeps the mutants on a task region's lines, nested classes included, and drops the given code's")
    void keepsTheTaskCode() throws IOException {
        write("demo/jwt/Issuer.java", SOURCE);
        TaskLines lines = TaskLines.read(List.of(sources));

        MutationDetails inRegion = mutant("demo.jwt.Issuer", "Issuer.java", 13);
        MutationDetails inAnonymousClass = mutant("demo.jwt.Issuer$1", "Issuer.java", 10);
        MutationDetails givenMethod = mutant("demo.jwt.Issuer", "Issuer.java", 20);
        MutationDetails givenField = mutant("demo.jwt.Issuer", "Issuer.java", 4);
        MutationDetails sameNameOtherPackage = mutant("demo.other.Issuer", "Issuer.java", 13);

        assertThat(TaskRegionFilter.keep(List.of(inRegion, inAnonymousClass, givenMethod, givenField, sameNameOtherPackage),
                lines)).containsExactly(inRegion, inAnonymousClass);
    }

    @Test
    @DisplayName("Names the mutant's source file by its class's package and the file the class names")
    void sourcePath() {
        assertThat(TaskRegionFilter.sourcePath(mutant("dev.sjl.rds.PoolMetrics$1", "PoolMetrics.java", 1)))
                .isEqualTo("dev/sjl/rds/PoolMetrics.java");
        assertThat(TaskRegionFilter.sourcePath(mutant("Top", "Top.java", 1))).isEqualTo("Top.java");
    }

    @Test
    @DisplayName("Refuses source roots without a task region: a score of no mutants must not pass")
    void noRegions() throws IOException {
        write("demo/Plain.java", "package demo;\nclass Plain {}\n");

        assertThatThrownBy(() -> TaskLines.read(List.of(sources))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no // BEGIN TASK region");
    }

    private void write(String path, String text) throws IOException {
        Path file = sources.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private static MutationDetails mutant(String className, String file, int line) {
        ClassName name = ClassName.fromString(className);
        return new MutationDetails(new MutationIdentifier(Location.location(name, "m", "()V"), 0, "MATH"), file,
                "a mutant", line, 0);
    }
}
