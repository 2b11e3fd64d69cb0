package dev.sjl.kit.engine.isolated;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ShortcutOrderTest {

    @Test
    @DisplayName("Runs a shortcut's quick classes first, unknown ones as quick, and fuzz classes last whatever their time")
    void quickFirstFuzzLast() {
        Map<String, Long> millis = Map.of(
                "dev.sjl.rds.UsersHandlerFuzzTest", 1_500L,
                "dev.sjl.rds.UsersHandlerTest", 4_400L,
                "dev.sjl.rds.CredentialsTest", 1_200L,
                "dev.sjl.rds.AFuzzTest", 900L);

        assertThat(PlatformRun.shortcutOrder(List.of("dev.sjl.rds.UsersHandlerFuzzTest", "dev.sjl.rds.UsersHandlerTest",
                "dev.sjl.rds.AFuzzTest", "dev.sjl.rds.CredentialsTest", "dev.sjl.rds.NewTest"), millis))
                .containsExactly("dev.sjl.rds.NewTest", "dev.sjl.rds.CredentialsTest", "dev.sjl.rds.UsersHandlerTest",
                        "dev.sjl.rds.AFuzzTest", "dev.sjl.rds.UsersHandlerFuzzTest");
    }
}
