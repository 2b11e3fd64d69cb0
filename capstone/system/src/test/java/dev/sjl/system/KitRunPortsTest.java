package dev.sjl.system;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sjl.localcloud.Service;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KitRunPortsTest {

    @Test
    @DisplayName("kit run's gateway and console ports are below every ephemeral range and apart from the local cloud's")
    void besideTheLocalCloud() {
        assertThat(LocalUserService.GATEWAY_PORT).isNotEqualTo(LocalUserService.CONSOLE_PORT);
        for (int port : new int[] {LocalUserService.GATEWAY_PORT, LocalUserService.CONSOLE_PORT}) {
            assertThat(port).as("below Linux's ephemeral 32768-60999: an outgoing connection could hold it").isBetween(1024, 32767);
            assertThat(Service.table()).as("port %d is not one of the local cloud's", port)
                    .noneMatch(row -> URI.create(row.endpoint()).getPort() == port);
        }
    }
}
