package dev.sjl.kit.engine.isolated;

import org.junit.platform.engine.CancellationToken;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherExecutionRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClasspathRoots;

/**
 * Runs a lab's tests with the JUnit Platform of the lab's own classpath. This class is never loaded by the kit's
 * class loader: the engine defines it inside the lab's jar loader (see {@code SharedLoader}), so every JUnit type it
 * names is the lab's. It takes and returns JDK types only. The lab's kit-junit listener (registered through
 * {@code META-INF/services}) writes the results file; the engine reads that back.
 */
public final class PlatformRun {

    /** As kit-junit's listener keeps a message for the engine: whitespace runs joined, at most this long. */
    private static final int MESSAGE_LIMIT = 4000;

    private PlatformRun() {
    }

    /**
     * Discovers and runs the test classes under one folder, on the calling thread, whose context class loader must
     * be the loader that holds them.
     *
     * @param testClasses the folder of compiled test classes (a classpath root)
     * @param includeTags run only tests that match one of these tag expressions ({@code task:3}, {@code !task:3});
     *                    none runs every test
     * @param config      JUnit configuration parameters
     * @param stopWhen    null to run every test; else phrases: once a test fails with an assertion whose message
     *                    contains them all, the tests not yet started are left out (a shortcut is caught)
     * @param classMillis how long each test class took, by name: read to run the quick classes first when
     *                    {@code stopWhen} is given, and updated
     * @param cancel      null, or handed a way to cancel the run from another thread: the test under way finishes,
     *                    the others are reported skipped ({@code kit watch} stops a run when the learner saves again)
     */
    public static void run(String testClasses, String[] includeTags, Map<String, String> config, String[] stopWhen,
                           Map<String, Long> classMillis, Consumer<Runnable> cancel) {
        Launcher launcher = LauncherFactory.create();
        LauncherDiscoveryRequest everything = request(selectClasspathRoots(Set.of(Path.of(testClasses))), includeTags,
                config);
        if (stopWhen == null) {
            CancellationToken token = CancellationToken.create();
            if (cancel != null) {
                cancel.accept(token::cancel);
            }
            // The classes' times of a full run (a staircase step) order the shortcut runs that follow: without them
            // the first shortcut of a task meets its classes in name order, and one that stops a pipeline makes a slow
            // class wait out every test's ceiling (lab 07: five minutes) before a quick one names the mistake.
            launcher.execute(LauncherExecutionRequestBuilder.request(everything).cancellationToken(token)
                    .listeners(new ClassTimes(classMillis)).build());
            return;
        }
        TestPlan plan = launcher.discover(everything);
        List<String> classes = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier child : plan.getChildren(root)) {
                child.getSource().filter(ClassSource.class::isInstance)
                        .map(source -> ((ClassSource) source).getClassName()).ifPresent(classes::add);
            }
        }
        // The test that names the mistake also ends its own class: the tests after it are cancelled (reported
        // skipped), as the classes after it are never started.
        CancellationToken token = CancellationToken.create();
        Caught caught = new Caught(stopWhen, token);
        for (String testClass : shortcutOrder(classes, classMillis)) {
            long start = System.nanoTime();
            launcher.execute(LauncherExecutionRequestBuilder.request(request(List.of(selectClass(testClass)), includeTags,
                    config)).cancellationToken(token).listeners(caught).build());
            classMillis.merge(testClass, (System.nanoTime() - start) / 1_000_000, Math::max);
            if (caught.yes) {
                return;
            }
        }
    }

    /**
     * The order a shortcut's test classes run in: the quick ones first, and fuzz classes ({@code *FuzzTest}, the name
     * PIT leaves out too) last whatever their time. A fuzz class holds a property of the whole lab and has not been the
     * only class to name a shortcut, but a wrong turn can make it the slowest: lab 08's pool opened per request took its
     * 800 requests from 1.5 s to 30 s. When no other class names the mistake, it still runs.
     */
    static List<String> shortcutOrder(Collection<String> classes, Map<String, Long> classMillis) {
        return classes.stream().sorted(Comparator.<String, Boolean>comparing(name -> name.endsWith("FuzzTest"))
                .thenComparing(name -> classMillis.getOrDefault(name, 0L))
                .thenComparing(Comparator.naturalOrder())).toList();
    }

    private static LauncherDiscoveryRequest request(List<? extends DiscoverySelector> selectors, String[] includeTags,
                                                    Map<String, String> config) {
        LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request().selectors(selectors)
                .configurationParameters(config);
        if (includeTags.length > 0) {
            request.filters(TagFilter.includeTags(includeTags));
        }
        return request.build();
    }

    /** How long each test class took, from its start to its end, merged into the session's times (the longest kept). */
    private static final class ClassTimes implements TestExecutionListener {
        private final Map<String, Long> classMillis;
        private final Map<String, Long> started = new java.util.HashMap<>();

        ClassTimes(Map<String, Long> classMillis) {
            this.classMillis = classMillis;
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            className(id).ifPresent(name -> started.put(name, System.nanoTime()));
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            className(id).ifPresent(name -> {
                Long start = started.remove(name);
                if (start != null) {
                    classMillis.merge(name, (System.nanoTime() - start) / 1_000_000, Math::max);
                }
            });
        }

        private static java.util.Optional<String> className(TestIdentifier id) {
            return id.getSource().filter(ClassSource.class::isInstance).map(source -> ((ClassSource) source).getClassName());
        }
    }

    /** Notes the first assertion whose message contains every phrase (case-insensitive), as the engine judges it. */
    private static final class Caught implements TestExecutionListener {
        private final String[] phrases;
        private final CancellationToken token;
        private boolean yes;

        Caught(String[] phrases, CancellationToken token) {
            this.phrases = phrases;
            this.token = token;
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            Throwable failure = result.getThrowable().orElse(null);
            if (!id.isTest() || !(failure instanceof AssertionError) || failure.getMessage() == null
                    || failure.getMessage().startsWith("execution timed out")) {
                return;
            }
            String message = failure.getMessage().strip().replaceAll("\\s*\\R\\s*", " ");
            message = (message.length() > MESSAGE_LIMIT ? message.substring(0, MESSAGE_LIMIT) : message)
                    .toLowerCase(Locale.ROOT);
            for (String phrase : phrases) {
                if (!message.contains(phrase.toLowerCase(Locale.ROOT))) {
                    return;
                }
            }
            yes = true;
            token.cancel();
        }
    }
}
