package dev.sjl.kit.engine.watch;

import dev.sjl.kit.engine.LearnerBuild.TestRun;
import dev.sjl.kit.engine.VariantCompiler;
import dev.sjl.kit.junit.FailureReason;
import dev.sjl.kit.junit.Hints;
import dev.sjl.kit.junit.LabResults;
import dev.sjl.kit.junit.LabResults.Status;
import dev.sjl.kit.junit.LabResults.TestResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static dev.sjl.kit.engine.watch.WatchFixtures.results;
import static dev.sjl.kit.engine.watch.WatchFixtures.test;
import static org.assertj.core.api.Assertions.assertThat;

/** The loop against a build that records what it is asked and answers from a script: the order, the words, the stops. */
class WatchLoopTest {

    private static final Hints HINTS = Hints.parse("""
            ## 1. Parse
            - a
            ## 2. Render
            - b
            ## 3. Count
            - c
            """);

    private static final String SAVED = "src/main/java/dev/sjl/fixture/Greeter.java";

    /** A build whose compilations and test runs are scripted; it records the tag expressions of every run. */
    private static final class ScriptedBuild implements WatchLoop.Build {
        final Deque<VariantCompiler.Result> mains = new ArrayDeque<>();
        final Deque<VariantCompiler.Result> tests = new ArrayDeque<>();
        final Deque<LabResults> runs = new ArrayDeque<>();
        final List<List<String>> asked = new ArrayList<>();
        int testCompilations;
        Runnable duringRun = () -> { };
        Runnable cancelled;

        @Override
        public VariantCompiler.Result compileMain(Set<String> changed) {
            return mains.isEmpty() ? ok() : mains.poll();
        }

        @Override
        public VariantCompiler.Result compileTests() {
            testCompilations++;
            return tests.isEmpty() ? ok() : tests.poll();
        }

        @Override
        public TestRun test(List<String> tagExpressions, Consumer<Runnable> cancel) {
            asked.add(tagExpressions);
            if (cancel != null) {
                cancel.accept(() -> cancelled = duringRun);
            }
            duringRun.run();
            return new TestRun(runs.poll(), 5, null);
        }
    }

    private static VariantCompiler.Result ok() {
        return new VariantCompiler.Result(Path.of("classes"), List.of(), List.of(), 1);
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final ScriptedBuild build = new ScriptedBuild();
    private final List<String> events = new ArrayList<>();
    private final List<LabResults> written = new ArrayList<>();
    private boolean savedAgain;

    private final WatchLoop loop = new WatchLoop("99-fixture", build, HINTS,
            new PrintStream(bytes, true, StandardCharsets.UTF_8), () -> savedAgain, new WatchLoop.Listener() {
                @Override
                public void compileFailed() {
                    events.add("compile failed");
                }

                @Override
                public void focused() {
                    events.add("focused");
                }

                @Override
                public void finished(boolean complete) {
                    events.add(complete ? "complete" : "ended");
                }
            }, written::add);

    private String out() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("Runs every test at once on the first run, and says all green only when the whole lab is")
    void firstRun() {
        build.runs.add(results(test(1, Status.PASSED), test(2, Status.PASSED), test(3, Status.PASSED)));

        loop.round(Set.of());

        assertThat(build.asked).containsExactly(List.of());
        assertThat(build.testCompilations).as("the tests are compiled on the first run").isEqualTo(1);
        assertThat(out()).contains("first run", "[x] Task 1", "[x] Task 3", "All tasks green");
        assertThat(events).containsExactly("complete");
        assertThat(written).singleElement().satisfies(run -> assertThat(run.role()).isEqualTo("starter"));
    }

    @Test
    @DisplayName("Runs the lowest red task of the last run first, then every other test, and prints a summary after each")
    void focusFirst() {
        loop.seed(results(test(1, Status.PASSED), test(2, Status.FAILED), test(3, Status.FAILED)));
        build.runs.add(results(test(2, Status.PASSED)));
        build.runs.add(results(test(1, Status.PASSED), test(3, Status.FAILED)));

        loop.round(Set.of(SAVED));

        assertThat(build.asked).containsExactly(List.of("task:2"), List.of("!task:2"));
        assertThat(events).containsExactly("focused", "complete");
        String[] summaries = out().split("---- Lab ");
        assertThat(summaries).hasSize(3);
        assertThat(summaries[0]).contains("saved Greeter.java", "running task 2 (Render) first");
        assertThat(summaries[1]).as("the first part speaks for task 2 only, and says the others are still running")
                .contains("99-fixture (starter), task 2 first ----", "[x] Task 2", "still running (1 and 3)")
                .doesNotContain("All tasks green", "[x] Task 1", "[ ] Task 3");
        assertThat(summaries[2]).contains("[x] Task 1", "[x] Task 2", "[ ] Task 3", "Next: Task 3")
                .doesNotContain("All tasks green");
        assertThat(loop.focus()).as("the next save starts with the next red task").contains(3);
    }

    @Test
    @DisplayName("Never says all green while the other tasks have not run, even when only they are left")
    void honestWhenFocusedTaskTurnsGreen() {
        loop.seed(results(test(1, Status.FAILED), test(2, Status.FAILED), test(3, Status.FAILED)));
        build.runs.add(results(test(1, Status.PASSED)));
        savedAgain = true;

        loop.round(Set.of(SAVED));

        assertThat(out()).contains("[x] Task 1", "Every test this run selected is green; 2 tasks are still running (2 and 3)")
                .contains("saved again").doesNotContain("All tasks green");
        assertThat(build.asked).as("a pending save skips the second part").containsExactly(List.of("task:1"));
        assertThat(events).containsExactly("focused", "ended");
        assertThat(written).as("a partial run is never recorded as the lab's state").isEmpty();
    }

    @Test
    @DisplayName("Stops the other tasks' run when the learner saves during it, and prints no stale summary")
    void stopsWhenSavedAgain() {
        loop.seed(results(test(1, Status.FAILED)));
        build.runs.add(results(test(1, Status.FAILED)));
        build.runs.add(results(test(2, Status.SKIPPED)));
        build.duringRun = loop::savedAgain;

        loop.round(Set.of(SAVED));

        assertThat(build.cancelled).as("the second part's cancel hook was used").isNotNull();
        assertThat(out()).contains("stopped: you saved again").containsOnlyOnce("---- Lab ");
        assertThat(events).containsExactly("focused", "ended");
    }

    @Test
    @DisplayName("Prints compile errors as javac does and runs no test until the lab compiles")
    void compileError() {
        build.mains.add(new VariantCompiler.Result(Path.of("classes"), List.of("Greeter.java:7: ';' expected"),
                List.of(new VariantCompiler.Problem("src/main/java/dev/sjl/fixture/Greeter.java", 7, 21, "';' expected",
                        "        return greeting")), 1));

        loop.round(Set.of(SAVED));

        assertThat(out()).contains("labs/99-fixture/src/main/java/dev/sjl/fixture/Greeter.java:7: error: ';' expected\n"
                + "        return greeting\n"
                + "                    ^\n"
                + "1 error\n");
        assertThat(build.asked).isEmpty();
        assertThat(events).containsExactly("compile failed", "ended");
    }

    @Test
    @DisplayName("Compiles the tests again when they changed, or when the lab's classes changed shape under them")
    void recompilesTests() {
        build.runs.add(results(test(1, Status.FAILED)));
        loop.round(Set.of());
        assertThat(build.testCompilations).isEqualTo(1);

        build.runs.add(results(test(1, Status.FAILED)));
        build.runs.add(results(test(2, Status.PASSED)));
        loop.round(Set.of(SAVED));
        assertThat(build.testCompilations).as("a main source saved: the compiled tests still fit").isEqualTo(1);

        build.runs.add(results(test(1, Status.FAILED)));
        build.runs.add(results(test(2, Status.PASSED)));
        loop.round(Set.of("src/test/java/dev/sjl/fixture/GreeterTest.java"));
        assertThat(build.testCompilations).isEqualTo(2);

        TestResult linkage = test(1, Status.FAILED, FailureReason.ERROR,
                "java.lang.NoSuchMethodError: 'java.lang.String dev.sjl.fixture.Greeter.greet(java.lang.String)'");
        build.runs.add(results(linkage));
        build.runs.add(results(test(1, Status.FAILED)));
        build.runs.add(results(test(2, Status.PASSED)));
        loop.round(Set.of(SAVED));
        assertThat(build.testCompilations).isEqualTo(3);
        assertThat(out()).contains("changed shape under the compiled tests");
        assertThat(build.asked.subList(build.asked.size() - 3, build.asked.size()))
                .as("the focused part runs again on the fresh tests")
                .containsExactly(List.of("task:1"), List.of("task:1"), List.of("!task:1"));
    }
}
