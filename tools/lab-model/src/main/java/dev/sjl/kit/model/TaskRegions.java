package dev.sjl.kit.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.IntPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The task regions of one reference source file, and the variants they generate. The reference is the only
 * hand-written copy of a lab's code; the starter is generated from it (nbgrader's idea: solution regions replaced by a
 * stub), so the two cannot drift.
 * <pre>
 *     // BEGIN TASK 3
 *     ...the reference's code for task 3...
 *     // STARTER
 *     //| // TODO: what the learner must respect (the constraint, not the answer)
 *     //| throw new UnsupportedOperationException("Task 3: verify the token");
 *     // END TASK 3
 * </pre>
 * Each marker is a line comment alone on its line. In the starter, a region becomes its {@code //|} lines, with the
 * prefix (and one space after it) removed and the indentation before it kept; a region without {@code // STARTER}
 * disappears. Regions do not nest. A starter block may name only its own task in a {@code "Task N:} message, so a
 * test that reaches it fails for the task the region belongs to.
 * <p>
 * {@link #render(IntPredicate)} keeps the reference's code for the solved tasks and the starter's for the others: all
 * solved is the reference without markers (the handbook shows that), none solved is the starter, and "1 to N-1" is a
 * step of the staircase the self-test climbs.
 */
public final class TaskRegions {

    private static final Pattern BEGIN = Pattern.compile("^(\\s*)// BEGIN TASK (\\d+)\\s*$");
    private static final Pattern STARTER = Pattern.compile("^\\s*// STARTER\\s*$");
    private static final Pattern END = Pattern.compile("^\\s*// END TASK (\\d+)\\s*$");
    private static final Pattern STARTER_LINE = Pattern.compile("^(\\s*)//\\|(?: (.*))?$");
    private static final Pattern ANY_MARKER = Pattern.compile("^\\s*//( BEGIN TASK| END TASK| STARTER\\b|\\|)");
    private static final Pattern TODO_MESSAGE = Pattern.compile("\"Task (\\d+):");

    private final String name;
    private final List<Part> parts;

    private TaskRegions(String name, List<Part> parts) {
        this.name = name;
        this.parts = parts;
    }

    /**
     * A piece of the file: shared lines (task 0), or one region's reference and starter lines, with the numbers of
     * the region's first and last lines (its markers) in the reference, 0 for shared lines.
     */
    private record Part(int task, List<String> reference, List<String> starter, int firstLine, int lastLine) {

        Part(List<String> shared) {
            this(0, shared, List.of(), 0, 0);
        }
    }

    /** One region's lines in the reference source, 1-based and inclusive, from BEGIN TASK to END TASK. */
    public record Lines(int task, int first, int last) {

        public boolean contains(int line) {
            return line >= first && line <= last;
        }
    }

    /**
     * Parses a reference source.
     *
     * @param name   how errors name the file, e.g. {@code solutions/03-jwt/src/main/java/dev/sjl/jwt/JwtVerifier.java}
     * @param source the file's text
     * @throws MarkerException naming the file and line of a marker out of place
     */
    public static TaskRegions parse(String name, String source) {
        List<Part> parts = new ArrayList<>();
        List<String> shared = new ArrayList<>();
        List<String> lines = source.lines().toList();
        int i = 0;
        while (i < lines.size()) {
            String line = lines.get(i);
            Matcher begin = BEGIN.matcher(line);
            if (!begin.matches()) {
                if (ANY_MARKER.matcher(line).find()) {
                    throw new MarkerException(name, i + 1, "a task marker outside a BEGIN TASK / END TASK region: "
                            + line.strip());
                }
                shared.add(line);
                i++;
                continue;
            }
            int task = Integer.parseInt(begin.group(2));
            if (task < 1) {
                throw new MarkerException(name, i + 1, "tasks are numbered from 1");
            }
            int beginLine = i + 1;
            List<String> reference = new ArrayList<>();
            List<String> starter = new ArrayList<>();
            boolean inStarter = false;
            boolean ended = false;
            for (i++; i < lines.size(); i++) {
                String inner = lines.get(i);
                Matcher end = END.matcher(inner);
                if (end.matches()) {
                    if (Integer.parseInt(end.group(1)) != task) {
                        throw new MarkerException(name, i + 1, "END TASK " + end.group(1) + " closes BEGIN TASK "
                                + task + " (line " + beginLine + ")");
                    }
                    ended = true;
                    i++;
                    break;
                }
                if (BEGIN.matcher(inner).matches()) {
                    throw new MarkerException(name, i + 1, "task regions do not nest: BEGIN TASK " + task
                            + " (line " + beginLine + ") is still open");
                }
                if (STARTER.matcher(inner).matches()) {
                    if (inStarter) {
                        throw new MarkerException(name, i + 1, "a second // STARTER in one region");
                    }
                    inStarter = true;
                    continue;
                }
                if (inStarter) {
                    Matcher starterLine = STARTER_LINE.matcher(inner);
                    if (!starterLine.matches()) {
                        throw new MarkerException(name, i + 1, "after // STARTER every line starts with //| "
                                + "(the starter's code, commented out in the reference): " + inner.strip());
                    }
                    String code = starterLine.group(2) == null ? "" : starterLine.group(2);
                    starter.add(code.isEmpty() ? "" : starterLine.group(1) + code);
                    Matcher todo = TODO_MESSAGE.matcher(code);
                    while (todo.find()) {
                        if (Integer.parseInt(todo.group(1)) != task) {
                            throw new MarkerException(name, i + 1, "the starter of task " + task
                                    + " throws a TODO for task " + todo.group(1)
                                    + ": a test reaching it would fail for the wrong task");
                        }
                    }
                } else {
                    if (STARTER_LINE.matcher(inner).matches()) {
                        throw new MarkerException(name, i + 1, "a //| starter line before // STARTER");
                    }
                    reference.add(inner);
                }
            }
            if (!ended) {
                throw new MarkerException(name, beginLine, "BEGIN TASK " + task + " has no END TASK " + task);
            }
            parts.add(new Part(List.copyOf(shared)));
            shared.clear();
            parts.add(new Part(task, List.copyOf(reference), List.copyOf(starter), beginLine, i));
        }
        parts.add(new Part(List.copyOf(shared)));
        return new TaskRegions(name, List.copyOf(parts));
    }

    /** The tasks that have a region in this file, in order. */
    public SortedSet<Integer> tasks() {
        SortedSet<Integer> tasks = new TreeSet<>();
        for (Part part : parts) {
            if (part.task() > 0) {
                tasks.add(part.task());
            }
        }
        return tasks;
    }

    /**
     * Where the regions are in the reference source, in order: the lines a compiled reference's line numbers point
     * into when a mutant is the learner's code.
     */
    public List<Lines> regionLines() {
        return parts.stream().filter(part -> part.task() > 0)
                .map(part -> new Lines(part.task(), part.firstLine(), part.lastLine())).toList();
    }

    public boolean hasRegions() {
        return !tasks().isEmpty();
    }

    /**
     * The file with the reference's code for every solved task and the starter's for the rest, markers removed.
     * Imports that only the dropped reference code used are removed too, so the starter gives nothing away.
     */
    public String render(IntPredicate solved) {
        StringBuilder out = new StringBuilder();
        boolean dropped = false;
        for (Part part : parts) {
            boolean reference = part.task() == 0 || solved.test(part.task());
            dropped |= !reference;
            for (String line : reference ? part.reference() : part.starter()) {
                out.append(line).append('\n');
            }
        }
        return dropped ? Imports.pruneUnused(out.toString()) : out.toString();
    }

    public String reference() {
        return render(task -> true);
    }

    public String starter() {
        return render(task -> false);
    }

    public String name() {
        return name;
    }
}
