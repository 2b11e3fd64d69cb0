package dev.sjl.kit.check;

import dev.sjl.kit.junit.FailureReason;
import dev.sjl.kit.junit.Hints;
import dev.sjl.kit.junit.LabResults;
import dev.sjl.kit.junit.LabResults.Status;
import dev.sjl.kit.junit.LabResults.TestResult;
import dev.sjl.kit.model.Readme;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Small hand-made labs: one honest lab, and helpers to make it dishonest in exactly one way. */
final class Fixtures {

    static final String LAB = "42-fixture";

    static final String README = """
            # Lab 42 · Fixture: a lab made for the self-test's own tests

            **Time:** 30 min · **Run:** `./mvnw test -pl labs/42-fixture`

            ## Tasks
            1. **Parse** (`task:1`)
            2. **Render** (`task:2`)
            """;

    static final String HINTS = """
            # Hints

            ## 1. Parse
            - Gentle.
            - Closer.
            - Nearly the answer,
              over two lines.

            ## 2. Render
            - Gentle.
            - Closer.
            - Nearly the answer.
            """;

    private Fixtures() {
    }

    static TestResult passed(String method, int task) {
        return new TestResult(id(method), "dev.sjl.fixture.FixtureTest", display(method), tasks(task), Status.PASSED,
                null, null, null);
    }

    static TestResult failed(String method, int task, FailureReason reason) {
        String message = switch (reason) {
            case TODO -> "Task " + task + ": write it";
            case ASSERTION -> "[Renders the total] expected: 3 but was: 0";
            case TIMEOUT -> "execution timed out after 5 seconds";
            case ERROR -> "java.lang.IllegalStateException: emulator did not start";
        };
        return new TestResult(id(method), "dev.sjl.fixture.FixtureTest", display(method), tasks(task), Status.FAILED,
                reason, reason == FailureReason.TODO ? task : null, message);
    }

    static TestResult withStatus(String method, int task, Status status) {
        return new TestResult(id(method), "dev.sjl.fixture.FixtureTest", display(method), tasks(task), status,
                null, null, null);
    }

    static TestResult untagged(String method) {
        return new TestResult(id(method), "dev.sjl.fixture.FixtureTest", display(method), new TreeSet<>(),
                Status.PASSED, null, null, null);
    }

    static LabResults starter(TestResult... tests) {
        return new LabResults(LAB, "starter", "2030-01-01T00:00:00Z", List.of(tests), List.of());
    }

    static LabResults reference(TestResult... tests) {
        return new LabResults(LAB, "reference", "2030-01-01T00:00:00Z", List.of(tests), List.of());
    }

    /** An honest lab: two tasks, a test each, red on the starter for the right reasons, green on the reference. */
    static LabEvidence honest() {
        return lab(starter(failed("parses", 1, FailureReason.TODO), failed("renders", 2, FailureReason.ASSERTION)),
                reference(passed("parses", 1), passed("renders", 2)));
    }

    static LabEvidence lab(LabResults starter, LabResults reference) {
        return new LabEvidence(LAB, 42, Results.of(starter), Results.of(reference), Readme.parse(README),
                Hints.parse(HINTS), true, new TreeSet<>(Set.of(1)), listed(), List.of());
    }

    static ReactorEvidence listed() {
        return new ReactorEvidence(Set.of(LAB), Set.of(LAB), "tools/check/pom.xml",
                Set.of("lab-" + LAB, "solution-" + LAB),
                Map.of("labs/" + LAB, "lab-" + LAB, "solutions/" + LAB, "solution-" + LAB),
                Map.of("docs/pom.xml", Set.of("solution-" + LAB), "tools/rehearse/pom.xml", Set.of("solution-" + LAB)));
    }

    private static String id(String method) {
        return "[engine:junit-jupiter]/[class:dev.sjl.fixture.FixtureTest]/[method:" + method + "()]";
    }

    private static String display(String method) {
        return "Does " + method;
    }

    private static TreeSet<Integer> tasks(Integer... tasks) {
        return new TreeSet<>(Arrays.asList(tasks));
    }
}
