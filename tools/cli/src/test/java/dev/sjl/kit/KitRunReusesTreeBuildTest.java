package dev.sjl.kit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The root {@code kit} script's {@code tree_build_is_current}: when {@code kit run} (and {@code kit cloud}) may stage the
 * tree's own last build instead of building the user service (the local cloud) again. Run in bash against a small tree whose file times the test sets.
 */
@DisplayName("kit run reuses the tree's own build only while it is current")
class KitRunReusesTreeBuildTest {

    private static final Path KIT = Path.of(System.getProperty("kit.root", "../..")).resolve("kit").toAbsolutePath().normalize();
    private static final Instant SOURCES = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant BUILT = SOURCES.plusSeconds(600);

    @TempDir
    Path root;
    private Path classpath;
    private Path referenceJar;

    @BeforeEach
    void aBuiltTree() throws IOException {
        for (String pom : List.of("pom.xml", "capstone/pom.xml", "capstone/system/pom.xml", "solutions/pom.xml",
                "localcloud/pom.xml", "solutions/05-api-gateway/pom.xml")) {
            write(pom, SOURCES);
        }
        write("capstone/system/src/main/java/Kit.java", SOURCES);
        write("solutions/05-api-gateway/src/main/java/Gateway.java", SOURCES);
        write("capstone/system/target/capstone-system-1.0.0-SNAPSHOT.jar", BUILT);
        referenceJar = write("solutions/05-api-gateway/target/solution-05-api-gateway-1.0.0-SNAPSHOT.jar", BUILT);
        classpath = root.resolve("capstone/system/target/kit-run.classpath");
        writeClasspath(referenceJar.toString(), "/m2/com/example/library/1.0/library-1.0.jar");
        // A folder's time counts too (a file deleted or renamed in src/main is a change): these were made with the sources.
        try (var paths = Files.walk(root)) {
            for (Path dir : paths.filter(Files::isDirectory).toList()) {
                Files.setLastModifiedTime(dir, FileTime.from(SOURCES));
            }
        }
    }

    @Test
    @DisplayName("Right after a build of the whole tree: current")
    void afterABuild() throws Exception {
        assertThat(current()).as("every jar newer than its sources, the classpath newer than the POMs").isTrue();
    }

    @Test
    @DisplayName("A source edited after the build: not current")
    void sourceEdited() throws Exception {
        touch("solutions/05-api-gateway/src/main/java/Gateway.java", BUILT.plusSeconds(5));
        assertThat(current()).as("a reference's source newer than its jar").isFalse();
        touch("solutions/05-api-gateway/src/main/java/Gateway.java", SOURCES);
        touch("capstone/system/src/main/java/Kit.java", BUILT.plusSeconds(5));
        assertThat(current()).as("the service's own source newer than its jar").isFalse();
    }

    @Test
    @DisplayName("A source deleted after the build (its folder changed): not current")
    void sourceDeleted() throws Exception {
        touch("solutions/05-api-gateway/src/main/java", BUILT.plusSeconds(5));
        assertThat(current()).isFalse();
    }

    @Test
    @DisplayName("A parent POM edited after the build: not current (its dependencies may have changed)")
    void parentPomEdited() throws Exception {
        touch("pom.xml", BUILT.plusSeconds(5));
        assertThat(current()).isFalse();
    }

    @Test
    @DisplayName("A module of the tree taken from the Maven repository, or a jar that is gone: not current")
    void notTheTreesOwnJars() throws Exception {
        writeClasspath("/m2/dev/sjl/solution-05-api-gateway/1.0.0-SNAPSHOT/solution-05-api-gateway-1.0.0-SNAPSHOT.jar");
        assertThat(current()).as("an installed copy may be older than the tree").isFalse();
        writeClasspath(referenceJar.toString());
        Files.delete(referenceJar);
        assertThat(current()).as("a jar of the tree that is not there").isFalse();
    }

    @Test
    @DisplayName("No build yet: not current")
    void noBuild() throws Exception {
        Files.delete(classpath);
        assertThat(current()).isFalse();
    }

    private boolean current() throws IOException, InterruptedException {
        String script = "root=\"$2\"; source <(sed -n -e '/^PARENT_POMS=/p' -e '/^tree_build_is_current()/,/^}/p' \"$1\"); "
                + "tree_build_is_current capstone/system kit-run.classpath";
        Process bash = new ProcessBuilder("bash", "-c", script, "bash", KIT.toString(), root.toString())
                .redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("the function prints nothing").isEmpty();
        assertThat(bash.exitValue()).as("0 (current) or 1 (not)").isIn(0, 1);
        return bash.exitValue() == 0;
    }

    private void writeClasspath(String... entries) throws IOException {
        Files.writeString(classpath, String.join(":", entries), StandardCharsets.UTF_8);
        Files.setLastModifiedTime(classpath, FileTime.from(BUILT));
    }

    private Path write(String relative, Instant time) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, relative, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(file, FileTime.from(time));
        return file;
    }

    private void touch(String relative, Instant time) throws IOException {
        Files.setLastModifiedTime(root.resolve(relative), FileTime.from(time));
    }
}
