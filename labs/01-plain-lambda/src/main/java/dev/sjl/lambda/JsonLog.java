package dev.sjl.lambda;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Structured logs: one JSON object per line, which Lambda turns into one CloudWatch event and Logs Insights can
 * query by field ({@code filter level = "WARN" | stats count() by error}).
 *
 * <p>Built so that a secret or a request body cannot slip in by accident: a field's value must be a string, a number,
 * a boolean or a list of those (anything else, such as an event object, is written as {@code "[omitted: Type]"}), and
 * a field whose name ends in a credential word (password, token, secret, ...), in any case and in the plural, is
 * written as {@code "[redacted]"} whatever its value.
 *
 * <p>Why not a logging framework: this function needs four fields and a guarantee about what never gets written.
 * A few dozen lines over Jackson, which the function already loads, cost nothing at init; Powertools for AWS Lambda
 * (Java) logging adds SLF4J, a Log4j 2 or Logback JSON layout and, for its annotation, AspectJ weaving: worth it for
 * its sampling and correlation ids in a larger service, not for this.
 */
public final class JsonLog {

    private final String service;
    private final Clock clock;
    private final Consumer<String> sink;

    /**
     * @param service the name every line carries, to tell functions apart in a shared query
     * @param clock   the time source for {@code timestamp}
     * @param sink    receives each finished line (standard output on Lambda)
     */
    public JsonLog(String service, Clock clock, Consumer<String> sink) {
        this.service = Objects.requireNonNull(service, "service");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Lines to standard output, which the Lambda runtime sends to CloudWatch Logs. */
    public static JsonLog stdout(String service) {
        return new JsonLog(service, Clock.systemUTC(), System.out::println);
    }

    public void info(String message, Map<String, ?> fields) {
        // TODO: one line per call, handed to the sink; the standard fields cannot be overwritten by a field.
        throw new UnsupportedOperationException("Task 2: write one JSON line: timestamp, level INFO, service, "
                + "message, then the fields");
    }

    public void warn(String message, Map<String, ?> fields) {
        throw new UnsupportedOperationException("Task 2: write the same line as info, with level WARN");
    }
}
