package dev.sjl.kit.build;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** kit check's table of phases: Maven's reactor summary grouped by module folder, and the self-test's jobs summed. */
class PhaseTimesTest {

    private static final Map<String, String> PATHS = Map.of(
            "serverless-java-labs", ".",
            "kit-engine", "tools/engine",
            "localcloud-core", "localcloud/core",
            "solution-03-jwt", "solutions/03-jwt",
            "solution-04-cognito", "solutions/04-cognito",
            "lab-03-jwt", "labs/03-jwt",
            "docs", "docs",
            "kit-check", "tools/check");

    @Test
    @DisplayName("Reads Maven's durations: seconds, min:s and h:min:s")
    void durations() {
        assertThat(PhaseTimes.millis("0.328 s")).isEqualTo(328);
        assertThat(PhaseTimes.millis(" 16.905 s")).isEqualTo(16_905);
        assertThat(PhaseTimes.millis("01:11 min")).isEqualTo(71_000);
        assertThat(PhaseTimes.millis("1:02:03 h")).isEqualTo(3_723_000);
        assertThat(PhaseTimes.millis(null)).isEqualTo(-1);
        assertThat(PhaseTimes.millis("soon")).isEqualTo(-1);
    }

    @Test
    @DisplayName("Groups modules by folder, the self-test module apart from the other kit tools, skipped ones left out")
    void groups() {
        PhaseTimes times = PhaseTimes.of(List.of(
                module("serverless-java-labs", "0.5 s"),
                module("kit-engine", "01:11 min"),
                module("localcloud-core", "01:27 min"),
                module("solution-03-jwt", "14.0 s"),
                module("solution-04-cognito", "22.0 s"),
                module("lab-03-jwt", "6.0 s"),
                module("docs", "01:30 min"),
                module("kit-check", "05:00 min"),
                new BuildLog.ModuleResult(null, "Labs :: skipped", "SKIPPED", null)), PATHS);

        assertThat(times.rows()).extracting(PhaseTimes.Row::phase, PhaseTimes.Row::millis, PhaseTimes.Row::count)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("other modules", 500L, 1),
                        org.assertj.core.groups.Tuple.tuple("kit tools (tools/*)", 71_000L, 1),
                        org.assertj.core.groups.Tuple.tuple("local cloud (localcloud/*)", 87_000L, 1),
                        org.assertj.core.groups.Tuple.tuple("references (solutions/*)", 36_000L, 2),
                        org.assertj.core.groups.Tuple.tuple("starters (labs/*)", 6_000L, 1),
                        org.assertj.core.groups.Tuple.tuple("handbook (docs)", 90_000L, 1),
                        org.assertj.core.groups.Tuple.tuple("self-test: lab engine + mutation (tools/check)", 300_000L, 1));
    }

    @Test
    @DisplayName("Prints the phases, the self-test's jobs under them (labs without a job left out), and the whole run")
    void table() {
        List<String> table = PhaseTimes.of(List.of(module("solution-03-jwt", "14.0 s"), module("kit-check", "02:05 min")),
                        PATHS)
                .job("lab engine", List.of(60_000L, 25_400L))
                .job("mutation", List.of(90_000L, -1L))
                .table(200_000);

        assertThat(table).hasSize(5);
        assertThat(table.get(0)).startsWith("  references (solutions/*) ").endsWith("0:14");
        assertThat(table.get(1)).startsWith("  self-test: lab engine + mutation (tools/check) ").endsWith("2:05");
        assertThat(table.get(2)).startsWith("    lab engine (2 labs, sum of jobs) ").endsWith("1:25");
        assertThat(table.get(3)).startsWith("    mutation (1 lab, sum of jobs) ").endsWith("1:30");
        assertThat(table.get(4)).startsWith("  whole run ").endsWith("3:20");
        // one column for the times
        assertThat(Arrays.stream(table.toArray(String[]::new)).map(String::length).distinct()).hasSize(1);
    }

    @Test
    @DisplayName("kit check NN: the self-test's Maven of its own is a row like the reactor's modules")
    void selfTestBesideTheReactor() {
        List<String> table = PhaseTimes.of(List.of(module("solution-03-jwt", "14.0 s"), module("lab-03-jwt", "6.0 s")),
                        PATHS)
                .module("tools/check", 65_400)
                .job("lab engine", List.of(60_000L))
                .table(80_000);

        assertThat(table).hasSize(5);
        assertThat(table.get(2)).startsWith("  self-test: lab engine + mutation (tools/check) ").endsWith("1:05");
        assertThat(table.get(3)).startsWith("    lab engine (1 lab, sum of jobs) ").endsWith("1:00");
        assertThat(table.get(4)).startsWith("  whole run ").endsWith("1:20");
    }

    private static BuildLog.ModuleResult module(String artifactId, String duration) {
        return new BuildLog.ModuleResult(artifactId, artifactId, "SUCCESS", duration);
    }
}
