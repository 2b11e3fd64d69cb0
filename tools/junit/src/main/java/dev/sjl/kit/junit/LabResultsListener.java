package dev.sjl.kit.junit;

import dev.sjl.kit.junit.LabResults.Status;
import dev.sjl.kit.junit.LabResults.TestResult;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Records every lab test's outcome to {@code target/lab-results.json} and prints a per-task summary
 * when the run ends. Registered through {@code META-INF/services}, so a lab needs nothing but this
 * module on its test classpath; it stays silent outside a lab (no {@code kit.lab} property).
 * <p>
 * Roles: {@code starter} and {@code reference} write and print; {@code mutation} (PIT's many runs) does neither;
 * {@code engine} (the lab engine's staircase and shortcut runs, tools/engine) writes the results and prints nothing.
 * <p>
 * A run that Surefire filtered ({@code -Dgroups=task:2}, {@code -Dtest=...}) or that lacks tasks {@code hints.md}
 * names is a partial run: its summary says which tasks it did not run, and never "all tasks green".
 */
public class LabResultsListener implements TestExecutionListener {

    private static final String TASK_TAG = "task:";

    /** Surefire's filters; the user properties of the Maven command line reach the forked JVM as system properties. */
    private static final List<String> FILTERS = List.of("groups", "excludedGroups", "test");

    private final List<TestResult> tests = Collections.synchronizedList(new ArrayList<>());
    private final List<TestResult> broken = Collections.synchronizedList(new ArrayList<>());
    private final String lab = System.getProperty("kit.lab");
    private final String role = System.getProperty("kit.role", "starter");
    private final String results = System.getProperty("kit.results");
    private final String labDir = System.getProperty("kit.labDir");
    private final String filter = filterOf(System.getProperties());

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            tests.add(result(id, Status.SKIPPED, null, limit()));
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult outcome) {
        Status status = switch (outcome.getStatus()) {
            case SUCCESSFUL -> Status.PASSED;
            case ABORTED -> Status.ABORTED;
            case FAILED -> Status.FAILED;
        };
        Throwable failure = outcome.getThrowable().orElse(null);
        if (id.isTest()) {
            tests.add(result(id, status, failure, limit()));
        } else if (status == Status.FAILED && failure != null) {
            broken.add(result(id, status, failure, limit()));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan plan) {
        if (lab == null || "mutation".equals(role)) {
            return;
        }
        LabResults run = new LabResults(lab, role, Instant.now().toString(), List.copyOf(tests), List.copyOf(broken));
        if (results != null) {
            try {
                Path file = Path.of(results);
                // The engine runs a shortcut's test classes one launch at a time (until one names the mistake), and
                // each launch has a listener of its own: add to the file, so the verdict sees every class that ran.
                boolean append = Boolean.getBoolean("kit.results.append") && java.nio.file.Files.isRegularFile(file);
                (append ? LabResults.read(file).then(run) : run).write(file);
            } catch (IOException e) {
                System.err.println("kit: could not write " + results + ": " + e.getMessage());
            }
        }
        if ("engine".equals(role)) {
            return;
        }
        Hints hints = labDir == null ? new Hints(new TreeMap<>()) : Hints.ofLab(Path.of(labDir));
        printSummary(run, hints, filter, System.out);
    }

    /** {@code -Dgroups=task:2} as the learner typed it, or null for an unfiltered run. */
    static String filterOf(Properties properties) {
        List<String> set = new ArrayList<>();
        for (String name : FILTERS) {
            String value = properties.getProperty(name);
            if (value != null && !value.isBlank()) {
                set.add("-D" + name + "=" + value.strip());
            }
        }
        return set.isEmpty() ? null : String.join(" ", set);
    }

    /**
     * How much of a failure message to keep: a line for the learner's summary, more for the engine, which looks for a
     * shortcut's expected words anywhere in it.
     */
    private int limit() {
        return "engine".equals(role) ? 4000 : 300;
    }

    private static TestResult result(TestIdentifier id, Status status, Throwable failure, int limit) {
        SortedSet<Integer> tasks = new TreeSet<>();
        for (TestTag tag : id.getTags()) {
            if (tag.getName().startsWith(TASK_TAG)) {
                try {
                    tasks.add(Integer.valueOf(tag.getName().substring(TASK_TAG.length())));
                } catch (NumberFormatException ignored) {
                    // a malformed tag leaves the test without a task; the self-test reports that
                }
            }
        }
        String className = id.getSource()
                .filter(MethodSource.class::isInstance)
                .map(s -> ((MethodSource) s).getClassName())
                .orElse(null);
        if (failure == null) {
            return new TestResult(id.getUniqueId(), className, id.getDisplayName(), tasks, status, null, null, null);
        }
        FailureReason.Classified why = FailureReason.classify(failure);
        return new TestResult(id.getUniqueId(), className, id.getDisplayName(), tasks, status,
                why.reason(), why.todoTask(), firstLine(why.message(), limit));
    }

    /**
     * How much of the lab a summary speaks for, so that it never claims more than the run saw.
     *
     * @param label         said in the heading ({@code filtered: -Dgroups=task:2}, {@code task 3 first}), or null
     * @param othersRunning the tasks this run left out are running now ({@code kit watch} runs the task being worked on
     *                      first): they are "still running", not "not run", and no command to run them is offered
     * @param maven         a Surefire run: the summary offers Maven commands; else only the kit's
     */
    public record Scope(String label, boolean othersRunning, boolean maven) {

        /** A Surefire run, filtered ({@code -Dgroups=task:2} as the learner typed it) or not (null). */
        public static Scope surefire(String filter) {
            return new Scope(filter == null ? null : "filtered: " + filter, false, true);
        }
    }

    /**
     * The learner's view: which tasks are done, and what to do next.
     *
     * @param filter the Surefire filter of this run as typed ({@code -Dgroups=task:2}), or null
     */
    static void printSummary(LabResults run, Hints hints, String filter, PrintStream out) {
        printSummary(run, hints, Scope.surefire(filter), out);
    }

    /**
     * The learner's view of a run: one line per task that ran, then the next thing to do. A run that left tasks out
     * (a filter, a task missing from the tests, {@code kit watch}'s first part) never says "all tasks green".
     */
    public static void printSummary(LabResults run, Hints hints, Scope scope, PrintStream out) {
        Map<Integer, int[]> perTask = new TreeMap<>();
        Map<Integer, String> firstFailure = new TreeMap<>();
        for (TestResult test : run.tests()) {
            for (int task : test.tasks().isEmpty() ? List.of(0) : test.tasks()) {
                int[] counts = perTask.computeIfAbsent(task, t -> new int[2]);
                counts[1]++;
                if (test.passed()) {
                    counts[0]++;
                } else if (test.status() == Status.FAILED) {
                    firstFailure.putIfAbsent(task, test.name() + " -> " + test.message());
                }
            }
        }
        String labNumber = run.lab().length() >= 2 ? run.lab().substring(0, 2) : run.lab();
        SortedSet<Integer> notRun = new TreeSet<>(hints.tasks().keySet());
        notRun.removeAll(perTask.keySet());
        boolean partial = scope.label() != null || !notRun.isEmpty();
        out.println();
        out.println("---- Lab " + run.lab() + " (" + run.role() + ")" + (scope.label() != null ? ", " + scope.label()
                : notRun.isEmpty() ? "" : ", not every task ran") + " ----");
        Integer next = null;
        for (Map.Entry<Integer, int[]> entry : perTask.entrySet()) {
            int task = entry.getKey();
            int[] c = entry.getValue();
            boolean green = c[0] == c[1];
            String title = task == 0 ? "(untagged tests)" : hints.title(task);
            out.printf("  %s Task %d  %-48s %d/%d%n", green ? "[x]" : "[ ]", task, title, c[0], c[1]);
            if (!green && next == null) {
                next = task;
            }
        }
        String all = scope.othersRunning() ? ""
                : scope.maven() ? ". All tasks: ./mvnw test -pl " + ("reference".equals(run.role()) ? "solutions/"
                : "labs/") + run.lab()
                : ". All tasks: save again, or ./kit watch " + labNumber;
        String left = notRunSentence(notRun, scope.othersRunning());
        if (next == null && partial) {
            // Never "all green" for a partial run: the tasks it left out may well be red.
            out.println("  " + (perTask.isEmpty() ? "No test ran" : "Every test this run selected is green")
                    + (notRun.isEmpty() ? "; the filter may have left tests out" : "; " + left) + all);
        } else if (next == null) {
            out.println("  All tasks green. Next: ./kit status");
        } else {
            String why = firstFailure.get(next);
            if (why != null) {
                out.println("  Next: Task " + next + ": " + why);
            }
            out.println("  Stuck? ./kit hint " + labNumber + " " + next + (scope.maven()
                    ? "   Only this task: ./mvnw test -pl labs/" + run.lab() + " -Dgroups=task:" + next : ""));
            if (!notRun.isEmpty()) {
                out.println("  Also " + left + all);
            }
        }
        for (TestResult container : run.broken()) {
            out.println("  Could not run " + container.name() + ": " + container.message());
        }
        out.println();
    }

    /** "6 tasks were not run (2, 3, 4, 5, 6 and 7)", "1 task was not run (5)", "2 tasks are still running (1 and 2)". */
    private static String notRunSentence(SortedSet<Integer> notRun, boolean running) {
        if (notRun.isEmpty()) {
            return "";
        }
        List<String> numbers = notRun.stream().map(String::valueOf).toList();
        String listed = numbers.size() == 1 ? numbers.get(0)
                : String.join(", ", numbers.subList(0, numbers.size() - 1)) + " and " + numbers.get(numbers.size() - 1);
        return notRun.size() + (notRun.size() == 1 ? " task " : " tasks ") + (running
                ? (notRun.size() == 1 ? "is" : "are") + " still running"
                : (notRun.size() == 1 ? "was" : "were") + " not run") + " (" + listed + ")";
    }

    private static String firstLine(String message, int limit) {
        if (message == null) {
            return null;
        }
        // AssertJ puts its description on the first line and "expected/but was" below: keep them, joined.
        String line = message.strip().replaceAll("\\s*\\R\\s*", " ");
        return line.length() > limit ? line.substring(0, limit) + "..." : line;
    }
}
