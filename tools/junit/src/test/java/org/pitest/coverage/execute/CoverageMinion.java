package org.pitest.coverage.execute;

import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.pitest.junit5.JUnit5TestUnitFinder;

/** Stands in for PIT's coverage minion, which lists and runs tests in one pass and records what they cover. */
public final class CoverageMinion {

    private CoverageMinion() {
    }

    public static EngineExecutionResults gatherCoverage(Class<?> testClass) {
        return JUnit5TestUnitFinder.findTestUnits(testClass);
    }
}
