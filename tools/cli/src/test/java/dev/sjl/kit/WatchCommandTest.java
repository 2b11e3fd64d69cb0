package dev.sjl.kit;

import dev.sjl.kit.lab.Workspace;
import dev.sjl.kit.model.Lab;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class WatchCommandTest {

    @TempDir
    Path root;

    private Path write(String path, Instant modified) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, path);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    @Test
    @DisplayName("Without a lab, watches the one whose sources were changed last")
    void lastChanged() throws IOException {
        Instant now = Instant.parse("2026-12-03T05:00:00Z");
        write("labs/01-plain/pom.xml", now);
        write("labs/01-plain/src/main/java/A.java", now.minusSeconds(60));
        write("labs/02-http/pom.xml", now);
        write("labs/02-http/src/test/java/BTest.java", now.minusSeconds(10));
        write("labs/03-jwt/pom.xml", now);
        write("labs/03-jwt/src/main/java/C.java", now.minusSeconds(3600));
        write("labs/03-jwt/README.md", now.plusSeconds(60));

        assertThat(WatchCommand.lastChanged(new Workspace(root))).map(Lab::name)
                .as("a save under src counts, the README does not").contains("02-http");
    }

    @Test
    @DisplayName("Lets Maven resolve the lab again only when a classpath file is missing or a POM is newer")
    void resolving() throws IOException {
        Instant now = Instant.parse("2026-12-03T05:00:00Z");
        write("pom.xml", now.minusSeconds(600));
        write("labs/pom.xml", now.minusSeconds(600));
        write("labs/03-jwt/pom.xml", now.minusSeconds(600));
        Lab lab = Lab.in(root, "03-jwt");
        assertThat(WatchCommand.needsResolving(root, lab)).as("never resolved").isTrue();

        write("labs/03-jwt/target/kit-compile-classpath.txt", now);
        write("labs/03-jwt/target/kit-test-classpath.txt", now);
        assertThat(WatchCommand.needsResolving(root, lab)).isFalse();

        write("labs/03-jwt/pom.xml", now.plusSeconds(5));
        assertThat(WatchCommand.needsResolving(root, lab)).as("the lab's POM changed").isTrue();
    }
}
