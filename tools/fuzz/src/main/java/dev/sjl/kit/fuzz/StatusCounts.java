package dev.sjl.kit.fuzz;

import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** How many requests got which status, by class ({@code 2xx}) and by kind: what a fuzz run prints. */
public final class StatusCounts {

    private final SortedMap<Integer, Integer> byStatus = new TreeMap<>();
    private final Map<HostileKind, SortedMap<Integer, Integer>> byKind = new EnumMap<>(HostileKind.class);
    private int total;

    /** Counts one answer; {@code status} 0 stands for "no response" (the handler threw). */
    public void add(HostileKind kind, int status) {
        byStatus.merge(status, 1, Integer::sum);
        byKind.computeIfAbsent(kind, k -> new TreeMap<>()).merge(status, 1, Integer::sum);
        total++;
    }

    public int total() {
        return total;
    }

    /** The requests answered with a status of this class: {@code ofClass(5)} counts the 5xx. */
    public int ofClass(int hundreds) {
        return byStatus.entrySet().stream().filter(e -> e.getKey() / 100 == hundreds).mapToInt(Map.Entry::getValue)
                .sum();
    }

    /** {@code 2000 requests: 2xx 113, 4xx 1887, 5xx 0 (204: 40, 400: 1200, ...)}. */
    public String summary() {
        StringBuilder out = new StringBuilder(total + " requests:");
        for (int c = 1; c <= 5; c++) {
            out.append(c == 1 ? " " : ", ").append(c).append("xx ").append(ofClass(c));
        }
        if (byStatus.containsKey(0)) {
            out.append(", no response ").append(byStatus.get(0));
        }
        out.append(" (");
        byStatus.forEach((status, n) -> out.append(out.charAt(out.length() - 1) == '(' ? "" : ", ")
                .append(status).append(": ").append(n));
        return out.append(')').toString();
    }

    /** One line per kind: {@code truncated JSON: 400 x80}. */
    public String byKind() {
        StringBuilder out = new StringBuilder();
        byKind.forEach((kind, statuses) -> {
            out.append(String.format("  %-32s", kind.label()));
            statuses.forEach((status, n) -> out.append(' ').append(status).append(" x").append(n));
            out.append('\n');
        });
        return out.toString();
    }
}
