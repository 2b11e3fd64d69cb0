package dev.sjl.kit.junit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.pitest.coverage.execute.CoverageMinion;
import org.pitest.mutationtest.execute.MutationTestMinion;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

class SkipBodiesWhilePitListsTestsTest {

    /** A lab test class in miniature: one test, one template with two invocations, a @BeforeEach; counts what ran. */
    static class Sample {
        static final AtomicInteger bodies = new AtomicInteger();

        @BeforeEach
        void setUp() {
            bodies.incrementAndGet();
        }

        @Test
        void plain() {
            bodies.incrementAndGet();
        }

        @ParameterizedTest
        @ValueSource(ints = {1, 2})
        void template(int n) {
            bodies.incrementAndGet();
        }
    }

    @BeforeEach
    void resetCount() {
        Sample.bodies.set(0);
    }

    @Test
    @DisplayName("While a mutation minion lists tests, each test starts and succeeds and no body runs")
    void mutationMinionListsWithoutRunning() {
        EngineExecutionResults listed = MutationTestMinion.listTests(Sample.class);

        assertThat(listed.testEvents().started().count()).as("tests PIT lists").isEqualTo(3);
        assertThat(listed.testEvents().succeeded().count()).isEqualTo(3);
        assertThat(Sample.bodies).as("test and @BeforeEach bodies run while listing").hasValue(0);
    }

    @Test
    @DisplayName("The coverage minion, whose listing is its real run, runs every body")
    void coverageMinionRunsEverything() {
        EngineExecutionResults run = CoverageMinion.gatherCoverage(Sample.class);

        assertThat(run.testEvents().succeeded().count()).isEqualTo(3);
        assertThat(Sample.bodies).as("3 tests and 3 @BeforeEach").hasValue(6);
    }

    @Test
    @DisplayName("Outside PIT the extension changes nothing, even with autodetection on")
    void outsidePitRunsEverything() {
        EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .selectors(selectClass(Sample.class)).execute();

        assertThat(Sample.bodies).hasValue(6);
    }

    @Test
    @DisplayName("Only the finder inside a mutation minion counts as listing")
    void recognizesTheMutationMinionsFinder() {
        for (List<String> stack : List.<List<String>>of(List.of(), List.of(SkipBodiesWhilePitListsTests.TEST_FINDER),
                List.of(SkipBodiesWhilePitListsTests.MUTATION_MINION),
                List.of(SkipBodiesWhilePitListsTests.TEST_FINDER, "org.pitest.coverage.execute.CoverageMinion"))) {
            assertThat(SkipBodiesWhilePitListsTests.listingForMutants(Set.copyOf(stack))).as("%s", stack).isFalse();
        }
        assertThat(SkipBodiesWhilePitListsTests.listingForMutants(Set.of(SkipBodiesWhilePitListsTests.TEST_FINDER,
                SkipBodiesWhilePitListsTests.MUTATION_MINION))).isTrue();
    }
}
