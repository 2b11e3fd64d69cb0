package dev.sjl.kit.check;

import dev.sjl.kit.junit.FailureReason;
import dev.sjl.kit.junit.Hints;
import dev.sjl.kit.junit.LabResults;
import dev.sjl.kit.junit.LabResults.Status;
import dev.sjl.kit.junit.LabResults.TestResult;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The self-test's rules, one lab at a time. Each returns sentences that name the lab's test or file to fix; an empty
 * list means the lab keeps that promise. A rule that cannot judge (its results are missing) says nothing, because
 * {@link Rule#RESULTS} already reports the cause.
 */
public final class LabRules {

    /** Each task in hints.md needs at least this many hints: gentle, closer, nearly the answer in words. */
    public static final int MIN_HINTS_PER_TASK = 3;

    private static final int LISTED = 5;

    private LabRules() {
    }

    public static List<Finding> check(LabEvidence lab) {
        List<Finding> findings = new ArrayList<>();
        for (Rule rule : Rule.values()) {
            findings.addAll(check(lab, rule));
        }
        return findings;
    }

    public static List<Finding> check(LabEvidence lab, Rule rule) {
        List<String> problems = switch (rule) {
            case RESULTS -> results(lab);
            case REFERENCE_GREEN -> referenceGreen(lab);
            case STARTER_RED -> starterRed(lab);
            case SAME_TESTS -> sameTests(lab);
            case TASKS -> tasks(lab);
            case FOLDERS -> folders(lab);
            case GENERATED -> generated(lab);
            case REACTOR -> reactor(lab);
        };
        return problems.stream().map(problem -> new Finding(lab.lab(), rule, problem)).toList();
    }

    private static List<String> results(LabEvidence lab) {
        List<String> problems = new ArrayList<>();
        side(problems, "starter", "starter", lab.starter());
        side(problems, "reference", "reference", lab.reference());
        return problems;
    }

    private static void side(List<String> problems, String side, String expectedRole, Results results) {
        if (!results.present()) {
            problems.add("no " + side + " results: " + results.missing());
            return;
        }
        LabResults run = results.results();
        if (!expectedRole.equals(run.role())) {
            problems.add("the " + side + "'s results say role '" + run.role() + "', expected '" + expectedRole + "'");
        }
        if (run.tests() == null || run.tests().isEmpty()) {
            problems.add("the " + side + " ran no tests");
        }
        for (TestResult container : nullSafe(run.broken())) {
            problems.add(side + ": " + container.name() + " could not run: " + container.message());
        }
    }

    private static List<String> referenceGreen(LabEvidence lab) {
        if (!lab.reference().present()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (TestResult test : tests(lab.reference())) {
            if (!test.passed()) {
                problems.add("reference test " + describe(test) + " " + outcome(test));
            }
        }
        return problems;
    }

    private static List<String> starterRed(LabEvidence lab) {
        if (!lab.starter().present()) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        for (TestResult test : tests(lab.starter())) {
            if (test.status() == Status.PASSED) {
                problems.add("starter test " + describe(test) + " PASSED: the lab ships solved, the starter must leave"
                        + " this for the learner (a Task N: TODO or a wrong value)");
            } else if (test.status() != Status.FAILED) {
                problems.add("starter test " + describe(test) + " was " + test.status()
                        + ": every test must run and be red on the starter");
            } else if (test.reason() != FailureReason.TODO && test.reason() != FailureReason.ASSERTION) {
                problems.add("starter test " + describe(test) + " is red for the wrong reason, "
                        + (test.reason() == null ? "an unknown failure" : test.reason())
                        + " instead of a Task N: TODO or a failed assertion: " + shorten(test.message()));
            }
        }
        return problems;
    }

    private static List<String> sameTests(LabEvidence lab) {
        if (!lab.starter().present() || !lab.reference().present()) {
            return List.of();
        }
        Map<String, TestResult> starter = byId(tests(lab.starter()));
        Map<String, TestResult> reference = byId(tests(lab.reference()));
        List<String> problems = new ArrayList<>();
        if (starter.size() != reference.size()) {
            problems.add("the starter ran " + starter.size() + " tests, the reference " + reference.size());
        }
        missing(problems, "ran on the starter but not on the reference", starter, reference.keySet());
        missing(problems, "ran on the reference but not on the starter", reference, starter.keySet());
        return problems;
    }

    private static void missing(List<String> problems, String what, Map<String, TestResult> side, Set<String> other) {
        List<String> absent = side.entrySet().stream().filter(e -> !other.contains(e.getKey()))
                .map(e -> describe(e.getValue())).toList();
        if (!absent.isEmpty()) {
            problems.add(absent.size() + (absent.size() == 1 ? " test " : " tests ") + what + ": " + listed(absent));
        }
    }

    private static List<String> tasks(LabEvidence lab) {
        Hints hints = lab.hints();
        if (hints == null) {
            return List.of(); // FOLDERS reports the missing file
        }
        List<String> problems = new ArrayList<>();
        if (hints.tasks().isEmpty()) {
            problems.add("hints.md has no task sections (\"## 1. Title\")");
        }
        Map<String, TestResult> tests = new LinkedHashMap<>();
        tests.putAll(byId(tests(lab.reference())));
        byId(tests(lab.starter())).forEach(tests::putIfAbsent);
        SortedSet<Integer> tested = new TreeSet<>();
        List<String> untagged = new ArrayList<>();
        for (TestResult test : tests.values()) {
            SortedSet<Integer> tags = test.tasks() == null ? new TreeSet<>() : test.tasks();
            if (tags.isEmpty()) {
                untagged.add(describe(test));
            }
            for (int task : tags) {
                tested.add(task);
                if (hints.task(task).isEmpty()) {
                    problems.add("test " + describe(test) + " is tagged task:" + task + " but hints.md has no \"## "
                            + task + ". Title\"");
                }
            }
        }
        if (!untagged.isEmpty()) {
            problems.add(untagged.size() + (untagged.size() == 1 ? " test has" : " tests have")
                    + " no @Tag(\"task:N\"): " + listed(untagged));
        }
        if (!tests.isEmpty()) {
            for (Hints.Task task : hints.tasks().values()) {
                if (!tested.contains(task.number())) {
                    problems.add("hints.md task " + task.number() + " \"" + task.title() + "\" has no test tagged task:"
                            + task.number());
                }
            }
        }
        SortedSet<Integer> todos = new TreeSet<>(lab.starterTodoTasks());
        tests(lab.starter()).stream().map(TestResult::todoTask).filter(n -> n != null).forEach(todos::add);
        for (int task : todos) {
            if (hints.task(task).isEmpty()) {
                problems.add("a starter TODO says \"Task " + task + ":\" but hints.md has no task " + task);
            }
        }
        return problems;
    }

    private static List<String> folders(LabEvidence lab) {
        List<String> problems = new ArrayList<>();
        String dir = "labs/" + lab.lab();
        if (lab.readme() == null) {
            problems.add(dir + "/README.md is missing");
        } else {
            if (lab.readme().title() == null) {
                problems.add(dir + "/README.md must start with \"# Lab " + twoDigits(lab.number()) + " · Title\"");
            } else if (lab.number() >= 0 && lab.readme().number() != lab.number()) {
                problems.add(dir + "/README.md is headed \"# Lab " + twoDigits(lab.readme().number())
                        + "\" but the folder is lab " + twoDigits(lab.number()));
            }
            if (lab.readme().minutes() == null) {
                problems.add(dir + "/README.md has no time estimate (\"**Time:** 90 min\")");
            }
        }
        if (lab.hints() == null) {
            problems.add(dir + "/hints.md is missing");
        } else {
            for (Hints.Task task : lab.hints().tasks().values()) {
                if (task.hints().size() < MIN_HINTS_PER_TASK) {
                    problems.add(dir + "/hints.md task " + task.number() + " \"" + task.title() + "\" has "
                            + task.hints().size() + (task.hints().size() == 1 ? " hint" : " hints") + ", at least "
                            + MIN_HINTS_PER_TASK + " needed");
                }
            }
        }
        if (!lab.hasSolutionFolder()) {
            problems.add("there is no reference: solutions/" + lab.lab() + "/pom.xml is missing");
        }
        return problems;
    }

    private static List<String> generated(LabEvidence lab) {
        return lab.starterDrift();
    }

    private static List<String> reactor(LabEvidence lab) {
        ReactorEvidence reactor = lab.reactor();
        List<String> problems = new ArrayList<>();
        if (!reactor.labsModules().contains(lab.lab())) {
            problems.add("labs/pom.xml does not list <module>" + lab.lab() + "</module>");
        }
        if (lab.hasSolutionFolder() && !reactor.solutionsModules().contains(lab.lab())) {
            problems.add("solutions/pom.xml does not list <module>" + lab.lab() + "</module>");
        }
        for (String module : List.of("labs/" + lab.lab(), "solutions/" + lab.lab())) {
            String artifactId = reactor.artifactIds().get(module);
            if (artifactId != null && !reactor.checkDependencies().contains(artifactId)) {
                problems.add(reactor.checkPom() + " has no test dependency on " + artifactId + " (" + module
                        + "), so Maven may run the self-test before it");
            }
        }
        String reference = reactor.artifactIds().get("solutions/" + lab.lab());
        if (reference != null) {
            reactor.referenceUsers().forEach((pom, named) -> {
                if (!named.contains(reference)) {
                    problems.add(pom + " does not name " + reference + ": the handbook and the drills read every "
                            + "reference (./kit new-lab registers a lab everywhere)");
                }
            });
        }
        return problems;
    }

    private static List<TestResult> tests(Results results) {
        return results.present() ? nullSafe(results.results().tests()) : List.of();
    }

    private static <T> List<T> nullSafe(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, TestResult> byId(List<TestResult> tests) {
        Map<String, TestResult> byId = new LinkedHashMap<>();
        for (TestResult test : tests) {
            byId.putIfAbsent(test.id(), test);
        }
        return byId;
    }

    /** {@code "Rejects a token whose alg is none" (JwtVerifierTest)}: the name a learner sees, and where it lives. */
    static String describe(TestResult test) {
        String name = "\"" + test.name() + "\"";
        if (test.className() == null) {
            return name;
        }
        String simple = test.className().substring(test.className().lastIndexOf('.') + 1);
        return name + " (" + simple + ")";
    }

    private static String outcome(TestResult test) {
        if (test.status() == Status.FAILED) {
            return "FAILED" + (test.reason() == null ? "" : " (" + test.reason() + ")") + ": " + shorten(test.message());
        }
        return "was " + test.status() + ": a reference must pass every test";
    }

    private static String listed(List<String> items) {
        String shown = items.stream().limit(LISTED).collect(Collectors.joining(", "));
        return items.size() > LISTED ? shown + " and " + (items.size() - LISTED) + " more" : shown;
    }

    private static String shorten(String message) {
        if (message == null) {
            return "(no message)";
        }
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }

    private static String twoDigits(Integer number) {
        return number == null || number < 0 ? "NN" : String.format("%02d", number);
    }
}
