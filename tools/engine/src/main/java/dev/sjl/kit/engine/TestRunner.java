package dev.sjl.kit.engine;

import dev.sjl.kit.junit.LabResults;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the lab's test classes against one variant's classes, in this JVM: a fresh child loader over [variant classes,
 * test classes] whose parent is the session's {@link SharedLoader}. The run is classified by the lab's own kit-junit
 * listener, which writes the {@code LabResults} JSON to the file named by {@code kit.results}; it is read back here.
 * Runs are sequential: each sets system properties and {@code System.out} for its duration.
 */
final class TestRunner implements AutoCloseable {

    static final String ROLE = "engine";

    /** localcloud-junit's switch from one local cloud per test run to one per JVM, reset between runs. */
    static final String LOCAL_CLOUD_SCOPE = "localcloud.session";

    /** Where a local cloud the tests start writes its emulators' logs (else a new temporary folder, never deleted). */
    static final String LOCAL_CLOUD_LOGS = "localcloud.logs";

    /** What stops the local cloud kept between runs, in the lab's jar loader when its tests use the local cloud. */
    private static final String LOCAL_CLOUD_EXTENSION = "dev.sjl.localcloud.junit.LocalCloudExtension";

    private final String lab;
    private final Path labDir;
    private final LabClasspath classpath;
    private final boolean freshLoaders;
    private final PrintStream log;
    private final Map<String, String> config;
    private final boolean oneCloud;
    private final Path cloudLogs;
    private SharedLoader shared;
    /**
     * How long each test class took, first under Surefire (the reference's reports, when there are any) and then in this
     * session: shortcut runs start with the quick ones.
     */
    private final Map<String, Long> classMillis = new HashMap<>();

    /** One run's outcome: the results (null when the run broke before writing any), its time, and what broke. */
    record Outcome(LabResults results, long millis, String error) {
    }

    /**
     * @param labDir       {@code labs/NN-x}, for tests that read their lab folder through {@code kit.labDir}
     * @param freshLoaders a new jar loader for every run instead of one for the session (slower, for diagnosis)
     * @param log          where the tests' own output goes (they print; the engine's console must not)
     * @param config       JUnit configuration parameters for every run
     * @param oneCloud     whether the runs share one local cloud ({@code -Dlocalcloud.session=jvm}, reset between runs)
     *                     instead of starting every emulator for each variant, and for each test class of a shortcut;
     *                     only with the shared jar loader, where the cloud lives, and stopped on {@link #close()}
     * @param cloudLogs    the folder for the logs of a local cloud the tests start (the session's, under the lab's
     *                     {@code target/}: the engine runs in the kit's root, where there is none to default to)
     */
    TestRunner(String lab, Path labDir, LabClasspath classpath, boolean freshLoaders, PrintStream log,
               Map<String, String> config, boolean oneCloud, Path cloudLogs) {
        this.lab = lab;
        this.labDir = labDir;
        this.classpath = classpath;
        this.freshLoaders = freshLoaders;
        this.log = log;
        this.config = Map.copyOf(config);
        this.oneCloud = oneCloud && !freshLoaders;
        this.cloudLogs = cloudLogs;
    }

    /** How long test classes took elsewhere (the reference under Surefire), until this session times them itself. */
    void knownClassTimes(Map<String, Long> millis) {
        millis.forEach(classMillis::putIfAbsent);
    }

    /**
     * Runs the tests tagged {@code task:N} for the given tasks (every test when {@code tasks} is empty).
     *
     * @param results  the file the listener writes; deleted first, so a stale one is never read
     * @param stopWhen null to run every test; else the phrases that, in a failed assertion's message, end the run
     *                 at that test (the quickest classes run first; the tests left are reported skipped)
     */
    Outcome run(Path variantClasses, Collection<Integer> tasks, Path results, List<String> stopWhen) {
        return run(variantClasses, tasks.stream().map(task -> "task:" + task).toList(), results, stopWhen, null);
    }

    /**
     * Runs the tests that match one of the JUnit tag expressions ({@code task:3}, {@code !task:3}; every test when
     * there are none).
     *
     * @param cancel null, or handed a way to cancel the run from another thread (see {@code PlatformRun})
     */
    Outcome run(Path variantClasses, List<String> tagExpressions, Path results, List<String> stopWhen,
                Consumer<Runnable> cancel) {
        long start = System.nanoTime();
        String[] tags = tagExpressions.toArray(String[]::new);
        List<Path> variantPath = List.of(variantClasses, classpath.testClasses());
        List<Path> full = new ArrayList<>(variantPath);
        full.addAll(classpath.testJars());
        // Shared: the variant's loader holds its classes and the test classes, over the session's jar loader. Fresh:
        // one loader with everything, Surefire's layout exactly, at the price of loading every jar again.
        SharedLoader jars = freshLoaders ? new SharedLoader("kit-engine-variant", full, null) : shared();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("kit.lab", lab);
        properties.put("kit.role", ROLE);
        properties.put("kit.results", results.toString());
        properties.put("kit.labDir", labDir.toString());
        // A run that stops at the class naming the mistake launches one class at a time: each launch adds its results.
        properties.put("kit.results.append", Boolean.toString(stopWhen != null));
        // Tests that start a JVM of their own (lab 01's real runtime) hand it java.class.path: the variant's.
        properties.put("java.class.path", String.join(File.pathSeparator, full.stream().map(Path::toString).toList()));
        if (oneCloud) {
            properties.put(LOCAL_CLOUD_SCOPE, "jvm");
        }
        properties.put(LOCAL_CLOUD_LOGS, cloudLogs.toString());
        properties.putAll(waitProperties(stopWhen != null));

        Map<String, String> saved = new LinkedHashMap<>();
        properties.keySet().forEach(key -> saved.put(key, System.getProperty(key)));
        Thread thread = Thread.currentThread();
        ClassLoader savedContext = thread.getContextClassLoader();
        PrintStream out = System.out;
        PrintStream err = System.err;
        String error = null;
        try (URLClassLoader variant = freshLoaders ? jars
                : new URLClassLoader("kit-engine-variant", SharedLoader.urls(variantPath), jars)) {
            Files.deleteIfExists(results);
            properties.forEach(System::setProperty);
            thread.setContextClassLoader(variant);
            EngineSystemLoader.fallBackTo(variant);
            System.setOut(log);
            System.setErr(log);
            Method run = Class.forName(SharedLoader.ISOLATED + "PlatformRun", true, jars)
                    .getMethod("run", String.class, String[].class, Map.class, String[].class, Map.class, Consumer.class);
            run.invoke(null, classpath.testClasses().toString(), tags, config,
                    stopWhen == null ? null : stopWhen.toArray(String[]::new), classMillis, cancel);
        } catch (InvocationTargetException e) {
            error = "the JUnit Platform failed: " + e.getCause();
            e.getCause().printStackTrace(log);
        } catch (ReflectiveOperationException | IOException | LinkageError e) {
            error = "cannot start the lab's JUnit Platform: " + e;
            e.printStackTrace(log);
        } finally {
            System.setOut(out);
            System.setErr(err);
            EngineSystemLoader.fallBackTo(null);
            thread.setContextClassLoader(savedContext);
            saved.forEach((key, value) -> {
                if (value == null) {
                    System.clearProperty(key);
                } else {
                    System.setProperty(key, value);
                }
            });
            log.flush();
        }
        LabResults read = null;
        if (Files.isRegularFile(results)) {
            try {
                read = LabResults.read(results);
            } catch (IOException e) {
                error = "cannot read " + results + ": " + e.getMessage();
            }
        } else if (error == null) {
            error = "the run wrote no " + results.getFileName() + ": is kit-junit (its listener) on the lab's test "
                    + "classpath?";
        }
        return new Outcome(read, (System.nanoTime() - start) / 1_000_000, error);
    }

    /** The system property a lab's background waits read as their ceiling for one hop (lab 07's {@code Await}). */
    static final String HOP_CEILING = "kit.await.hopCeilingMillis";

    /**
     * A shortcut only has to fail with its rule, so a wait for a hop that never comes may give up after 10 s (a hop
     * takes well under a second on a loaded machine) instead of a learner's 60: in lab 07 two shortcuts waited out the
     * full minute each. Staircase steps and the reference keep the learner's ceiling, since a wait cut short there would
     * be a red the lab did not earn.
     */
    static Map<String, String> waitProperties(boolean shortcut) {
        return shortcut ? Map.of(HOP_CEILING, String.valueOf(SHORTCUT_HOP_MILLIS)) : Map.of();
    }

    static final long SHORTCUT_HOP_MILLIS = 10_000;

    private SharedLoader shared() {
        if (shared == null) {
            List<Path> entries = new ArrayList<>(classpath.testJars());
            entries.add(classpath.testClasses());
            shared = new SharedLoader("kit-engine-jars", entries, classpath.testClasses());
        }
        return shared;
    }

    @Override
    public void close() {
        if (shared != null) {
            if (oneCloud) {
                closeKeptCloud(shared, log);
            }
            closeQuietly(shared);
            shared = null;
        }
    }

    /** Stops the local cloud the session's runs shared, if its tests started one: its emulators would outlive the loader. */
    private static void closeKeptCloud(SharedLoader jars, PrintStream log) {
        Class<?> extension = jars.loaded(LOCAL_CLOUD_EXTENSION);
        if (extension == null) {
            return;
        }
        try {
            extension.getMethod("closeKeptSession").invoke(null);
        } catch (ReflectiveOperationException | LinkageError e) {
            // An older localcloud-junit keeps no cloud between runs; a failed stop leaves it to the JVM's exit.
            e.printStackTrace(log);
        }
    }

    private static void closeQuietly(URLClassLoader loader) {
        try {
            loader.close();
        } catch (IOException ignored) {
            // the session is over; a jar that will not close is no finding
        }
    }
}
