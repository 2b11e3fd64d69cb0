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

        EngineReport reused = climb(root, true);

        assertThat(reused.variants()).noneMatch(v -> v.name().equals("reference"));
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

        assertThat(reused.variants()).as("the reference's tests are read from the lab's build, not run again")
                .noneMatch(v -> v.name().equals("reference"));
        assertThat(reused.staircase()).isEqualTo(ran.staircase());
        assertThat(reused.findings()).isEqualTo(ran.findings());
    }

    @Test
    @DisplayName("kit check NN: runs the reference itself when the lab's Maven ended without results of this build")
    void runsWhenTheLabsBuildEndedWithout(@TempDir Path root) throws IOException {
        FixtureLab.create(root);
        Path target = root.resolve("solutions").resolve(FixtureLab.LAB).resolve("target");
        // Results of an earlier build, newer than the classpath file: only the build's start tells them apart.
        Files.writeString(target.resolve("lab-results.json"), "{\"lab\":\"" + FixtureLab.LAB + "\",\"tests\":[]}");
        Instant build = Instant.now().plusSeconds(5);
        Files.setLastModifiedTime(target.resolve(LabClasspath.TEST_FILE), FileTime.from(build.minusSeconds(3600)));
        Path ended = Files.writeString(root.resolve("lab-build.ended"), "1");

        EngineReport report = Engine.check(root, FixtureLab.LAB, STAIRCASE,
                new LabEngine.Options(false, Duration.ofSeconds(60), null, true, build, ended));

        assertThat(report.variants()).anyMatch(v -> v.name().equals("reference"));
        assertThat(report.staircase()).isEqualTo(new EngineReport.StaircaseSummary(3, 6, 7));
    }

    @Test
    @DisplayName("Runs the reference itself when the Surefire results are older than the build (tests skipped)")
    void runsWhenTheResultsAreStale(@TempDir Path root) throws IOException {
        FixtureLab.create(root);
        Path target = root.resolve("solutions").resolve(FixtureLab.LAB).resolve("target");
        Files.writeString(target.resolve("lab-results.json"), "{\"lab\":\"" + FixtureLab.LAB + "\",\"tests\":[]}");
        Instant build = Instant.now().minusSeconds(60);
        Files.setLastModifiedTime(target.resolve("lab-results.json"), FileTime.from(build));
        Files.setLastModifiedTime(target.resolve(LabClasspath.TEST_FILE), FileTime.from(build.plusSeconds(30)));

        EngineReport report = climb(root, true);

        assertThat(report.variants()).anyMatch(v -> v.name().equals("reference"));
        assertThat(report.staircase()).isEqualTo(new EngineReport.StaircaseSummary(3, 6, 7));
    }
}
