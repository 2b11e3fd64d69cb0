package dev.sjl.kit.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A plausible wrong implementation of one task: the shortcut a hurried learner takes. The self-test swaps it into the
 * reference and demands that at least one of the task's tests fails, with a message that names the mistake. One file
 * per shortcut, {@code solutions/NN-topic/shortcuts/<task>-<slug>.shortcut}:
 * <pre>
 * Task: 3
 * Mistake: the key locator lets the token's header choose the algorithm
 * Expect: algorithm
 *
 * &lt;&lt;&lt;&lt;&lt;&lt;&lt; SEARCH src/main/java/dev/sjl/jwt/JwtVerifier.java
 *                         if (!trustedKeys.algorithm().equals(header.getAlgorithm())) {
 *                             throw new JwtException("Unexpected algorithm");
 *                         }
 * =======
 * &gt;&gt;&gt;&gt;&gt;&gt;&gt; REPLACE
 * </pre>
 * {@code Expect} (one or more lines) is a phrase that a failing test's message must contain, case-insensitively: the
 * words the learner reads when they make this mistake. Each SEARCH text must occur exactly once in the reference as
 * the handbook shows it (markers removed), so a shortcut that no longer fits the reference fails loudly instead of
 * testing nothing.
 *
 * @param file    where the shortcut is, for messages
 * @param task    the task it gets wrong
 * @param mistake what the learner did, in one line
 * @param expect  phrases, each of which some failing message of the task must contain
 * @param edits   the search/replace pairs, applied in order
 */
public record Shortcut(String file, int task, String mistake, List<String> expect, List<Edit> edits) {

    /** One search/replace on one {@code src/main} file (path relative to the reference module). */
    public record Edit(String path, String search, String replace) {
    }

    private static final Pattern HEADER = Pattern.compile("^(Task|Mistake|Expect):\\s*(.*)$");
    private static final Pattern SEARCH = Pattern.compile("^<<<<<<< SEARCH (\\S+)\\s*$");
    private static final String DIVIDER = "=======";
    private static final String REPLACE = ">>>>>>> REPLACE";

    /** The short name shown in reports: the file name without its extension. */
    public String name() {
        String base = file.substring(file.lastIndexOf('/') + 1);
        return base.endsWith(".shortcut") ? base.substring(0, base.length() - ".shortcut".length()) : base;
    }

    /** Every {@code shortcuts/*.shortcut} beside a reference ({@link Lab#shortcutsDir()}), in name order. */
    public static List<Shortcut> readAll(Lab lab) {
        Path dir = lab.shortcutsDir();
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Shortcut> shortcuts = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".shortcut")).sorted().toList()) {
                shortcuts.add(parse(lab.solutionPath() + "/shortcuts/" + file.getFileName(),
                        Files.readString(file, StandardCharsets.UTF_8)));
            }
            return shortcuts;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }

    public static Shortcut parse(String file, String text) {
        List<String> lines = text.lines().toList();
        Integer task = null;
        String mistake = null;
        List<String> expect = new ArrayList<>();
        List<Edit> edits = new ArrayList<>();
        int i = 0;
        for (; i < lines.size() && !SEARCH.matcher(lines.get(i)).matches(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher header = HEADER.matcher(line);
            if (!header.matches()) {
                throw new MarkerException(file, i + 1, "expected Task:, Mistake:, Expect: or <<<<<<< SEARCH <path>");
            }
            String value = header.group(2).strip();
            switch (header.group(1)) {
                case "Task" -> {
                    try {
                        task = Integer.valueOf(value);
                    } catch (NumberFormatException e) {
                        throw new MarkerException(file, i + 1, "Task: takes a task number, not " + value);
                    }
                }
                case "Mistake" -> mistake = value;
                default -> expect.add(value);
            }
        }
        while (i < lines.size()) {
            Matcher search = SEARCH.matcher(lines.get(i));
            if (!search.matches()) {
                if (lines.get(i).isBlank()) {
                    i++;
                    continue;
                }
                throw new MarkerException(file, i + 1, "expected <<<<<<< SEARCH <path>");
            }
            int start = i + 1;
            List<String> searchLines = new ArrayList<>();
            for (i++; i < lines.size() && !lines.get(i).equals(DIVIDER); i++) {
                searchLines.add(lines.get(i));
            }
            if (i == lines.size()) {
                throw new MarkerException(file, start, "SEARCH without " + DIVIDER);
            }
            List<String> replaceLines = new ArrayList<>();
            for (i++; i < lines.size() && !lines.get(i).equals(REPLACE); i++) {
                replaceLines.add(lines.get(i));
            }
            if (i == lines.size()) {
                throw new MarkerException(file, start, "SEARCH without " + REPLACE);
            }
            if (searchLines.isEmpty()) {
                throw new MarkerException(file, start, "an empty SEARCH matches everywhere");
            }
            edits.add(new Edit(search.group(1), joined(searchLines), joined(replaceLines)));
            i++;
        }
        if (task == null || mistake == null || mistake.isBlank() || expect.isEmpty() || edits.isEmpty()) {
            throw new MarkerException(file, 1, "a shortcut needs Task:, Mistake:, at least one Expect: and one SEARCH/REPLACE");
        }
        return new Shortcut(file, task, mistake, List.copyOf(expect), List.copyOf(edits));
    }

    /**
     * The reference's {@code src/main} (markers removed) with this shortcut's edits made.
     *
     * @throws MarkerException when a SEARCH text is not in its file exactly once
     */
    public SortedMap<String, byte[]> applyTo(LabSources sources) {
        SortedMap<String, byte[]> files = new TreeMap<>(sources.referenceWithoutMarkers());
        for (Edit edit : edits) {
            byte[] bytes = files.get(edit.path());
            if (bytes == null) {
                throw new MarkerException(file, 1, edit.path() + " is not a file of the reference's src/main");
            }
            String text = new String(bytes, StandardCharsets.UTF_8);
            int at = text.indexOf(edit.search());
            if (at < 0) {
                throw new MarkerException(file, 1, "the SEARCH text is no longer in " + edit.path()
                        + ": update the shortcut to the reference");
            }
            if (text.indexOf(edit.search(), at + 1) >= 0) {
                throw new MarkerException(file, 1, "the SEARCH text occurs more than once in " + edit.path()
                        + ": include more lines so it names one place");
            }
            String changed = text.substring(0, at) + edit.replace() + text.substring(at + edit.search().length());
            files.put(edit.path(), changed.getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }

    /** Whether a failure message names this mistake: it contains every expected phrase, case-insensitively. */
    public boolean named(String message) {
        if (message == null) {
            return false;
        }
        String lower = message.toLowerCase(Locale.ROOT);
        return expect.stream().allMatch(phrase -> lower.contains(phrase.toLowerCase(Locale.ROOT)));
    }

    private static String joined(List<String> lines) {
        return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
    }
}
