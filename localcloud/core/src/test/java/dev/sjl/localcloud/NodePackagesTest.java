package dev.sjl.localcloud;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import static org.assertj.core.api.Assertions.assertThat;

class NodePackagesTest {

    @Test
    @DisplayName("Keeps the launchers in a folder named after their content, beside node_modules, and never rewrites it")
    void launchersNeverRewritten(@TempDir Path logs) throws IOException {
        Path launchers = NodePackages.home(logs);

        assertThat(launchers.getParent().getFileName()).hasToString("launchers");
        assertThat(launchers.getFileName().toString()).matches("[0-9a-f]{16}");
        Path install = launchers.getParent().getParent();
        assertThat(install.resolve("node_modules")).as("node_modules, found by Node walking up from a launcher")
                .isDirectory();
        for (String file : new String[] {"dynalite-launcher.mjs", "fauxqs-launcher.mjs", "cognito-launcher.cjs"}) {
            try (InputStream resource = NodePackages.class.getResourceAsStream("/dev/sjl/localcloud/node/" + file)) {
                assertThat(launchers.resolve(file)).as(file).hasBinaryContent(resource.readAllBytes());
            }
        }
        // Another checkout starting emulators must leave this one's files alone while its emulators read them.
        FileTime written = Files.getLastModifiedTime(launchers.resolve("cognito-launcher.cjs"));
        FileTime packageJson = Files.getLastModifiedTime(install.resolve("package.json"));
        assertThat(NodePackages.home(logs)).isEqualTo(launchers);
        assertThat(Files.getLastModifiedTime(launchers.resolve("cognito-launcher.cjs"))).isEqualTo(written);
        assertThat(Files.getLastModifiedTime(install.resolve("package.json"))).isEqualTo(packageJson);
    }
}
