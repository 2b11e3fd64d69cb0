package org.pitest.junit5;

import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Stands in for pitest-junit5-plugin's finder of the same name, which lists a class's tests by running it: the kit's
 * {@code SkipBodiesWhilePitListsTests} recognizes PIT by these names on the stack.
 */
public final class JUnit5TestUnitFinder {

    private JUnit5TestUnitFinder() {
    }

    /** Runs the class as PIT's minions do, with JUnit's extension autodetection on. */
    public static EngineExecutionResults findTestUnits(Class<?> testClass) {
        return EngineTestKit.engine("junit-jupiter")
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .selectors(selectClass(testClass))
                .execute();
    }
}
