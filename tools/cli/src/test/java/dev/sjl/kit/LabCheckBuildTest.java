package dev.sjl.kit;

import dev.sjl.kit.build.Maven;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code kit check NN}: the lab's build and the self-test's jobs in two Mavens, the second started once the reference
 * has compiled, so the reference's tests run beside the lab engine and PIT. Maven is played by a stand-in.
 */
class LabCheckBuildTest {

    private static final String LAB = "42-fixture";
    private static final List<String> COMMON = List.of("-Pselftest", "-Dkit.checkSince=2030-01-01T00:00:00Z");
    private static final String COMPILED = "[INFO] --- compiler:3.16.0:testCompile (default-testCompile) @ solution-42-fixture ---";
    private static final String TESTS = "[INFO] --- surefire:3.6.1:test (default-test) @ solution-42-fixture ---";
    private static final String STARTER_TESTS = "[INFO] --- surefire:3.6.1:test (default-test) @ lab-42-fixture ---";

    @TempDir
    Path root;

    /** What the stand-in Maven was asked, in order, and what the lab's build saw while it ran. */
    private final List<List<String>> calls = Collections.synchronizedList(new ArrayList<>());
    private final List<String> shown = Collections.synchronizedList(new ArrayList<>());

    private void reference() throws IOException {
        Path pom = root.resolve("solutions").resolve(LAB).resolve("pom.xml");
        Files.createDirectories(pom.getParent());
        Files.writeString(pom, "<project><parent><artifactId>solutions</artifactId></parent>"
                + "<artifactId>solution-42-fixture</artifactId></project>");
    }

    /** The machine idle: the self-test starts as soon as the reference has compiled. */
    private LabCheckBuild.Result run(LabCheckBuild.Runner maven) {
        return run(maven, 1.0);
    }

    private LabCheckBuild.Result run(LabCheckBuild.Runner maven, double idle) {
        return LabCheckBuild.run(maven, () -> idle, root, COMMON, List.of(LAB), "tools/check",
                root.resolve(".kit/logs/check.log"), shown::add);
    }

    private static Maven.Run ran(int exit, Path log, List<String> lines) {
        return new Maven.Run(exit, lines, Duration.ofMillis(10), log);
    }

    private static boolean isSelfTest(List<String> args) {
        return args.contains("-Dtest=LabEngineSelfTest");
    }

    private Path ended() {
        return root.resolve(".kit/logs/check-lab-build.ended");
    }

    /** What the self-test's Maven saw at its start: whether the lab's build had ended by then. */
    private String atSelfTestStart() {
        return "lab build ended at start: " + Files.exists(ended());
    }

    @Test
    @DisplayName("Starts the self-test once the reference's tests start, while the lab's build goes on, and tells it when "
            + "that build has ended")
    void selfTestBesideTheReferencesTests() throws Exception {
        reference();
        CountDownLatch selfTestStarted = new CountDownLatch(1);
        Path ended = ended();
        List<String> seenBySelfTest = Collections.synchronizedList(new ArrayList<>());
        LabCheckBuild.Result result = run((tree, args, log, onLine) -> {
            calls.add(args);
            if (isSelfTest(args)) {
                seenBySelfTest.add(atSelfTestStart());
                selfTestStarted.countDown();
                onLine.accept("[INFO] Building Labs :: Kit :: Self-test 1.0.0-SNAPSHOT");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!Files.exists(ended) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                seenBySelfTest.add("lab build ended later: " + Files.exists(ended));
                onLine.accept("self-test line");
                return ran(0, log, List.of("self-test line"));
            }
            onLine.accept(COMPILED);
            onLine.accept(STARTER_TESTS);
            assertThat(selfTestStarted.getCount()).as("not before the reference compiled").isEqualTo(1);
            onLine.accept(TESTS);
            try {
                assertThat(selfTestStarted.await(10, TimeUnit.SECONDS)).as("started while the reference's tests run")
                        .isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return ran(0, log, List.of(COMPILED, STARTER_TESTS, TESTS));
        });

        assertThat(seenBySelfTest).containsExactly("lab build ended at start: false", "lab build ended later: true");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0)).containsSequence("install", "--fail-at-end", "-T", "1C", "-pl",
                "labs/42-fixture,solutions/42-fixture").contains("-Pselftest", "-Dkit.labs=42-fixture")
                .doesNotContain("-Dkit.check.alone=true");
        assertThat(calls.get(1)).containsSequence("test", "-pl", "tools/check").contains("-Pselftest",
                "-Dkit.checkSince=2030-01-01T00:00:00Z", "-Dkit.check.alone=true", "-Dkit.labs=42-fixture",
                "-Dkit.engine.labs=42-fixture", "-Dkit.engine.labBuildEnded=" + ended.toAbsolutePath());
        assertThat(result.run().ok()).isTrue();
        assertThat(result.run().lines()).containsExactly(COMPILED, STARTER_TESTS, TESTS, "self-test line");
        assertThat(result.selfTest()).isEqualTo(Duration.ofMillis(10));
        assertThat(shown).as("the self-test's one module numbered after the lab's two, for the progress line")
                .contains("[INFO] Building Labs :: Kit :: Self-test 1.0.0-SNAPSHOT [3/3]");
    }

    @Test
    @DisplayName("Starts the self-test after the lab's build when the cores stay busy beside the reference's tests")
    void afterTheLabsBuildWhenTheCoresAreBusy() throws IOException {
        reference();
        List<String> seenBySelfTest = Collections.synchronizedList(new ArrayList<>());
        LabCheckBuild.Result result = run((tree, args, log, onLine) -> {
            calls.add(args);
            if (isSelfTest(args)) {
                seenBySelfTest.add(atSelfTestStart());
                return ran(0, log, List.of("self-test line"));
            }
            onLine.accept(COMPILED);
            onLine.accept(TESTS);
            try {
                Thread.sleep(1_500); // the reference's tests, keeping the cores busy
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            assertThat(calls).as("no self-test while the cores are busy").hasSize(1);
            return ran(0, log, List.of(COMPILED, TESTS));
        }, 0.1);

        assertThat(seenBySelfTest).containsExactly("lab build ended at start: true");
        assertThat(result.run().lines()).containsExactly(COMPILED, TESTS, "self-test line");
    }

    @Test
    @DisplayName("Runs no self-test when the lab's build fails before the reference's tests (it does not compile)")
    void noSelfTestWithoutACompiledReference() throws IOException {
        reference();
        LabCheckBuild.Result result = run((tree, args, log, onLine) -> {
            calls.add(args);
            return ran(1, log, List.of("[ERROR] COMPILATION ERROR :"));
        });

        assertThat(calls).hasSize(1);
        assertThat(result.run().exitCode()).isEqualTo(1);
        assertThat(result.selfTest()).isNull();
    }

    @Test
    @DisplayName("The check fails when either build fails, and the self-test runs after a build that never showed its "
            + "tests start")
    void eitherFailureFailsTheCheck() throws IOException {
        reference();
        LabCheckBuild.Result labRed = run((tree, args, log, onLine) -> {
            calls.add(args);
            if (isSelfTest(args)) {
                return ran(0, log, List.of());
            }
            onLine.accept(TESTS);
            return ran(1, log, List.of(TESTS, "[ERROR] There are test failures."));
        });
        assertThat(labRed.run().exitCode()).as("the reference red, the self-test green").isEqualTo(1);

        calls.clear();
        LabCheckBuild.Result selfTestRed = run((tree, args, log, onLine) -> {
            calls.add(args);
            return isSelfTest(args) ? ran(1, log, List.of("engine finding")) : ran(0, log, List.of("quiet build"));
        });
        assertThat(calls).as("the lab's build first; the self-test after it, having seen no Surefire line")
                .extracting(LabCheckBuildTest::isSelfTest).containsExactly(false, true);
        assertThat(selfTestRed.run().exitCode()).isEqualTo(1);
        assertThat(selfTestRed.run().lines()).containsExactly("quiet build", "engine finding");
    }
}
