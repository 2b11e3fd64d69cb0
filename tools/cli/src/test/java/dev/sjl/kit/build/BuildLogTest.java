package dev.sjl.kit.build;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real Maven 3.9 output (recorded from a small reactor under /tmp/mvnfx) turned into sentences a learner can act on.
 */
@DisplayName("Reading Maven's output")
class BuildLogTest {

    private static final Path TREE = Path.of("/tmp/mvnfx");
    private static final Map<String, String> PATHS = Map.of("lab-01-a", "labs/01-a", "lab-02-b", "labs/02-b",
            "solution-03-c", "solutions/03-c", "kit-check", "tools/check", "fx-root", ".");

    private static List<String> log(String name) throws IOException {
        try (InputStream in = BuildLogTest.class.getResourceAsStream("/maven/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    @Test
    @DisplayName("Say which starter does not compile, where, and which reference's tests failed")
    void failAtEnd() throws IOException {
        BuildLog build = BuildLog.parse(log("fail-at-end.log"));

        List<BuildLog.Problem> problems = build.problems(PATHS, TREE);

        assertThat(problems).hasSize(2);
        assertThat(problems.get(0).path()).isEqualTo("labs/02-b");
        assertThat(problems.get(0).kind()).isEqualTo(BuildLog.Kind.COMPILE);
        assertThat(problems.get(0).sentence()).isEqualTo("the starter does not compile");
        assertThat(problems.get(0).details()).containsExactly(
                "labs/02-b/src/main/java/fx/B.java:1: cannot find symbol (symbol: variable undefinedThing)");
        assertThat(problems.get(1).path()).isEqualTo("solutions/03-c");
        assertThat(problems.get(1).sentence()).isEqualTo("2 of 3 tests failed");
        assertThat(problems.get(1).details())
                .containsExactly("CTest.one:4 expected: <2> but was: <1>", "CTest.two:4 IllegalState boom");
    }

    @Test
    @DisplayName("Read the reactor summary: who failed, who was skipped, how long each took")
    void summary() throws IOException {
        BuildLog build = BuildLog.parse(log("fail-at-end.log"));

        assertThat(build.summary()).extracting(BuildLog.ModuleResult::artifactId, BuildLog.ModuleResult::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("fx-root", "SUCCESS"),
                        org.assertj.core.groups.Tuple.tuple("lab-01-a", "SUCCESS"),
                        org.assertj.core.groups.Tuple.tuple("lab-02-b", "FAILURE"),
                        org.assertj.core.groups.Tuple.tuple("solution-03-c", "FAILURE"),
                        org.assertj.core.groups.Tuple.tuple(null, "SKIPPED"));
        assertThat(build.skipped()).as("named as Maven names it").containsExactly("Fx :: kit-check");
        assertThat(build.summary().get(1).duration()).isEqualTo("0.629 s");
        assertThat(build.totals("solution-03-c")).contains(new BuildLog.TestTotals(3, 1, 1, 0));
    }

    @Test
    @DisplayName("Guess no artifactId when a parallel build prints two headers before either module's name")
    void parallelHeaders() {
        // As `kit check 07` printed it with -T 1C: the starter was then counted as a second reference.
        BuildLog build = BuildLog.parse(List.of(
                "[INFO] -----------------------< dev.sjl:lab-07-sns-sqs >-----------------------",
                "[INFO] --------------------< dev.sjl:solution-07-sns-sqs >---------------------",
                "[INFO] Building Labs :: 07 :: SNS 1.0.0-SNAPSHOT [1/3]",
                "[INFO]   from /work/main/labs/07-sns-sqs/pom.xml",
                "[INFO] --------------------------------[ jar ]---------------------------------",
                "[INFO] Building Labs :: 07 :: SNS (reference) 1.0.0-SNAPSHOT [2/3]",
                "[INFO]   from pom.xml",
                "[INFO] --------------------------------[ jar ]---------------------------------",
                "[INFO] -------------------------< dev.sjl:kit-check >--------------------------",
                "[INFO] Building Labs :: Kit :: Self-test 1.0.0-SNAPSHOT                   [3/3]",
                "[INFO] Reactor Summary for Labs :: 07 :: SNS (reference) 1.0.0-SNAPSHOT:",
                "[INFO] ",
                "[INFO] Labs :: 07 :: SNS (reference) ........................ SUCCESS [ 44.359 s]",
                "[INFO] Labs :: 07 :: SNS ................................... SUCCESS [ 11.778 s]",
                "[INFO] Labs :: Kit :: Self-test ............................ SUCCESS [01:26 min]",
                "[INFO] BUILD SUCCESS"));
        Map<String, String> paths = Map.of("Labs :: 07 :: SNS (reference)", "solutions/07-sns-sqs",
                "solution-07-sns-sqs", "solutions/07-sns-sqs", "Labs :: 07 :: SNS", "labs/07-sns-sqs",
                "lab-07-sns-sqs", "labs/07-sns-sqs", "kit-check", "tools/check");

        assertThat(build.summary()).extracting(BuildLog.ModuleResult::artifactId)
                .as("the two headers in a row: neither name is matched to an artifactId; the next module's is")
                .containsExactly(null, null, "kit-check");
        assertThat(build.summary()).extracting(m -> m.path(paths)).as("each module's folder, found by its name")
                .containsExactly("solutions/07-sns-sqs", "labs/07-sns-sqs", "tools/check");
    }

    @Test
    @DisplayName("Name the dependency that could not be resolved, without the repository's address")
    void unresolvedDependency() throws IOException {
        List<BuildLog.Problem> problems = BuildLog.parse(log("unresolved-dependency.log")).problems(PATHS, TREE);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("tools/check");
            assertThat(problem.kind()).isEqualTo(BuildLog.Kind.DEPENDENCIES);
            assertThat(problem.sentence()).isEqualTo("its dependencies could not be resolved");
            assertThat(problem.details()).containsExactly("dependency: fx:lab-02-zz:jar:1.0 (test)");
        });
    }

    @Test
    @DisplayName("Explain a build that could not even be read, from the errors before any module")
    void unreadablePom() throws IOException {
        List<BuildLog.Problem> problems = BuildLog.parse(log("unreadable-pom.log")).problems(PATHS, TREE);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.sentence()).isEqualTo("Maven could not read the build");
            assertThat(problem.details()).first().asString().contains("Some problems were encountered");
            assertThat(problem.details()).anySatisfy(d -> assertThat(d).contains("Non-parseable POM", "modulez"));
        });
    }

    @Test
    @DisplayName("Give the mutation score and the threshold it missed")
    void mutationBelowThreshold() throws IOException {
        List<BuildLog.Problem> problems = BuildLog.parse(log("mutation-below-threshold.log")).problems(PATHS, TREE);

        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.path()).isEqualTo("solutions/03-c");
            assertThat(problem.kind()).isEqualTo(BuildLog.Kind.MUTATION);
            assertThat(problem.sentence())
                    .isEqualTo("mutation score 60% is below the threshold of 85%: the lab's tests miss planted bugs");
        });
        assertThat(BuildLog.parse(log("mutation-below-threshold.log")).mutationTime("solution-03-c"))
                .as("PIT's own total time, per module").contains("5 seconds");
    }

    @Test
    @DisplayName("Show progress only for the lines that start a module")
    void progress() {
        assertThat(BuildLog.progress("[INFO] Building Labs :: 03 :: JWT 1.0.0-SNAPSHOT                       [5/20]"))
                .contains("[5/20] Labs :: 03 :: JWT");
        assertThat(BuildLog.progress("[INFO] Building jar: /tmp/mvnfx/labs/01-a/target/lab-01-a-1.0.jar")).isEmpty();
    }

    @Test
    @DisplayName("Take a failed module's tests from its Surefire reports of this build, not from output two modules interleaved (-T)")
    void testsFromReports(@org.junit.jupiter.api.io.TempDir Path tree) throws IOException {
        Path reports = java.nio.file.Files.createDirectories(tree.resolve("solutions/03-c/target/surefire-reports"));
        java.nio.file.Files.writeString(reports.resolve("TEST-fx.CTest.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <testsuite name="fx.CTest" tests="4" failures="1" errors="1" skipped="1">
                  <testcase name="one" classname="fx.CTest"><failure message="expected: &lt;2&gt; but was: &lt;1&gt;&#10;more" type="org.opentest4j.AssertionFailedError">trace</failure></testcase>
                  <testcase name="two" classname="fx.CTest"><error type="java.lang.IllegalStateException">trace</error></testcase>
                  <testcase name="three" classname="fx.CTest"/>
                  <testcase name="four" classname="fx.CTest"><skipped/></testcase>
                </testsuite>
                """);
        java.nio.file.Files.writeString(reports.resolve("TEST-fx.OldTest.xml"), """
                <testsuite name="fx.OldTest" tests="9" failures="9" errors="0" skipped="0"/>
                """);
        java.time.Instant since = java.time.Instant.now().minusSeconds(60);
        java.nio.file.Files.setLastModifiedTime(reports.resolve("TEST-fx.OldTest.xml"),
                java.nio.file.attribute.FileTime.from(since.minusSeconds(3600)));

        BuildLog.Problem problem = BuildLog.parse(log("fail-at-end.log")).problems(PATHS, tree, since).get(1);

        assertThat(problem.path()).isEqualTo("solutions/03-c");
        assertThat(problem.sentence()).as("this build's report only: the older one is a leftover").isEqualTo("2 of 4 tests failed");
        assertThat(problem.details()).containsExactly("CTest.one expected: <2> but was: <1>", "CTest.two IllegalStateException");
    }
}
