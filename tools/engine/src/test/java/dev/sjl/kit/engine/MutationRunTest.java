package dev.sjl.kit.engine;

import dev.sjl.kit.model.LabSources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the self-test hands PIT: the task regions only, the lab's classpath first, the lab's JVM flags. */
class MutationRunTest {

    private static final String FIXTURE_MAIN = "solutions/" + FixtureLab.LAB + "/src/main/java/dev/sjl/fixture/";

    @Test
    @DisplayName("Mutates the classes of the files with task regions, nested classes included, and no other")
    void targetsTheTaskCode(@TempDir Path root) throws IOException {
        FixtureLab.copyTree(FixtureLab.resource("fixture"), root);
        FixtureLab.write(root.resolve(FIXTURE_MAIN + "Wiring.java"),
                "package dev.sjl.fixture;\n\nfinal class Wiring {\n    static Greeter greeter() {\n        return new Greeter();\n    }\n}\n");

        assertThat(LabSources.read(root, FixtureLab.LAB).taskFiles())
                .containsExactly("src/main/java/dev/sjl/fixture/Greeter.java");
        assertThat(MutationRun.targetClasses(LabSources.read(root, FixtureLab.LAB)))
                .containsExactly("dev.sjl.fixture.Greeter", "dev.sjl.fixture.Greeter$*");
    }

    @Test
    @DisplayName("Builds PIT's command: the lab's classpath before PIT's jars, no launch classpath, the lab's JVM flags")
    void command(@TempDir Path root) throws IOException {
        FixtureLab.create(root);
        Path pitJar = root.resolve("pit/pitest.jar");

        List<String> command = MutationRun.command(List.of(pitJar), root, FixtureLab.LAB,
                new MutationRun.Settings(1, 5000, List.of("*FuzzTest")));

        assertThat(command).containsSubsequence("-cp", pitJar.toString(), MutationRun.MAIN);
        assertThat(command).containsSubsequence("--targetClasses", "dev.sjl.fixture.Greeter,dev.sjl.fixture.Greeter$*");
        assertThat(command).containsSubsequence("--targetTests", "dev.*");
        assertThat(command).containsSubsequence("--excludedTestClasses", "*FuzzTest");
        assertThat(command).containsSubsequence("--threads", "1", "--timeoutConst", "5000");
        assertThat(command).contains("--includeLaunchClasspath=false", "--timestampedReports=false");
        assertThat(command).as("only the mutants of the task regions").contains("--features=+KIT_TASK_REGIONS");
        String jvmArgs = command.get(command.indexOf("--jvmArgs") + 1);
        assertThat(jvmArgs.split(",")).contains("-Dkit.lab=" + FixtureLab.LAB,
                "-Dkit.role=mutation", "-Dlocalcloud.session=jvm", "-Dkit.await.ceilingMillis=2500");
        assertThat(jvmArgs.split(",")).as("the minions' local cloud logs beside the reference, not in a new temporary folder")
                .contains("-Dlocalcloud.logs=" + root.resolve("solutions/" + FixtureLab.LAB + "/target/localcloud-logs-mutation"));
        assertThat(jvmArgs.split(",")).as("C1 only, as Surefire's test JVMs, unless the lab asks for more")
                .contains("-XX:TieredStopAtLevel=1");
        Path pom = root.resolve("solutions/" + FixtureLab.LAB + "/pom.xml");
        Files.writeString(pom, Files.readString(pom).replace("<properties>",
                "<properties>\n    <kit.mutation.fullJit>true</kit.mutation.fullJit>"));
        List<String> fullJit = MutationRun.command(List.of(pitJar), root, FixtureLab.LAB,
                new MutationRun.Settings(1, 5000, List.of("*FuzzTest")));
        assertThat(fullJit.get(fullJit.indexOf("--jvmArgs") + 1)).as("<kit.mutation.fullJit> in the reference's POM")
                .doesNotContain("TieredStopAtLevel").contains("-XX:+UseSerialGC");
        assertThat(jvmArgs.split(",")).as("the minions list their tests without running the bodies")
                .contains("-Djunit.jupiter.extensions.autodetection.enabled=true",
                        "-Djunit.jupiter.extensions.autodetection.include=dev.sjl.kit.junit.SkipBodiesWhilePitListsTests");
        List<String> byDefault = MutationRun.command(List.of(pitJar), root, FixtureLab.LAB, MutationRun.Settings.defaults(1));
        assertThat(byDefault.get(byDefault.indexOf("--jvmArgs") + 1).split(","))
                .as("a background wait stops at 2.5 s under PIT, not just under its 20 s timeout")
                .contains("-Dkit.await.ceilingMillis=2500");

        Path module = root.resolve("solutions").resolve(FixtureLab.LAB);
        List<String> classpath = Files.readAllLines(Path.of(command.get(command.indexOf("--classPathFile") + 1)),
                StandardCharsets.UTF_8);
        assertThat(classpath.get(0)).isEqualTo(module.resolve("target/classes").toString());
        assertThat(classpath.get(1)).isEqualTo(module.resolve("target/test-classes").toString());
        assertThat(classpath.get(classpath.size() - 1)).isEqualTo(pitJar.toString());
        assertThat(classpath).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("Refuses a lab without task regions: there would be nothing to mutate")
    void noRegions(@TempDir Path root) throws IOException {
        FixtureLab.create(root);
        Path greeter = root.resolve(FIXTURE_MAIN + "Greeter.java");
        Files.writeString(greeter, "package dev.sjl.fixture;\n\npublic final class Greeter {\n}\n");

        assertThatThrownBy(() -> MutationRun.command(List.of(), root, FixtureLab.LAB, MutationRun.Settings.defaults(1)))
                .isInstanceOf(EngineException.class).hasMessageContaining("nothing to mutate");
    }

    @Test
    @DisplayName("Records the time of a run for kit check's table of phases, and reads it back")
    void recordsTime(@TempDir Path root) throws IOException {
        assertThat(MutationRun.recordedMillis(root, FixtureLab.LAB)).isEqualTo(-1);
        MutationRun.recordTime(root, FixtureLab.LAB, 61_234, 0);
        assertThat(MutationRun.recordedMillis(root, FixtureLab.LAB)).isEqualTo(61_234);
    }
}
