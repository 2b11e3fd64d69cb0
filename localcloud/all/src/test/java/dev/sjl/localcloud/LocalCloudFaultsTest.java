package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** How the local cloud behaves when things go wrong. These start their own clouds, apart from the shared one. */
// try-with-resources that only hold a port or a cloud open
@SuppressWarnings("try")
@Tag("faults")
class LocalCloudFaultsTest {

    @Test
    @DisplayName("Names the emulator and the port when a fixed port is already taken")
    void fixedPortInUse() throws IOException {
        int port = Service.SSM.emulator().fixedPort();
        // Hold the port ourselves; if something else already holds it, the expectation is the same.
        try (ServerSocket blocker = tryBind(port)) {
            assertThatThrownBy(() -> LocalCloud.builder().services(Service.SSM).fixedPorts(true).start())
                    .as("kit cloud must fail with a clear line, not pick another port the CLI does not know")
                    .isInstanceOf(EmulatorStartException.class)
                    .hasMessageContaining("SSM / Secrets Manager / EventBridge fake")
                    .hasMessageContaining(Integer.toString(port))
                    .hasMessageContaining("already in use");
        }
    }

    @Test
    @DisplayName("Detects a crashed emulator process instead of hanging on it, and leaves no process behind on close")
    void crashedChildIsDetected() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(Service.SQS)) {
            ProcessHandle child = emulatorProcess("fauxqs-launcher").orElseThrow();
            child.destroyForcibly();
            child.onExit().get(10, TimeUnit.SECONDS);

            assertThat(cloud.isRunning(Service.SQS)).as("a dead emulator must be reported as not running").isFalse();
            assertThatThrownBy(() -> cloud.endpoint(Service.SQS)).as("asking for a dead emulator's endpoint names it")
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("fauxqs").hasMessageContaining("exited");
        }
    }

    @Test
    @DisplayName("Detects a crashed PostgreSQL, whose watchdog removes the cluster; stops a live one on close")
    void postgresCrashAndClose() throws Exception {
        try (LocalCloud cloud = LocalCloud.start(Service.POSTGRES)) {
            ProcessHandle postmaster = postmaster().orElseThrow();
            ProcessHandle watchdog = postmaster.parent().orElseThrow();
            Path data = dataDirectory(postmaster);
            assertThat(data).isDirectory();
            postmaster.destroyForcibly();
            watchdog.onExit().get(10, TimeUnit.SECONDS); // it exits once it has removed the cluster

            assertThat(cloud.isRunning(Service.POSTGRES)).as("a dead emulator must be reported as not running").isFalse();
            assertThatThrownBy(() -> cloud.postgres()).as("asking a dead PostgreSQL for its connection names it")
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("PostgreSQL").hasMessageContaining("exited");
            assertThat(data.getParent()).as("the crashed server's run folder is removed").doesNotExist();
        }
        ProcessHandle second;
        Path data;
        try (LocalCloud cloud = LocalCloud.start(Service.POSTGRES)) {
            second = postmaster().orElseThrow();
            data = dataDirectory(second);
        }
        assertThat(second.isAlive()).as("close() waits for the server to stop").isFalse();
        assertThat(data.getParent()).as("close() removes the run folder").doesNotExist();
    }

    private static Optional<ProcessHandle> postmaster() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().command().map(c -> c.endsWith("/bin/postgres")).orElse(false))
                .filter(p -> p.parent().map(parent -> !parent.info().command().orElse("").endsWith("/bin/postgres")).orElse(true))
                .findFirst();
    }

    private static Path dataDirectory(ProcessHandle postmaster) {
        List<String> args = List.of(postmaster.info().arguments().orElseThrow());
        return Path.of(args.get(args.indexOf("-D") + 1));
    }

    @Test
    @DisplayName("Stops its Node emulators when closed")
    void closeStopsChildren() throws Exception {
        ProcessHandle child;
        try (LocalCloud cloud = LocalCloud.start(Service.COGNITO)) {
            child = emulatorProcess("cognito-launcher").orElseThrow();
            assertThat(child.isAlive()).isTrue();
        }
        child.onExit().get(10, TimeUnit.SECONDS);
        assertThat(child.isAlive()).as("cognito-local must be gone after close()").isFalse();
    }

    @Test
    @DisplayName("Explains how to fix a missing Node.js instead of failing with an obscure error")
    void missingNode() {
        String previous = System.getProperty("localcloud.node");
        System.setProperty("localcloud.node", "/nonexistent/bin/node");
        try {
            assertThatThrownBy(() -> LocalCloud.start(Service.SNS))
                    .isInstanceOf(EmulatorStartException.class)
                    .hasMessageContaining("Node.js")
                    .hasMessageContaining("apt-get install nodejs npm");
        } finally {
            if (previous == null) {
                System.clearProperty("localcloud.node");
            } else {
                System.setProperty("localcloud.node", previous);
            }
        }
    }

    @Test
    @DisplayName("Binds every emulator to loopback only: the machine's LAN address stays free on the same port")
    void loopbackOnly() throws Exception {
        Optional<InetAddress> lan = lanAddress();
        assumeThat(lan).as("this machine has a non-loopback IPv4 address to probe").isPresent();
        try (LocalCloud cloud = LocalCloud.start(Service.values())) {
            for (var entry : cloud.endpoints().entrySet()) {
                int port = entry.getValue().getPort();
                // No traffic leaves loopback: a listener on every interface (0.0.0.0) would make this bind fail.
                assertThat(canBind(lan.get(), port))
                        .as(entry.getKey() + " must listen on 127.0.0.1 only, not on " + lan.get().getHostAddress()).isTrue();
                assertThat(canBind(InetAddress.getByName(Ports.LOOPBACK), port))
                        .as(entry.getKey() + " holds its loopback port").isFalse();
            }
        }
    }

    private static ServerSocket tryBind(int port) throws IOException {
        try {
            return new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"));
        } catch (IOException alreadyTaken) {
            return new ServerSocket();
        }
    }

    private static Optional<ProcessHandle> emulatorProcess(String launcher) {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().arguments().map(List::of).orElse(List.of()).stream().anyMatch(a -> a.contains(launcher)))
                .findFirst();
    }

    private static Optional<InetAddress> lanAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (nic.isUp() && !nic.isLoopback()) {
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address) {
                        return Optional.of(address);
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean canBind(InetAddress address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(address, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
