package dev.sjl.kit.engine.isolated;

import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

/**
 * Runs a lab's tests with the JUnit Platform of the lab's own classpath. This class is never loaded by the kit's
 * class loader: the engine defines it inside the lab's jar loader (see {@code SharedLoader}), so every JUnit type it
 * names is the lab's. It takes and returns JDK types only. The lab's kit-junit listener (registered through
 * {@code META-INF/services}) writes the results file; the engine reads that back.
 */
public final class PlatformRun {

    private PlatformRun() {
    }

    /**
     * Discovers and runs the test classes under one folder, on the calling thread, whose context class loader must
     * be the loader that holds them.
     *
     * @param testClasses the folder of compiled test classes (a classpath root)
     * @param includeTags run only tests with one of these tags; none runs every test
     * @param config      JUnit configuration parameters
     * @return how many tests were found, started, succeeded and failed
     */
    public static long[] run(String testClasses, String[] includeTags, Map<String, String> config) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClasspathRoots(Set.of(Path.of(testClasses))))
                .configurationParameters(config);
        if (includeTags.length > 0) {
            request.filters(TagFilter.includeTags(includeTags));
        }
        LauncherDiscoveryRequest built = request.build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener summary = new SummaryGeneratingListener();
        launcher.execute(built, summary);
        return new long[] {summary.getSummary().getTestsFoundCount(), summary.getSummary().getTestsStartedCount(),
                summary.getSummary().getTestsSucceededCount(), summary.getSummary().getTestsFailedCount()};
    }
}
