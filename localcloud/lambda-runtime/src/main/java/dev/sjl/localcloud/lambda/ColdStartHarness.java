package dev.sjl.localcloud.lambda;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures a handler's cold and warm latency out of process: N fresh execution environments (a new JVM each, through
 * the official runtime interface client), each invoked once cold and then W times warm. Prints min / median / max
 * across the runs. Numbers, not assertions: nothing here fails because something was slow.
 *
 * <pre>
 * java -cp CLASSPATH dev.sjl.localcloud.lambda.ColdStartHarness --handler pkg.Class::handleRequest \
 *      --event event.json [--env NAME=value]... [--runs 10] [--warm 20] [--discard 1] [--memory 512]
 * </pre>
 * The classpath must hold the handler, its dependencies and the runtime interface client; the child JVMs get it too.
 */
public final class ColdStartHarness {

    private ColdStartHarness() {
    }

    public static void main(String[] args) throws IOException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println("Usage: ColdStartHarness --handler pkg.Class::handleRequest --event event.json "
                    + "[--env NAME=value]... [--runs 10] [--warm 20] [--discard 1] [--memory 512]");
            System.exit(2);
            return;
        }
        System.exit(run(options, System.out) ? 0 : 1);
    }

    /** Runs the measurement and prints it; false when an invocation failed (the numbers would be meaningless). */
    static boolean run(Options options, PrintStream out) throws IOException {
        String event = Files.readString(options.event);
        Map<String, List<Duration>> samples = new LinkedHashMap<>();
        for (String metric : METRICS) {
            samples.put(metric, new ArrayList<>());
        }
        out.printf(Locale.ROOT, "Cold vs warm: %s, %d MB, Java %s%n", options.handler, options.memoryMb,
                System.getProperty("java.version"));
        out.printf(Locale.ROOT, "  %d cold starts measured (%d more run first and discarded), %d warm invocations "
                + "after each%n", options.runs, options.discard, options.warm);
        for (int run = 0; run < options.discard + options.runs; run++) {
            boolean kept = run >= options.discard;
            try (LocalLambda fn = options.function()) {
                InvocationResult cold = fn.invoke(event);
                if (!cold.isSuccess()) {
                    return failed(out, fn, cold);
                }
                List<Duration> warmDurations = new ArrayList<>();
                List<Duration> warmLatencies = new ArrayList<>();
                for (int i = 0; i < options.warm; i++) {
                    InvocationResult warm = fn.invoke(event);
                    if (!warm.isSuccess()) {
                        return failed(out, fn, warm);
                    }
                    warmDurations.add(warm.duration());
                    warmLatencies.add(warm.latency());
                }
                if (kept) {
                    samples.get(METRICS.get(0)).add(fn.initDuration().orElseThrow());
                    samples.get(METRICS.get(1)).add(cold.duration());
                    samples.get(METRICS.get(2)).add(cold.latency());
                    if (options.warm > 0) {
                        samples.get(METRICS.get(3)).add(median(warmDurations));
                        samples.get(METRICS.get(4)).add(median(warmLatencies));
                    }
                }
            }
        }
        out.printf(Locale.ROOT, "  %-44s %10s %10s %10s%n", "", "min", "median", "max");
        samples.forEach((metric, values) -> {
            if (!values.isEmpty()) {
                List<Duration> sorted = new ArrayList<>(values);
                Collections.sort(sorted);
                out.printf(Locale.ROOT, "  %-44s %10s %10s %10s%n", metric, millis(sorted.get(0)),
                        millis(median(sorted)), millis(sorted.get(sorted.size() - 1)));
            }
        });
        out.println("  Duration = runtime took the invocation -> posted the response (Lambda's Duration).");
        out.println("  Init = JVM start -> the runtime's first /next (Lambda's Init Duration).");
        out.println("  Local numbers: the CPU, disk and JVM here are not Lambda's; compare runs on this machine");
        out.println("  with each other, not with AWS.");
        return true;
    }

    static final List<String> METRICS = List.of(
            "init (JVM start -> first /next)",
            "first invocation, Duration",
            "cold start as the caller waits (init+first)",
            "warm invocation, Duration (median per run)",
            "warm invocation as the caller waits");

    private static boolean failed(PrintStream out, LocalLambda fn, InvocationResult result) {
        out.println("  The function failed, so there is nothing to measure: " + result);
        List<String> logs = fn.logs();
        logs.subList(Math.max(0, logs.size() - 20), logs.size()).forEach(line -> out.println("  | " + line));
        return false;
    }

    static Duration median(List<Duration> values) {
        List<Duration> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : sorted.get(mid - 1).plus(sorted.get(mid)).dividedBy(2);
    }

    private static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1_000_000.0);
    }

    /** The command line, checked. */
    record Options(String handler, Path event, Map<String, String> env, int runs, int warm, int discard,
                   int memoryMb) {

        static Options parse(String[] args) {
            String handler = null;
            Path event = null;
            Map<String, String> env = new LinkedHashMap<>();
            int runs = 10;
            int warm = 20;
            int discard = 1;
            int memory = 512;
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Missing a value after " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--handler" -> handler = value;
                    case "--event" -> event = Path.of(value);
                    case "--env" -> {
                        int eq = value.indexOf('=');
                        if (eq < 1) {
                            throw new IllegalArgumentException("--env takes NAME=value, not " + value);
                        }
                        env.put(value.substring(0, eq), value.substring(eq + 1));
                    }
                    case "--runs" -> runs = atLeast(1, flag, value);
                    case "--warm" -> warm = atLeast(0, flag, value);
                    case "--discard" -> discard = atLeast(0, flag, value);
                    case "--memory" -> memory = atLeast(128, flag, value);
                    default -> throw new IllegalArgumentException("Unknown option " + flag);
                }
            }
            if (handler == null || event == null) {
                throw new IllegalArgumentException("--handler and --event are required");
            }
            if (!Files.isRegularFile(event)) {
                throw new IllegalArgumentException("No event file at " + event.toAbsolutePath());
            }
            return new Options(handler, event, Map.copyOf(env), runs, warm, discard, memory);
        }

        private static int atLeast(int min, String flag, String value) {
            int n;
            try {
                n = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                n = Integer.MIN_VALUE;
            }
            if (n < min) {
                throw new IllegalArgumentException(flag + " takes a whole number of at least " + min + ", not "
                        + value);
            }
            return n;
        }

        LocalLambda function() {
            // Generous limits: a busy machine must give slow numbers, not a failed run.
            return LocalLambda.builder(handler).environment(env).memoryMb(memoryMb)
                    .timeout(Duration.ofSeconds(60)).initTimeout(Duration.ofSeconds(120)).build();
        }
    }
}
