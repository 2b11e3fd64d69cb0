package dev.sjl.kit.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where {@code kit check}'s time went: the reactor's modules grouped into phases by their folder (kit tools, local
 * cloud, references, starters, handbook, self-test), from the wall times in Maven's reactor summary, and the self-test's
 * own jobs (lab engine, mutation) summed per kind. The closing note of a CI run reports this table, so the cost of a
 * new lab can be read from it.
 */
public final class PhaseTimes {

    /** The phase of a module path, first match wins; the self-test module is named before the other tools. */
    private static final List<Map.Entry<String, String>> PHASES = List.of(
            Map.entry("tools/check", "self-test: lab engine + mutation (tools/check)"),
            Map.entry("tools/", "kit tools (tools/*)"),
            Map.entry("localcloud", "local cloud (localcloud/*)"),
            Map.entry("solutions", "references (solutions/*)"),
            Map.entry("labs", "starters (labs/*)"),
            Map.entry("docs", "handbook (docs)"));

    private static final String OTHER = "other modules";

    private static final Pattern SECONDS = Pattern.compile("([\\d.]+) s");
    private static final Pattern CLOCK = Pattern.compile("(\\d+):(\\d{2})(?::(\\d{2}))? (min|h)");

    /** A row: a phase or a job kind, its time, and how many modules or labs it covers. */
    public record Row(String phase, long millis, int count, boolean job) {
    }

    private final Map<String, Row> rows = new LinkedHashMap<>();

    /**
     * Groups the reactor's modules.
     *
     * @param modules the reactor summary
     * @param paths   artifactId or name to module path ({@code Poms.modulePaths})
     */
    public static PhaseTimes of(List<BuildLog.ModuleResult> modules, Map<String, String> paths) {
        PhaseTimes times = new PhaseTimes();
        for (BuildLog.ModuleResult module : modules) {
            long millis = millis(module.duration());
            if (millis < 0) {
                continue; // skipped: it took no time
            }
            times.module(module.path(paths), millis);
        }
        return times;
    }

    /**
     * Adds a module's time to its phase; also for a module built outside the reactor summary ({@code kit check NN}'s
     * self-test runs in a Maven of its own).
     */
    public PhaseTimes module(String path, long millis) {
        String phase = phaseOf(path);
        rows.merge(phase, new Row(phase, millis, 1, false),
                (a, b) -> new Row(a.phase(), a.millis() + b.millis(), a.count() + 1, false));
        return this;
    }

    /** Adds the self-test's jobs of one kind ("lab engine"), summed over labs: JVM wall time, several at once. */
    public PhaseTimes job(String kind, List<Long> millisPerLab) {
        List<Long> ran = millisPerLab.stream().filter(m -> m >= 0).toList();
        if (!ran.isEmpty()) {
            rows.put("job:" + kind, new Row(kind, ran.stream().mapToLong(Long::longValue).sum(), ran.size(), true));
        }
        return this;
    }

    static String phaseOf(String path) {
        if (path == null || path.equals(".")) {
            return OTHER;
        }
        for (Map.Entry<String, String> phase : PHASES) {
            if (path.equals(phase.getKey()) || path.startsWith(phase.getKey())) {
                return phase.getValue();
            }
        }
        return OTHER;
    }

    /** Maven's summary duration ("0.328 s", "01:11 min", "1:02:03 h") in milliseconds; -1 when there is none. */
    static long millis(String duration) {
        if (duration == null) {
            return -1;
        }
        Matcher m = SECONDS.matcher(duration.strip());
        if (m.matches()) {
            return Math.round(Double.parseDouble(m.group(1)) * 1000);
        }
        m = CLOCK.matcher(duration.strip());
        if (m.matches()) {
            long a = Long.parseLong(m.group(1));
            long b = Long.parseLong(m.group(2));
            long c = m.group(3) == null ? 0 : Long.parseLong(m.group(3));
            long seconds = m.group(4).equals("min") ? a * 60 + b : m.group(3) == null ? a * 3600 + b * 60
                    : a * 3600 + b * 60 + c;
            return seconds * 1000;
        }
        return -1;
    }

    public List<Row> rows() {
        return List.copyOf(rows.values());
    }

    /**
     * The table: one line per phase in build order, the self-test's jobs indented under it, then the whole run.
     *
     * @param total the whole run's wall time, or -1
     */
    public List<String> table(long total) {
        List<String> lines = new ArrayList<>();
        int width = rows.values().stream().mapToInt(r -> label(r).length()).max().orElse(0);
        width = Math.max(width, "whole run".length());
        for (Row row : rows.values()) {
            if (!row.job()) {
                lines.add(String.format(Locale.ROOT, "  %-" + width + "s  %8s", label(row), clock(row.millis())));
            }
        }
        for (Row row : rows.values()) {
            if (row.job()) {
                lines.add(String.format(Locale.ROOT, "  %-" + width + "s  %8s", label(row), clock(row.millis())));
            }
        }
        if (total >= 0) {
            lines.add(String.format(Locale.ROOT, "  %-" + width + "s  %8s", "whole run", clock(total)));
        }
        return lines;
    }

    private static String label(Row row) {
        return row.job() ? "  " + row.phase() + " (" + row.count() + (row.count() == 1 ? " lab" : " labs")
                + ", sum of jobs)" : row.phase();
    }

    /** 1234567 ms as "20:34" (minutes:seconds), or "0:04". */
    static String clock(long millis) {
        long seconds = Math.round(millis / 1000.0);
        return seconds / 60 + ":" + String.format(Locale.ROOT, "%02d", seconds % 60);
    }
}
