package dev.sjl.kit.check;

import dev.sjl.kit.engine.Engine;
import dev.sjl.kit.engine.EngineReport;
import dev.sjl.kit.engine.LabEngine;
import dev.sjl.kit.lab.Lab;
import dev.sjl.kit.lab.Workspace;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The lab engine on every lab, one after the other in this JVM: the staircase (each task's tests red for that task,
 * earlier tasks' tests green) and the shortcut suite (each plausible wrong implementation caught by a message that
 * names it). Each lab's report goes to {@code solutions/NN-x/target/kit-engine.json}, where {@code kit check} reads its
 * one-line summary. {@code -Dkit.engine.labs=03-jwt,...} runs only those labs; {@code -Dkit.engine.skip} none.
 */
@DisplayName("Every lab climbs its staircase and catches its shortcuts")
class LabEngineSelfTest {

    private static final Path ROOT = Path.of(System.getProperty("kit.root", "../..")).toAbsolutePath().normalize();

    @TestFactory
    @DisplayName("Lab engine")
    Stream<DynamicNode> everyLab() {
        if (Boolean.getBoolean("kit.engine.skip")) {
            return Stream.empty();
        }
        Set<String> only = Arrays.stream(System.getProperty("kit.engine.labs", "").split(","))
                .map(String::strip).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
        return new Workspace(ROOT).labs().stream()
                .filter(lab -> only.isEmpty() || only.contains(lab.name()))
                .filter(lab -> Files.isRegularFile(lab.solutionDir().resolve("pom.xml"))) // FOLDERS reports the rest
                .map(LabEngineSelfTest::lab);
    }

    /** The engine runs when the container's tests are first asked for, so the labs run one at a time, in order. */
    private static DynamicContainer lab(Lab lab) {
        return dynamicContainer(lab.name(), Stream.of(lab).flatMap(l -> {
            String notBuilt = notBuiltInThisBuild(l);
            if (notBuilt != null) {
                return Stream.of(dynamicTest(l.name() + " · the lab engine can run", () -> assertThat(notBuilt)
                        .as(l.name() + ": the reference's build of this run is what the engine tests").isNull()));
            }
            EngineReport report = Engine.check(ROOT, l.name(), Engine.Selection.everything(),
                    LabEngine.Options.defaults(line -> System.out.println(l.name() + ": " + line)));
            System.out.println(l.name() + ": " + report.line() + " in " + report.millis() / 1000 + " s");
            return Arrays.stream(EngineReport.Rule.values()).map(rule -> dynamicTest(l.name() + " · " + rule.title(),
                    () -> {
                        List<String> problems = report.findings(rule).stream().map(EngineReport.Finding::message).toList();
                        assertThat(problems).withFailMessage(() -> l.name() + " · " + rule.title() + ": "
                                + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                                + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining())).isEmpty();
                    }));
        }));
    }

    /**
     * Why the engine would test a leftover, or null: under {@code kit check} the reference must have run its tests in
     * this build (a reference that did not compile leaves last week's classes behind).
     */
    private static String notBuiltInThisBuild(Lab lab) {
        String since = System.getProperty("kit.checkSince", "");
        if (since.isBlank()) {
            return null;
        }
        Results reference = Results.read(lab.referenceResults(), lab.solutionPath() + "/target/lab-results.json",
                Instant.parse(since));
        return reference.present() ? null : "not run: " + reference.missing();
    }
}
