package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The environment a Node emulator is started with. */
class NodeEmulatorEnvironmentTest {

    @Test
    @DisplayName("Leaves out NODE_EXTRA_CA_CERTS, which loopback-only emulators never use but would parse as they start")
    void noCaBundle() {
        Map<String, String> environment = new HashMap<>(Map.of("PATH", "/usr/bin", "HOME", "/home/ada",
                "NODE_EXTRA_CA_CERTS", "/etc/ssl/certs/ca-certificates.crt"));
        NodeEmulator.loopbackOnly(environment);
        assertThat(environment).containsOnlyKeys("PATH", "HOME").containsEntry("PATH", "/usr/bin");
    }
}
