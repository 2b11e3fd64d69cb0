package dev.sjl.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Clock;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

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

    // BEGIN TASK 2
    // tag::redact[]
    // Names that end in a credential word, in any case and in the plural: password, newPassword, refreshTokens,
    // clientSecret, Authorization, apiKey, PRIVATE_KEY, smsOtp, ... (but not minPasswordLength, which describes a rule, not a credential).
    private static final Pattern CREDENTIAL = Pattern.compile(
            "(?i).*(password|passwd|passphrase|secret|token|authorization|cookie|credential"
                    + "|api_?key|private_?key|otp)s?");
    // end::redact[]

    private final ObjectMapper json = new ObjectMapper();
    // END TASK 2
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
        // BEGIN TASK 2
        write("INFO", message, fields);
        // STARTER
        //| // TODO: one line per call, handed to the sink; the standard fields cannot be overwritten by a field.
        //| throw new UnsupportedOperationException("Task 2: write one JSON line: timestamp, level INFO, service, "
        //|         + "message, then the fields");
        // END TASK 2
    }

    public void warn(String message, Map<String, ?> fields) {
        // BEGIN TASK 2
        write("WARN", message, fields);
        // STARTER
        //| throw new UnsupportedOperationException("Task 2: write the same line as info, with level WARN");
        // END TASK 2
    }
    // BEGIN TASK 2

    // tag::write-line[]
    private void write(String level, String message, Map<String, ?> fields) {
        ObjectNode line = json.createObjectNode();
        line.put("timestamp", clock.instant().toString());
        line.put("level", level);
        line.put("service", service);
        line.put("message", message);
        fields.forEach((name, value) -> {
            if (!line.has(name)) {
                line.set(name, CREDENTIAL.matcher(name).matches() ? line.textNode("[redacted]") : scalar(value));
            }
        });
        // Compact JSON escapes newlines inside strings: the whole object stays on one line, one CloudWatch event.
        sink.accept(line.toString());
    }
    // end::write-line[]

    private JsonNode scalar(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return json.valueToTree(value);
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = json.createArrayNode();
            items.forEach(item -> array.add(scalar(item)));
            return array;
        }
        return json.getNodeFactory().textNode("[omitted: " + value.getClass().getSimpleName() + "]");
    }
    // END TASK 2
}
