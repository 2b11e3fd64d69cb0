package dev.sjl.kit.engine;

import dev.sjl.kit.junit.LabResults;
import dev.sjl.kit.model.Lab;
import dev.sjl.kit.model.LabSources;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The learner's own lab ({@code labs/NN-x}) built and tested in this JVM, again and again: {@code kit watch}. The main
 * and test sources are compiled with the JDK's compiler (one compiler for the session, so its jars stay open) and the
 * tests run in a fresh class loader per run over one loader of the lab's jars, as the engine runs a variant. The jars
 * are the lab's own, as its Maven build resolved them ({@code labs/pom.xml} writes the two classpath files). Works in
 * {@code labs/NN-x/target/kit-watch/}; what the tests print goes to {@code tests.log} there. Not thread-safe, except
 * for the cancel hook a test run hands out.
 */
public final class LearnerBuild implements AutoCloseable {

    /** The folder under the lab's {@code target/}. */
    public static final String WORK = "kit-watch";

    private static final String MAIN = "src/main";
    private static final String TEST_JAVA = "src/test/java";
    private static final String TEST_RESOURCES = "src/test/resources";

    private final String lab;
    private final Path labDir;
    private final LabClasspath classpath;
    private final Path classes;
    private final Path work;
    private final VariantCompiler compiler;
    private final PrintStream log;
    private final TestRunner runner;
    private int runs;
    /** The API of each main type, as the last good compile saw it. */
    private final Map<String, String> api = new HashMap<>();
    /** The main sources the last good compile saw; empty when it failed (the next compile is then a whole one). */
    private final Set<String> mainFiles = new TreeSet<>();
    /** Main sources saved since the last good compile. */
    private final Set<String> pending = new TreeSet<>();
    private String lastCompile = "nothing";

    /** One test run: what the lab's listener recorded (null when the run broke), how long it took, what broke. */
    public record TestRun(LabResults results, long millis, String error) {
    }

    private LearnerBuild(Path root, String lab, Duration testTimeout) {
        this.lab = lab;
        Lab parts = Lab.in(root, lab);
        this.labDir = parts.dir();
        Path target = labDir.resolve("target");
        for (String file : List.of(LabClasspath.COMPILE_FILE, LabClasspath.TEST_FILE)) {
            if (!Files.isRegularFile(target.resolve(file))) {
                throw new EngineException(parts.labPath() + "/target/" + file + " is missing: let Maven resolve the "
                        + "lab once (./mvnw -q process-test-resources -pl " + parts.labPath() + ")");
            }
        }
        this.work = target.resolve(WORK);
        LabSources.deleteTree(work);
        this.classes = work.resolve("classes");
        this.classpath = new LabClasspath(work.resolve("test-classes"), LabClasspath.read(target.resolve(LabClasspath.COMPILE_FILE)),
                LabClasspath.read(target.resolve(LabClasspath.TEST_FILE)));
        try {
            Files.createDirectories(work);
            this.log = new PrintStream(new FileOutputStream(work.resolve("tests.log").toFile()), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + work, e);
        }
        this.compiler = new VariantCompiler();
        this.runner = new TestRunner(lab, labDir, classpath, false, log,
                Map.of("junit.jupiter.execution.timeout.default", testTimeout.toSeconds() + " s"), false,
                work.resolve("localcloud-logs"));
    }

    /**
     * Opens a session on {@code labs/<lab>}, whose classpath files Maven wrote.
     *
     * @throws EngineException when they are missing, naming the command that writes them
     */
    public static LearnerBuild open(Path root, String lab, Duration testTimeout) {
        return new LearnerBuild(root, lab, testTimeout);
    }

    public String lab() {
        return lab;
    }

    public Path labDir() {
        return labDir;
    }

    /** Where the tests' own output goes. */
    public Path testLog() {
        return work.resolve("tests.log");
    }

    /** Whether this JVM can run tests that load classes through the system class loader (see EngineSystemLoader). */
    public static boolean systemLoaderInstalled() {
        return EngineSystemLoader.installed();
    }

    /** Compiles {@code src/main} (and copies its resources), from scratch, so a deleted source leaves no class behind. */
    public VariantCompiler.Result compileMain() {
        pending.clear();
        Map<String, String> fresh = new HashMap<>();
        LabSources.deleteTree(classes);
        SortedMap<String, byte[]> sources = read(MAIN);
        VariantCompiler.Result result = compiler.compile(sources, classpath.compileJars(), classes, fresh);
        api.clear();
        mainFiles.clear();
        if (result.ok()) {
            api.putAll(fresh);
            mainFiles.addAll(sources.keySet());
        }
        lastCompile = "the lab";
        return result;
    }

    /**
     * Compiles what a save changed. Only the saved {@code .java} files, against the last compile's classes, when that is
     * safe: the last compile succeeded, no file was added, deleted or is a resource, and the saved types' API (see
     * {@link VariantCompiler#compile(Map, List, Path, Map)}) is what it was, so no other file needs compiling again.
     * Otherwise, or when the API changed, the whole of {@code src/main} from scratch. Files saved while the lab did not
     * compile are compiled with the next save's.
     *
     * @param changed module-relative paths of the files saved (those outside {@code src/main} are ignored)
     */
    public VariantCompiler.Result compileMain(Set<String> changed) {
        changed.stream().filter(file -> file.startsWith(MAIN + "/")).forEach(pending::add);
        SortedMap<String, byte[]> sources = read(MAIN);
        boolean incremental = !mainFiles.isEmpty() && sources.keySet().equals(mainFiles)
                && pending.stream().allMatch(file -> file.startsWith(MAIN + "/java/") && file.endsWith(".java"));
        if (!incremental) {
            return compileMain();
        }
        if (pending.isEmpty()) {
            lastCompile = "nothing";
            return new VariantCompiler.Result(classes, List.of(), List.of(), 0);
        }
        SortedMap<String, byte[]> saved = new TreeMap<>();
        pending.forEach(file -> saved.put(file, sources.get(file)));
        List<Path> against = new ArrayList<>(classpath.compileJars());
        against.add(0, classes);
        Map<String, String> fresh = new HashMap<>();
        VariantCompiler.Result result = compiler.compile(saved, against, classes, fresh);
        if (!result.ok()) {
            // The classes folder is as the last good compile left it (javac writes nothing when a file has errors).
            lastCompile = saved.size() == 1 ? "1 file" : saved.size() + " files";
            return result;
        }
        boolean sameApi = fresh.entrySet().stream().allMatch(type -> type.getValue().equals(api.get(type.getKey())));
        if (!sameApi) {
            VariantCompiler.Result whole = compileMain();
            lastCompile = "the lab (an API changed)";
            return new VariantCompiler.Result(whole.output(), whole.errors(), whole.problems(),
                    result.millis() + whole.millis());
        }
        pending.clear();
        lastCompile = saved.size() == 1 ? "1 file" : saved.size() + " files";
        return result;
    }

    /** What the last main compile compiled: "the lab", "1 file", "3 files", "nothing"... for the watch's heading. */
    public String lastCompile() {
        return lastCompile;
    }

    /** Compiles {@code src/test/java} against the main classes and copies {@code src/test/resources}. */
    public VariantCompiler.Result compileTests() {
        Path testClasses = classpath.testClasses();
        LabSources.deleteTree(testClasses);
        List<Path> against = new ArrayList<>(classpath.testJars());
        against.add(0, classes);
        VariantCompiler.Result result = compiler.compile(read(TEST_JAVA), against, testClasses);
        SortedMap<String, byte[]> resources = read(TEST_RESOURCES);
        try {
            for (Map.Entry<String, byte[]> file : resources.entrySet()) {
                Path copy = testClasses.resolve(file.getKey().substring(TEST_RESOURCES.length() + 1));
                Files.createDirectories(copy.getParent());
                Files.write(copy, file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + TEST_RESOURCES + " of " + lab, e);
        }
        return result;
    }

    /**
     * Runs the tests that match one of the tag expressions ({@code task:3}, or {@code !task:3}; all with none) against
     * the last compiled classes.
     *
     * @param cancel null, or handed a way to stop the run from another thread: the test under way ends, the rest are
     *               skipped
     */
    public TestRun test(List<String> tagExpressions, Consumer<Runnable> cancel) {
        Path results = work.resolve("results-" + (++runs % 2) + ".json");
        TestRunner.Outcome outcome = runner.run(classes, tagExpressions, results, null, cancel);
        return new TestRun(outcome.results(), outcome.millis(), outcome.error());
    }

    @Override
    public void close() {
        try {
            runner.close();
        } finally {
            compiler.close();
            log.close();
        }
    }

    /** The files under one folder of the lab, by module-relative path with {@code /}; empty when it does not exist. */
    private SortedMap<String, byte[]> read(String folder) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        Path dir = labDir.resolve(folder);
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                if (folder.endsWith("java") && !name.endsWith(".java")) {
                    continue;
                }
                try {
                    files.put(labDir.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
                } catch (java.nio.file.NoSuchFileException gone) {
                    // an editor's temporary file, renamed away while we walked: the next save brings the real one
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
        return files;
    }
}
