package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** How the local S3 starts: on loopback, and with one clear line when its port is taken. */
class S3StartTest {

    @Test
    @DisplayName("Names S3Proxy and the port when S3's fixed port is already taken, and frees what it started")
    void fixedPortInUse() throws IOException {
        int port = Service.S3.emulator().fixedPort();
        // Hold the port ourselves; if something else already holds it, the expectation is the same.
        try (ServerSocket blocker = tryBind(port)) {
            assertThatThrownBy(() -> LocalCloud.builder().services(Service.S3).fixedPorts(true).start())
                    .isInstanceOf(EmulatorStartException.class)
                    .hasMessageContaining("S3Proxy")
                    .hasMessageContaining(Integer.toString(port))
                    .hasMessageContaining("already in use");
        }
        try (LocalCloud cloud = LocalCloud.start(Service.S3)) {
            assertThat(cloud.endpoint(Service.S3).getHost()).as("a later start still works, on loopback")
                    .isEqualTo(Ports.LOOPBACK);
            assertThat(cloud.clients().s3().listBuckets().buckets()).isEmpty();
        }
    }

    private static ServerSocket tryBind(int port) {
        try {
            return new ServerSocket(port, 50, InetAddress.getByName(Ports.LOOPBACK));
        } catch (IOException taken) {
            return null;
        }
    }
}
