package dev.sjl.kit.engine;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staircase's top step reads the reference's Surefire run of the same build instead of running every test again
 * (the self-test's reactor has just run them), and runs them itself when that run is older than the build.
 */
class ReuseReferenceRunTest {

    private static final Engine.Selection STAIRCASE = new Engine.Selection(true, step -> true, false, s -> true, 0, 1);

    private static EngineReport climb(Path root, boolean reuse) {
        return Engine.check(root, FixtureLab.LAB, STAIRCASE,
                new LabEngine.Options(false, Duration.ofSeconds(60), null, reuse));
    }

    @Test
    @DisplayName("Judges the staircase the same from this build's Surefire results, without running the reference")
    void reusesThisBuildsRun(@TempDir Path root) throws IOException {
        FixtureLab.create(root);
        EngineReport ran = climb(root, false);
        assertThat(ran.variants()).anyMatch(v -> v.name().equals("reference"));
        Path target = root.resolve("solutions").resolve(FixtureLab.LAB).resolve("target");
        // The engine's own run of the reference stands in for Surefire's: the same listener writes both.
        Files.copy(target.resolve("kit-engine/reference/lab-results.json"), target.resolve("lab-results.json"),
                StandardCopyOption.REPLACE_EXISTING);
        Instant build = Instant.now().minusSeconds(60);
        Files.setLastModifiedTime(target.resolve(LabClasspath.TEST_FILE), FileTime.from(build));
        Files.setLastModifiedTime(target.resolve("lab-results.json"), FileTime.from(build.plusSeconds(30)));

        assertReadInsteadOfRun(climb(root, true), ran);
    }

    /** The reference's tests were read from Surefire's results, not run again, and the verdict is the same. */
    private static void assertReadInsteadOfRun(EngineReport reused, EngineReport ran) {
        assertThat(reused.variants()).as("the reference's tests are read from Surefire's run, not run again")
                .noneMatch(v -> v.name().equals("reference"));
        assertThat(reused.staircase()).isEqualTo(ran.staircase());
        assertThat(reused.findings()).isEqualTo(ran.findings());
    }

    @Test
    @DisplayName("kit check NN: waits for the reference's Surefire run still going in the lab's Maven, then reads it")
    void waitsForTheLabsBuild(@TempDir Path root) throws Exception {
        FixtureLab.create(root);
        EngineReport ran = climb(root, false);
        Path target = root.resolve("solutions").resolve(FixtureLab.LAB).resolve("target");
        // The engine's own run of the reference stands in for Surefire's; kept aside, as the next session clears its work.
        Path surefire = Files.copy(target.resolve("kit-engine/reference/lab-results.json"), root.resolve("surefire.json"));
        Path ended = root.resolve("lab-build.ended");
        Instant build = Instant.now();
        Thread labBuild = new Thread(() -> {
            try {
                Thread.sleep(1_500);
                Files.copy(surefire, target.resolve("lab-results.json"), StandardCopyOption.REPLACE_EXISTING);
                Files.setLastModifiedTime(target.resolve("lab-results.json"), FileTime.from(Instant.now()));
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            } finally {
                try {
                    Files.writeString(ended, "0"); // the lab's Maven has ended, results or not: never wait out the limit
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        labBuild.start();

        EngineReport reused = Engine.check(root, FixtureLab.LAB, STAIRCASE,
                new LabEngine.Options(false, Duration.ofSeconds(60), null, true, build, ended));
        labBuild.join();

        assertReadInsteadOfRun(reused, ran);
    }

    @Test
    @DisplayName("kit check NN: runs the reference itself when the lab's Maven ended without results of this build")
    void runsWhenTheLabsBuildEndedWithout(@TempDir Path root) throws IOException {
        Path target = fixtureWithEarlierResults(root);
        // Results of an earlier build, newer than the classpath file: only the build's start tells them apart.
        Instant build = Instant.now().plusSeconds(5);
        Files.setLastModifiedTime(target.resolve(LabClasspath.TEST_FILE), FileTime.from(build.minusSeconds(3600)));
        Path ended = Files.writeString(root.resolve("lab-build.ended"), "1");

        EngineReport report = Engine.check(root, FixtureLab.LAB, STAIRCASE,
                new LabEngine.Options(false, Duration.ofSeconds(60), null, true, build, ended));

        assertRanTheReference(report);
    }

    @Test
    @DisplayName("Runs the reference itself when the Surefire results are older than the build (tests skipped)")
    void runsWhenTheResultsAreStale(@TempDir Path root) throws IOException {
        Path target = fixtureWithEarlierResults(root);
        Instant build = Instant.now().minusSeconds(60);
        Files.setLastModifiedTime(target.resolve("lab-results.json"), FileTime.from(build));
        Files.setLastModifiedTime(target.resolve(LabClasspath.TEST_FILE), FileTime.from(build.plusSeconds(30)));

        EngineReport report = climb(root, true);

        assertRanTheReference(report);
    }

    /** The fixture lab with a results file in its reference's target: an empty run, of a build to be told apart. */
    private static Path fixtureWithEarlierResults(Path root) throws IOException {
        FixtureLab.create(root);
        Path target = root.resolve("solutions").resolve(FixtureLab.LAB).resolve("target");
        Files.writeString(target.resolve("lab-results.json"), "{\"lab\":\"" + FixtureLab.LAB + "\",\"tests\":[]}");
        return target;
    }

    /** The engine ran the reference's tests itself, and judged the staircase on that run. */
    private static void assertRanTheReference(EngineReport report) {
        assertThat(report.variants()).anyMatch(v -> v.name().equals("reference"));
        assertThat(report.staircase()).isEqualTo(new EngineReport.StaircaseSummary(3, 6, 7));
    }
}
