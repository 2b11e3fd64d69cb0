package dev.sjl.localcloud;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the local cloud says when an emulator's process ends before the cloud stops it. */
@DisplayName("An emulator's unexpected exit, in words")
class NodeEmulatorExitTest {

    @Test
    @DisplayName("Says Ctrl-C or SIGTERM for a signal the user sent, and 'unexpectedly' with the code for anything else")
    void namesTheCause() {
        assertThat(NodeEmulator.exitReason(130)).isEqualTo("stopped by Ctrl-C (SIGINT)");
        assertThat(NodeEmulator.exitReason(143)).isEqualTo("stopped by SIGTERM");
        assertThat(NodeEmulator.exitReason(137)).as("SIGKILL: something killed it").isEqualTo("exited unexpectedly with code 137");
        assertThat(NodeEmulator.exitReason(1)).isEqualTo("exited unexpectedly with code 1");
    }
}
