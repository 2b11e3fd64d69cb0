package dev.sjl.localcloud.lambda;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The harness prints numbers; these tests check that it measures and reports, never how fast anything was. */
@Timeout(180)
class ColdStartHarnessTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("Prints min, median and max of every metric over the measured runs")
    void reports() throws Exception {
        Path event = Files.writeString(dir.resolve("event.json"), "{\"a\":1}");
        ColdStartHarness.Options options = ColdStartHarness.Options.parse(new String[] {
            "--handler", "dev.sjl.localcloud.lambda.fixtures.EchoHandler::handleRequest", "--event", event.toString(),
            "--runs", "2", "--warm", "2", "--discard", "0", "--env", "GREETING=hi"});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        boolean ok = ColdStartHarness.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(ok).as(out).isTrue();
        assertThat(out).contains("2 cold starts measured", "min", "median", "max");
        for (String metric : ColdStartHarness.METRICS) {
            assertThat(out).contains(metric);
        }
    }

    @Test
    @DisplayName("Stops with the function's error when the handler cannot even start")
    void reportsAFailingFunction() throws Exception {
        Path event = Files.writeString(dir.resolve("event.json"), "\"hi\"");
        ColdStartHarness.Options options = ColdStartHarness.Options.parse(new String[] {
            "--handler", "dev.sjl.localcloud.lambda.fixtures.FailingInitHandler::handleRequest",
            "--event", event.toString(), "--runs", "1", "--discard", "0"});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        boolean ok = ColdStartHarness.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(ok).isFalse();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("GREETING is not set");
    }

    @Test
    @DisplayName("Checks its command line")
    void parsesOptions() throws Exception {
        Path event = Files.writeString(dir.resolve("event.json"), "{}");
        ColdStartHarness.Options defaults = ColdStartHarness.Options.parse(
                new String[] {"--handler", "a.B::handleRequest", "--event", event.toString()});
        assertThat(defaults.runs()).isEqualTo(10);
        assertThat(defaults.warm()).isEqualTo(20);
        assertThat(defaults.discard()).isEqualTo(1);
        assertThat(defaults.memoryMb()).isEqualTo(512);

        assertThatThrownBy(() -> ColdStartHarness.Options.parse(new String[] {"--handler", "a.B"}))
                .hasMessageContaining("--event");
        assertThatThrownBy(() -> ColdStartHarness.Options.parse(
                new String[] {"--handler", "a.B", "--event", dir.resolve("none.json").toString()}))
                .hasMessageContaining("No event file");
        assertThatThrownBy(() -> ColdStartHarness.Options.parse(
                new String[] {"--handler", "a.B", "--event", event.toString(), "--runs", "0"}))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> ColdStartHarness.Options.parse(
                new String[] {"--handler", "a.B", "--event", event.toString(), "--warm", "many"}))
                .hasMessageContaining("at least 0");
        assertThatThrownBy(() -> ColdStartHarness.Options.parse(
                new String[] {"--handler", "a.B", "--event", event.toString(), "--env", "NOVALUE"}))
                .hasMessageContaining("NAME=value");
        assertThatThrownBy(() -> ColdStartHarness.Options.parse(new String[] {"--handler"}))
                .hasMessageContaining("Missing a value");
        assertThatThrownBy(() -> ColdStartHarness.Options.parse(new String[] {"--what", "x"}))
                .hasMessageContaining("Unknown option");
    }

    @Test
    @DisplayName("Takes the middle value, or the mean of the two middle values")
    void median() {
        assertThat(ColdStartHarness.median(List.of(ms(5), ms(1), ms(3)))).isEqualTo(ms(3));
        assertThat(ColdStartHarness.median(List.of(ms(4), ms(1), ms(2), ms(3))))
                .isEqualTo(Duration.ofMillis(2).plusNanos(500_000));
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }
}
