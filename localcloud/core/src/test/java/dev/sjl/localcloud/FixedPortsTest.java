package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FixedPortsTest {

    /** Where Linux keeps the range it picks outgoing connections' source ports from. */
    private static final Path LINUX_EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    @Test
    @DisplayName("kit cloud's fixed ports are distinct and below every ephemeral range, so no client connection can hold one when up binds it")
    void outsideEphemeralRanges() throws IOException {
        List<Integer> ports = Arrays.stream(Service.Emulator.values()).map(Service.Emulator::fixedPort).toList();
        assertThat(ports).doesNotHaveDuplicates()
                .allSatisfy(port -> assertThat(port).as("unprivileged, below Linux's 32768-60999 and IANA's 49152-65535").isBetween(1024, 32767));
        if (Files.isReadable(LINUX_EPHEMERAL_RANGE)) {
            // readAllLines, not readString: JDK 17's readString trusts the size /proc reports and returns one byte.
            String[] range = Files.readAllLines(LINUX_EPHEMERAL_RANGE).get(0).trim().split("\\s+");
            int low = Integer.parseInt(range[0]);
            int high = Integer.parseInt(range[1]);
            assertThat(ports).as("this machine's ephemeral range is %d-%d", low, high).noneMatch(port -> port >= low && port <= high);
        }
    }
}
