package org.pitest.mutationtest.execute;

import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.pitest.junit5.JUnit5TestUnitFinder;

/** Stands in for PIT's mutation minion, which lists a unit's tests before it runs them against mutants. */
public final class MutationTestMinion {

    private MutationTestMinion() {
    }

    public static EngineExecutionResults listTests(Class<?> testClass) {
        return JUnit5TestUnitFinder.findTestUnits(testClass);
    }
}
