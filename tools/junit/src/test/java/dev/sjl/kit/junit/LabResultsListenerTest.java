package dev.sjl.kit.junit;

import dev.sjl.kit.junit.LabResults.Status;
import dev.sjl.kit.junit.LabResults.TestResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

class LabResultsListenerTest {

    private static final Hints SEVEN_TASKS = Hints.parse("""
            # Lab 03 · Hints
            ## 1. Hash passwords
            - a
            ## 2. Issue tokens
            - b
            ## 3. Verify tokens
            - c
            ## 4. Sign up
            - d
            ## 5. Log in
            - e
            ## 6. Rotate
            - f
            ## 7. Publish keys
            - g
            """);

    private static TestResult test(String name, int task, boolean passed) {
        return new TestResult("[method:" + name + "()]", "dev.sjl.jwt.SomeTest", name, new TreeSet<>(List.of(task)),
                passed ? Status.PASSED : Status.FAILED, passed ? null : FailureReason.TODO, passed ? null : task,
                passed ? null : "Task " + task + ": do it");
    }

    private static String summary(List<TestResult> tests, String filter) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LabResults run = new LabResults("03-jwt", "starter", "2030-01-01T00:00:00Z", tests, List.of());
        LabResultsListener.printSummary(run, SEVEN_TASKS, filter, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("kit watch's first part: the other tasks are still running, no Maven command, never 'All tasks green'")
    void watchFirstPart() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LabResults run = new LabResults("03-jwt", "starter", "2030-01-01T00:00:00Z",
                List.of(test("verifies", 3, true), test("refuses none", 3, true)), List.of());
        LabResultsListener.printSummary(run, SEVEN_TASKS, new LabResultsListener.Scope("task 3 first", true, false),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("---- Lab 03-jwt (starter), task 3 first ----", "[x] Task 3")
                .contains("6 tasks are still running (1, 2, 4, 5, 6 and 7)")
                .doesNotContain("All tasks green", "./mvnw", "not run");
    }

    @Test
    @DisplayName("A run filtered to one green task says which tasks it did not run, never 'All tasks green'")
    void filteredGreenRunIsNotAllGreen() {
        String out = summary(List.of(test("hashes", 1, true), test("refuses short", 1, true)), "-Dgroups=task:1");

        assertThat(out).contains("filtered: -Dgroups=task:1")
                .contains("[x] Task 1")
                .contains("6 tasks were not run (2, 3, 4, 5, 6 and 7)")
                .contains("All tasks: ./mvnw test -pl labs/03-jwt")
                .doesNotContain("All tasks green");
    }

    @Test
    @DisplayName("A run filtered to one red task reports that task's state and how many tasks it left out")
    void filteredRedRunReportsItsTask() {
        String out = summary(List.of(test("hashes", 1, true), test("refuses short", 1, false)), "-Dgroups=task:1");

        assertThat(out).contains("[ ] Task 1  Hash passwords", "1/2")
                .contains("Next: Task 1: refuses short -> Task 1: do it")
                .contains("Also 6 tasks were not run (2, 3, 4, 5, 6 and 7)")
                .doesNotContain("All tasks green");
    }

    @Test
    @DisplayName("A run that lacks tasks hints.md names is partial even without a Surefire filter")
    void missingTasksMakeARunPartial() {
        String out = summary(List.of(test("hashes", 1, true), test("issues", 2, true)), null);

        assertThat(out).contains("not every task ran").contains("5 tasks were not run (3, 4, 5, 6 and 7)")
                .doesNotContain("All tasks green");
    }

    @Test
    @DisplayName("An unfiltered run with every task green still says so")
    void completeGreenRun() {
        List<TestResult> tests = java.util.stream.IntStream.rangeClosed(1, 7).mapToObj(t -> test("t" + t, t, true))
                .toList();

        assertThat(summary(tests, null)).contains("All tasks green. Next: ./kit status").doesNotContain("filtered");
    }

    @Test
    @DisplayName("Surefire's groups, excludedGroups and test properties mark a filtered run")
    void filterFromSystemProperties() {
        Properties none = new Properties();
        Properties groups = new Properties();
        groups.setProperty("groups", "task:3");
        groups.setProperty("test", " ");
        Properties both = new Properties();
        both.setProperty("groups", "task:3");
        both.setProperty("test", "JwtVerifierTest");

        assertThat(LabResultsListener.filterOf(none)).isNull();
        assertThat(LabResultsListener.filterOf(groups)).isEqualTo("-Dgroups=task:3");
        assertThat(LabResultsListener.filterOf(both)).isEqualTo("-Dgroups=task:3 -Dtest=JwtVerifierTest");
    }
}
