package dev.sjl.kit.check;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The self-test proper: one test per lab and rule, run after every lab and reference has been built and tested
 * (this module depends on all of them). A red test here names the lab, the rule and the test or file to fix.
 */
@DisplayName("Every lab keeps its promises")
class LabsSelfTest {

    private static final Path ROOT = Path.of(System.getProperty("kit.root", "../.."));

    @TestFactory
    @DisplayName("Self-test of the labs")
    Stream<DynamicNode> everyLab() {
        SelfTest selfTest = SelfTest.read(ROOT, since(), SelfTest.onlyLabs(System.getProperty("kit.labs")));
        DynamicNode tree = dynamicTest("the kit has labs, and every reference has its lab",
                () -> assertThat(selfTest.treeProblems())
                        .withFailMessage(() -> report("the kit", selfTest.treeProblems()))
                        .isEmpty());
        Stream<DynamicContainer> labs = selfTest.labs().stream().map(lab -> dynamicContainer(lab.lab(),
                Arrays.stream(Rule.values()).map(rule -> dynamicTest(lab.lab() + " · " + rule.title(), () -> {
                    List<String> problems = LabRules.check(lab, rule).stream().map(Finding::message).toList();
                    assertThat(problems).withFailMessage(() -> report(lab.lab() + " · " + rule.title(), problems))
                            .isEmpty();
                }))));
        return Stream.concat(Stream.of(tree), labs);
    }

    /** Set by `kit check` to when its build started; results older than that did not come from this build. */
    private static Instant since() {
        String since = System.getProperty("kit.checkSince", "");
        return since.isBlank() ? null : Instant.parse(since);
    }

    private static String report(String what, List<String> problems) {
        return what + ": " + problems.size() + (problems.size() == 1 ? " problem" : " problems")
                + problems.stream().map(p -> "\n  - " + p).collect(Collectors.joining());
    }
}
