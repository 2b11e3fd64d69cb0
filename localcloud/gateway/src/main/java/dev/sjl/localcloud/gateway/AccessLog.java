package dev.sjl.localcloud.gateway;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stage's access log: one line per request, built from a format with {@code $context} variables, as API Gateway
 * writes to CloudWatch Logs ("Customize HTTP API access logs",
 * docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html). A variable without a value
 * is written as {@code -}, as on AWS.
 *
 * <p>Only {@code $context} variables exist: there is no variable for a header, a token or the body, so the format
 * cannot leak them. {@code $context.authorizer.claims.<name>} prints one claim of a verified JWT (say {@code sub}),
 * never the token. Values are JSON-escaped so a quote in a User-Agent cannot break a JSON line (the kit's choice).
 */
public final class AccessLog {

    private static final Pattern VARIABLE = Pattern.compile("\\$context\\.([A-Za-z][A-Za-z0-9_.:-]*)");
    private static final String CLAIM_PREFIX = "authorizer.claims.";
    private static final Set<String> VARIABLES = Set.of(
            "apiId", "stage", "requestId", "requestTime", "requestTimeEpoch", "httpMethod", "path", "protocol",
            "routeKey", "status", "responseLength", "identity.sourceIp", "identity.userAgent", "domainName",
            "integrationLatency", "responseLatency", "error.message", "authorizer.error");
    private static final DateTimeFormatter CLF_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** The values a line is built from, gathered when the response is known. */
    record Entry(ApiSettings api, GatewayRequest request, RequestOutcome outcome, int status, int responseLength,
                 long responseLatencyMillis) {
    }

    private final List<String> literals = new ArrayList<>();
    private final List<String> variables = new ArrayList<>();
    private final Consumer<String> destination;

    private AccessLog(String format, Consumer<String> destination) {
        Matcher matcher = VARIABLE.matcher(format);
        int last = 0;
        while (matcher.find()) {
            String name = matcher.group(1);
            if (!VARIABLES.contains(name) && !(name.startsWith(CLAIM_PREFIX) && name.length() > CLAIM_PREFIX.length())) {
                throw new IllegalArgumentException("$context." + name + " is not an access log variable this gateway "
                        + "knows; use one of " + new java.util.TreeSet<>(VARIABLES) + " or authorizer.claims.<name>");
            }
            literals.add(format.substring(last, matcher.start()));
            variables.add(name);
            last = matcher.end();
        }
        literals.add(format.substring(last));
        if (variables.isEmpty()) {
            throw new IllegalArgumentException("An access log format needs at least one $context variable, "
                    + "e.g. $context.requestId");
        }
        this.destination = destination;
    }

    /** A format such as {@code {"requestId":"$context.requestId","status":"$context.status"}} and where lines go. */
    public static AccessLog of(String format, Consumer<String> destination) {
        return new AccessLog(Objects.requireNonNull(format, "format"), Objects.requireNonNull(destination, "destination"));
    }

    void write(Entry entry) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < variables.size(); i++) {
            line.append(literals.get(i));
            String value = value(variables.get(i), entry);
            line.append(value == null ? "-" : new String(JsonStringEncoder.getInstance().quoteAsString(value)));
        }
        line.append(literals.get(literals.size() - 1));
        destination.accept(line.toString());
    }

    private static String value(String name, Entry e) {
        GatewayRequest request = e.request();
        RequestOutcome outcome = e.outcome();
        if (name.startsWith(CLAIM_PREFIX)) {
            JsonNode claim = outcome.authorizer == null ? null
                    : outcome.authorizer.path("jwt").path("claims").get(name.substring(CLAIM_PREFIX.length()));
            return claim == null || claim.isNull() ? null : claim.asText();
        }
        return switch (name) {
            case "apiId" -> e.api().apiId();
            case "stage" -> e.api().stage();
            case "requestId" -> request.requestId();
            case "requestTime" -> CLF_TIME.format(request.receivedAt());
            case "requestTimeEpoch" -> Long.toString(request.receivedAt().toEpochMilli());
            case "httpMethod" -> request.method();
            case "path" -> request.rawPath();
            case "protocol" -> request.protocol();
            case "routeKey" -> outcome.routeKey;
            case "status" -> Integer.toString(e.status());
            case "responseLength" -> Integer.toString(e.responseLength());
            case "identity.sourceIp" -> request.sourceIp();
            case "identity.userAgent" -> request.header("user-agent");
            case "domainName" -> request.header("host");
            case "integrationLatency" -> outcome.integrationLatencyMillis < 0 ? null
                    : Long.toString(outcome.integrationLatencyMillis);
            case "responseLatency" -> Long.toString(e.responseLatencyMillis());
            case "error.message" -> outcome.errorMessage;
            case "authorizer.error" -> outcome.authorizerError;
            default -> throw new IllegalStateException("Checked when the format was read: " + name);
        };
    }
}
