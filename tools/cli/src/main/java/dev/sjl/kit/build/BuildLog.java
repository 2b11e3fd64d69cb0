package dev.sjl.kit.build;

import dev.sjl.kit.lab.Poms;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a Maven run printed and says, per module, what went wrong in the learner's words: "the starter does not
 * compile", "2 of 14 tests failed", never a bare BUILD FAILURE. Works on Maven 3.9's batch-mode output.
 */
public final class BuildLog {

    private static final Pattern HEADER = Pattern.compile("^\\[INFO\\] -+< [^:\\s]+:(\\S+) >-+$");
    private static final Pattern BUILDING = Pattern.compile("^\\[INFO\\] Building (.+?) (\\S+)\\s*(?:\\[(\\d+)/(\\d+)\\])?\\s*$");
    private static final Pattern MOJO = Pattern.compile("^\\[INFO\\] --- .+ @ (\\S+) ---$");
    private static final Pattern TOTALS = Pattern.compile(
            "^\\[(?:INFO|WARNING|ERROR)\\] Tests run: (\\d+), Failures: (\\d+), Errors: (\\d+), Skipped: (\\d+)$");
    private static final Pattern SUMMARY = Pattern.compile(
            "^\\[INFO\\] (.+?) \\.*\\s?(SUCCESS|FAILURE|SKIPPED)(?: \\[\\s*(.+?)\\])?\\s*$");
    private static final Pattern FAILED_GOAL = Pattern.compile(
            "^\\[ERROR\\] Failed to execute goal (?:(\\S+):(\\S+):(\\S+):(\\S+) \\((\\S+)\\) )?on project (\\S+): ?(.*)$");
    private static final String PIT_TOTAL = "> Total  :";
    private static final Pattern PIT_THRESHOLD = Pattern.compile("Mutation score of (\\d+) is below threshold of (\\d+)");
    private static final Pattern JAVAC_ERROR = Pattern.compile("^(/.+?\\.java):\\[(\\d+),(\\d+)\\] (.*)$");
    private static final List<String> BOILERPLATE = List.of("To see the full stack trace", "Re-run Maven",
            "For more information", "[Help", "After correcting", "mvn <args>", "-> [Help", "See dump files");

    /**
     * A module in the reactor summary: its artifactId (null for a module skipped before it started, whose header
     * Maven never printed, and for one whose header a parallel build printed beside another's), its name,
     * SUCCESS/FAILURE/SKIPPED, and how long it took.
     */
    public record ModuleResult(String artifactId, String name, String status, String duration) {

        /**
         * The module's folder in {@code paths} (see {@code Poms.modulePaths}): by the name the summary line carries
         * itself, else by artifactId.
         */
        public String path(Map<String, String> paths) {
            String byName = paths.get(name);
            return byName != null ? byName : paths.get(artifactId);
        }
    }

    /** A goal that failed: which plugin and goal (both null when dependencies could not be resolved). */
    public record Failure(String artifactId, String plugin, String goal, String message, List<String> details) {
    }

    public record TestTotals(int run, int failures, int errors, int skipped) {
        public int failed() {
            return failures + errors;
        }
    }

    /** What kind of step failed, so a caller can word it for its reader. */
    public enum Kind { COMPILE, TEST_COMPILE, TESTS, MUTATION, DEPENDENCIES, OTHER }

    /** One explained problem: the module's path, a sentence, and at most a few lines that locate it. */
    public record Problem(String path, Kind kind, String sentence, List<String> details) {
    }

    private final List<ModuleResult> summary = new ArrayList<>();
    private final List<Failure> failures = new ArrayList<>();
    private final Map<String, TestTotals> totals = new LinkedHashMap<>();
    private final Map<String, List<String>> failedTests = new LinkedHashMap<>();
    private final Map<String, String> mutationTimes = new LinkedHashMap<>();
    private final List<String> earlyErrors = new ArrayList<>();

    private BuildLog() {
    }

    public static BuildLog parse(List<String> lines) {
        BuildLog log = new BuildLog();
        Map<String, String> artifactByName = new LinkedHashMap<>();
        String header = null;
        boolean headerInDoubt = false;
        String current = null;
        boolean started = false;
        Failure open = null;
        boolean listingFailedTests = false;
        boolean inSummary = false;
        for (String line : lines) {
            Matcher m;
            if ((m = HEADER.matcher(line)).matches()) {
                // A parallel build (-T) can print two modules' headers before either's "Building" line: then which
                // name goes with which artifactId is unknown, and neither is guessed.
                headerInDoubt = header != null;
                header = m.group(1);
                current = header;
                started = true;
                continue;
            }
            if ((m = BUILDING.matcher(line)).matches() && (header != null || headerInDoubt)) {
                if (!headerInDoubt) {
                    artifactByName.put(m.group(1), header);
                }
                header = null;
                continue;
            }
            header = null;
            headerInDoubt = false;
            if (line.startsWith("[INFO] Reactor Summary")) {
                inSummary = true;
            } else if (line.startsWith("[INFO] BUILD ")) {
                inSummary = false;
            }
            if (line.equals("[ERROR] Failures: ") || line.equals("[ERROR] Errors: ")) {
                listingFailedTests = current != null;
            } else if (listingFailedTests && line.startsWith("[ERROR]   ") && !line.startsWith("[ERROR]    ")) {
                log.failedTests.computeIfAbsent(current, c -> new ArrayList<>()).add(line.substring("[ERROR]   ".length()));
            } else if (listingFailedTests && !line.startsWith("[ERROR]    ")) {
                listingFailedTests = false;
            }
            if ((m = MOJO.matcher(line)).matches()) {
                current = m.group(1);
            } else if (line.startsWith(PIT_TOTAL) && current != null) {
                log.mutationTimes.put(current, line.substring(PIT_TOTAL.length()).strip());
            } else if ((m = TOTALS.matcher(line)).matches() && current != null) {
                log.totals.put(current, new TestTotals(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))));
            } else if ((m = SUMMARY.matcher(line)).matches() && inSummary) {
                log.summary.add(new ModuleResult(artifactByName.get(m.group(1)), m.group(1), m.group(2), m.group(3)));
            }
            if ((m = FAILED_GOAL.matcher(line)).matches()) {
                open = new Failure(m.group(6), m.group(2), m.group(4), m.group(7).strip(), new ArrayList<>());
                log.failures.add(open);
            } else if (open != null && line.startsWith("[ERROR]")) {
                String detail = line.substring("[ERROR]".length()).strip();
                if (detail.startsWith("-> [Help") || detail.startsWith("To see the full stack trace")) {
                    open = null;
                } else if (!detail.isEmpty()) {
                    open.details().add(line.substring("[ERROR] ".length()));
                }
            } else if (open != null && !line.startsWith("[")) {
                open.details().add(line);
            } else {
                open = null;
            }
            if (!started && (line.startsWith("[ERROR]") || line.startsWith("[FATAL]"))) {
                String error = line.replaceFirst("^(\\[(ERROR|FATAL)\\] ?)+", "").strip();
                if (!error.isEmpty() && BOILERPLATE.stream().noneMatch(error::startsWith)) {
                    log.earlyErrors.add(error);
                }
            }
        }
        return log;
    }

    public List<ModuleResult> summary() {
        return summary;
    }

    public List<Failure> failures() {
        return failures;
    }

    public Optional<TestTotals> totals(String artifactId) {
        return Optional.ofNullable(totals.get(artifactId));
    }

    /** How long PIT took on a module, as PIT says it ("6 minutes and 23 seconds"): the cost to watch in CI. */
    public Optional<String> mutationTime(String artifactId) {
        return Optional.ofNullable(mutationTimes.get(artifactId));
    }

    /** Errors printed before any module was built: the reactor itself could not be read. */
    public List<String> earlyErrors() {
        return earlyErrors;
    }

    /** The modules not built because one they depend on failed: artifactIds, or names where Maven gave no other. */
    public List<String> skipped() {
        return summary.stream().filter(m -> m.status().equals("SKIPPED"))
                .map(m -> m.artifactId() == null ? m.name() : m.artifactId()).toList();
    }

    /**
     * Every failure in the learner's words.
     *
     * @param paths    artifactId to module folder (see {@link Poms#modulePaths})
     * @param treeRoot the folder Maven ran in, so javac's absolute paths can be shown relative
     */
    public List<Problem> problems(Map<String, String> paths, Path treeRoot) {
        return problems(paths, treeRoot, null);
    }

    /**
     * As {@link #problems(Map, Path)}, a failed module's tests read from its Surefire reports written since
     * {@code since} where there are any: under {@code -T} two modules' output interleaves, and the console's totals
     * and failed tests can land under the wrong module.
     */
    public List<Problem> problems(Map<String, String> paths, Path treeRoot, java.time.Instant since) {
        List<Problem> problems = new ArrayList<>();
        for (Failure failure : failures) {
            String path = paths.getOrDefault(failure.artifactId(), failure.artifactId());
            Optional<SurefireReports.Results> reports = kind(failure) == Kind.TESTS
                    ? SurefireReports.read(treeRoot.resolve(path).resolve("target").resolve("surefire-reports"), since)
                    : Optional.empty();
            Optional<TestTotals> run = reports.map(SurefireReports.Results::totals).or(() -> totals(failure.artifactId()));
            List<String> details = kind(failure) != Kind.TESTS ? details(failure, treeRoot)
                    : reports.map(SurefireReports.Results::failed)
                            .orElseGet(() -> failedTests.getOrDefault(failure.artifactId(), List.of()))
                            .stream().limit(3).toList();
            problems.add(new Problem(path, kind(failure), sentence(failure, path, run), details));
        }
        if (problems.isEmpty() && !earlyErrors.isEmpty()) {
            problems.add(new Problem(".", Kind.OTHER, "Maven could not read the build", earlyErrors.stream().limit(3).toList()));
        }
        return problems;
    }

    private static Kind kind(Failure failure) {
        if (failure.plugin() == null) {
            return Kind.DEPENDENCIES;
        }
        return switch (failure.plugin() + ":" + failure.goal()) {
            case "maven-compiler-plugin:compile" -> Kind.COMPILE;
            case "maven-compiler-plugin:testCompile" -> Kind.TEST_COMPILE;
            case "maven-surefire-plugin:test" -> Kind.TESTS;
            case "pitest-maven:mutationCoverage" -> Kind.MUTATION;
            default -> Kind.OTHER;
        };
    }

    private String sentence(Failure failure, String path, Optional<TestTotals> run) {
        boolean starter = path.startsWith("labs/");
        boolean reference = path.startsWith("solutions/");
        String goal = failure.goal() == null ? "" : failure.goal();
        if (failure.plugin() == null) {
            return "its dependencies could not be resolved";
        }
        if (failure.plugin().equals("maven-compiler-plugin") && goal.equals("compile")) {
            return starter ? "the starter does not compile" : reference ? "the reference does not compile" : "does not compile";
        }
        if (failure.plugin().equals("maven-compiler-plugin") && goal.equals("testCompile")) {
            return starter ? "the tests do not compile against the starter"
                    : reference ? "the lab's tests do not compile against the reference" : "its tests do not compile";
        }
        if (failure.plugin().equals("maven-surefire-plugin")) {
            String what = failure.artifactId().equals("kit-check") ? "self-test checks" : "tests";
            return run.map(t -> t.failed() + " of " + t.run() + " " + what + " failed").orElse("its " + what + " failed");
        }
        if (failure.plugin().equals("pitest-maven")) {
            Matcher score = PIT_THRESHOLD.matcher(failure.message());
            return score.find() ? "mutation score " + score.group(1) + "% is below the threshold of " + score.group(2)
                    + "%: the lab's tests miss planted bugs" : "mutation testing failed: " + failure.message();
        }
        return goal + " (" + failure.plugin() + ") failed: " + failure.message();
    }

    private static List<String> details(Failure failure, Path treeRoot) {
        List<String> details = new ArrayList<>();
        String root = treeRoot.toAbsolutePath().normalize() + "/";
        for (String raw : failure.details()) {
            String line = raw.strip();
            if (line.isEmpty() || BOILERPLATE.stream().anyMatch(line::startsWith) || line.startsWith("See ")) {
                continue;
            }
            Matcher javac = JAVAC_ERROR.matcher(line);
            if (javac.matches()) {
                String file = javac.group(1).startsWith(root) ? javac.group(1).substring(root.length()) : javac.group(1);
                details.add(file + ":" + javac.group(2) + ": " + javac.group(4));
            } else if (line.startsWith("symbol:") && !details.isEmpty()) {
                int last = details.size() - 1;
                details.set(last, details.get(last) + " (" + line.replaceAll("\\s+", " ") + ")");
            } else if (line.startsWith("location:") || line.startsWith("Could not find artifact")) {
                continue;
            } else {
                details.add(line);
            }
        }
        return details.stream().limit(3).toList();
    }

    /** "[5/20] Labs :: 03 :: JWT" when {@code line} starts a module, for a progress display. */
    public static Optional<String> progress(String line) {
        Matcher m = BUILDING.matcher(line);
        if (!m.matches() || m.group(3) == null) {
            return Optional.empty();
        }
        return Optional.of("[" + m.group(3) + "/" + m.group(4) + "] " + m.group(1));
    }
}
