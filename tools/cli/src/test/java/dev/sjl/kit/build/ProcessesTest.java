package dev.sjl.kit.build;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessesTest {

    @Test
    void toFileKeepsOutputAndErrorsInOrderAndReturnsTheExitCode(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("run.log");

        int exit = Processes.toFile(dir,
                List.of("bash", "-c", "echo out; echo err >&2; read -t 1 line || echo no-input; exit 3"), log);

        assertThat(exit).isEqualTo(3);
        assertThat(Files.readAllLines(log)).as("stdout and stderr in one log, stdin closed at once")
                .containsExactly("out", "err", "no-input");
    }
}
