package dev.sjl.kit.junit;

import dev.sjl.kit.junit.LabResults.TestResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/** The engine launches a shortcut's test classes one at a time; the results file must hold every one of them. */
class LabResultsAppendTest {

    @Test
    @DisplayName("Adds each launch's tests to the results file when kit.results.append is set, and each test once")
    void appendsEveryLaunch(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("lab-results.json");
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("kit.lab", "99-fixture");
        properties.put("kit.role", "engine");
        properties.put("kit.results", file.toString());
        properties.put("kit.results.append", "true");
        Map<String, String> saved = new LinkedHashMap<>();
        properties.keySet().forEach(key -> saved.put(key, System.getProperty(key)));
        try {
            properties.forEach(System::setProperty);
            Launcher launcher = LauncherFactory.create();
            launcher.execute(request().selectors(selectClass(QuickSample.class)).build());
            launcher.execute(request().selectors(selectClass(SlowSample.class)).build());
        } finally {
            saved.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
        }

        assertThat(LabResults.read(file).tests()).extracting(TestResult::name)
                .as("both launches, each test once").containsExactly("quick()", "slow()");
    }

    static class QuickSample {
        @Test
        void quick() {
        }
    }

    static class SlowSample {
        @Test
        void slow() {
        }
    }
}
