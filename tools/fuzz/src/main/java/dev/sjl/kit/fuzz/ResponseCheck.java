package dev.sjl.kit.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every answer to a hostile request must be, as a list of problems (empty when it is fine):
 * <ul>
 *     <li>a response, with a status below 500;</li>
 *     <li>no CR, LF or NUL in a header name or value (response splitting), and no header that repeats more than
 *     {@link #maxEchoedChars} characters of what the client sent;</li>
 *     <li>an error (4xx) is JSON in the lab's shape ({@code {"error": ..., "message": ..., "requestId": ...}} by
 *     default), at most {@link #maxErrorBodyChars} characters, with no stack frame, no Java class name and no
 *     library message (Jackson's among them), and no run of more than {@link #maxEchoedChars} characters of what the
 *     client sent (the body, the path, a header, the request id...);</li>
 *     <li>a JSON success body parses;</li>
 *     <li>what was logged while the request ran: for a client error, no stack trace, nothing at SEVERE (ERROR), each
 *     record one line, no echo, and at most {@link #logLinesPerClientError} records when that is set.</li>
 * </ul>
 * Configured by copying: {@code ResponseCheck.errorShape("error", "message", "requestId").maxErrorBodyChars(512)}.
 */
public final class ResponseCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What only a stack trace, a Java type or a library's own message would put into a body. */
    public static final List<String> DEFAULT_FORBIDDEN = List.of(
            "\\bat [\\w$]+(\\.[\\w$<>]+)+\\(",
            "\\b(java|javax|jdk|sun|com|org|dev|software|io|net)\\.[a-z_$][\\w$]*\\.[A-Za-z_$][\\w$.]*",
            "Exception\\b",
            "Caused by",
            "(?i)jackson",
            "Unrecognized field",
            "Cannot deserialize",
            "Cannot construct instance",
            "not marked as ignorable",
            "StreamReadConstraints",
            "JsonToken",
            "Source: ",
            "REDACTED",
            "\\[line: ",
            "through reference chain",
            "Unexpected character",
            "Unexpected end-of-input",
            "Illegal unquoted character",
            "exceeds the maximum allowed");

    private final List<String> errorFields;
    private final int maxErrorBodyChars;
    private final int maxEchoedChars;
    private final List<Pattern> forbidden;
    private final int logLinesPerClientError;

    private ResponseCheck(List<String> errorFields, int maxErrorBodyChars, int maxEchoedChars, List<Pattern> forbidden,
                          int logLinesPerClientError) {
        this.errorFields = List.copyOf(errorFields);
        this.maxErrorBodyChars = maxErrorBodyChars;
        this.maxEchoedChars = maxEchoedChars;
        this.forbidden = List.copyOf(forbidden);
        this.logLinesPerClientError = logLinesPerClientError;
    }

    /**
     * The check for a lab whose errors are JSON objects with these fields, each a non-blank string, e.g.
     * {@code errorShape("error", "message", "requestId")}; 1,024 characters at most; 64 characters of echo at most;
     * the {@link #DEFAULT_FORBIDDEN} patterns; any number of log records per client error.
     */
    public static ResponseCheck errorShape(String... fields) {
        return new ResponseCheck(List.of(fields), 1_024, 64,
                DEFAULT_FORBIDDEN.stream().map(Pattern::compile).toList(), -1);
    }

    public ResponseCheck maxErrorBodyChars(int max) {
        return new ResponseCheck(errorFields, max, maxEchoedChars, forbidden, logLinesPerClientError);
    }

    /** The longest run of client input a response or a log line may repeat (a short id or name is fine). */
    public ResponseCheck maxEchoedChars(int max) {
        return new ResponseCheck(errorFields, maxErrorBodyChars, max, forbidden, logLinesPerClientError);
    }

    /** One more regular expression no error body may match. */
    public ResponseCheck forbidding(String regex) {
        List<Pattern> more = new ArrayList<>(forbidden);
        more.add(Pattern.compile(regex));
        return new ResponseCheck(errorFields, maxErrorBodyChars, maxEchoedChars, more, logLinesPerClientError);
    }

    /** At most this many log records for a request answered with a 4xx (the labs log exactly one line). */
    public ResponseCheck logLinesPerClientError(int max) {
        return new ResponseCheck(errorFields, maxErrorBodyChars, maxEchoedChars, forbidden, max);
    }

    /** The problems of a response, without looking at logs. */
    public List<String> problems(HostileRequest request, APIGatewayV2HTTPResponse response) {
        return problems(request, response, List.of());
    }

    /** The problems of a response and of what was logged while the request ran. */
    public List<String> problems(HostileRequest request, APIGatewayV2HTTPResponse response,
                                 Collection<LogRecord> logged) {
        List<String> problems = new ArrayList<>();
        if (response == null) {
            problems.add("no response (null)");
            return problems;
        }
        List<String> client = request.clientStrings();
        int status = response.getStatusCode();
        if (status < 100 || status > 599) {
            problems.add("status " + status + " is not an HTTP status");
        } else if (status >= 500) {
            problems.add("answered " + status + ": a client's input must get a deliberate 4xx, never a 5xx");
        }
        headerProblems(response.getHeaders(), client, problems);
        String body = response.getBody();
        if (status >= 400) {
            errorBodyProblems(response, client, problems);
        } else if (body != null && !body.isEmpty() && isJson(header(response.getHeaders(), "Content-Type"))) {
            try {
                JSON.readTree(body);
            } catch (JsonProcessingException e) {
                problems.add("the " + status + " body says it is JSON but does not parse: " + Text.shown(body, 80));
            }
        }
        logProblems(status, client, logged, problems);
        return problems;
    }

    /**
     * Fails with every problem of the response, naming the request ({@link HostileRequest#describe()}), or returns.
     */
    public void assertHandled(HostileRequest request, APIGatewayV2HTTPResponse response,
                              Collection<LogRecord> logged) {
        List<String> problems = problems(request, response, logged);
        if (!problems.isEmpty()) {
            throw new AssertionError(request.describe() + " -> " + (response == null ? "null"
                    : Integer.toString(response.getStatusCode())) + ": " + String.join("; ", problems));
        }
    }

    private void errorBodyProblems(APIGatewayV2HTTPResponse response, List<String> client, List<String> problems) {
        int status = response.getStatusCode();
        String body = response.getBody();
        String type = header(response.getHeaders(), "Content-Type");
        if (!isJson(type)) {
            problems.add("the " + status + " error's Content-Type is " + Text.shown(type, 40)
                    + ", not application/json");
        }
        if (body == null || body.isEmpty()) {
            problems.add("the " + status + " error has no body: send the error shape " + errorFields);
            return;
        }
        if (body.length() > maxErrorBodyChars) {
            problems.add("the " + status + " error body has " + body.length() + " characters (at most "
                    + maxErrorBodyChars + "): something unbounded went into it");
        }
        JsonNode error = null;
        try {
            error = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            problems.add("the " + status + " error body is not JSON: " + Text.shown(body, 80));
        }
        if (error != null) {
            if (!error.isObject()) {
                problems.add("the " + status + " error body is not a JSON object: " + Text.shown(body, 80));
            } else {
                for (String field : errorFields) {
                    JsonNode value = error.get(field);
                    if (value == null || !value.isTextual() || value.asText().isBlank()) {
                        problems.add("the " + status + " error body has no text field '" + field + "' (the shape is "
                                + errorFields + "): " + Text.shown(body, 80));
                    }
                }
            }
        }
        List<String> texts = new ArrayList<>();
        texts.add(body);
        if (error != null) {
            collectText(error, texts);
        }
        for (String text : texts) {
            for (Pattern pattern : forbidden) {
                Matcher m = pattern.matcher(text);
                if (m.find()) {
                    problems.add("the " + status + " error body holds \"" + Text.shown(m.group(), 60)
                            + "\": a stack trace, a Java type or a library's message is for the log, not the client");
                    break;
                }
            }
            String echo = echo(text, client);
            if (echo != null) {
                problems.add("the " + status + " error body repeats " + (maxEchoedChars + 1)
                        + "+ characters the client sent (\"" + Text.shown(echo, 40) + "\"): never echo unbounded input");
                break;
            }
        }
    }

    private void headerProblems(Map<String, String> headers, List<String> client, List<String> problems) {
        if (headers == null) {
            return;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            String value = header.getValue();
            if (hasBreak(name) || hasBreak(value)) {
                problems.add("response header " + Text.shown(name, 40) + ": " + Text.shown(value, 40)
                        + " carries CR, LF or NUL: a client could write headers of its own into the response");
            }
            String echo = value == null ? null : echo(value, client);
            if (echo != null) {
                problems.add("response header " + Text.shown(name, 40) + " repeats " + (maxEchoedChars + 1)
                        + "+ characters the client sent (\"" + Text.shown(echo, 40) + "\")");
            }
        }
    }

    private void logProblems(int status, List<String> client, Collection<LogRecord> logged, List<String> problems) {
        if (logged == null || status >= 500) {
            return;
        }
        boolean clientError = status >= 400;
        if (clientError && logLinesPerClientError >= 0 && logged.size() > logLinesPerClientError) {
            problems.add(logged.size() + " log records for one client error (at most " + logLinesPerClientError + ")");
        }
        for (LogRecord record : logged) {
            String message = record.getMessage() == null ? "" : record.getMessage();
            if (record.getThrown() != null) {
                problems.add("a stack trace was logged (" + record.getThrown().getClass().getName()
                        + ") for a request answered " + status + ": a client's mistake is not an incident");
            }
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                problems.add("logged at " + record.getLevel() + " for a request answered " + status + ": \""
                        + Text.shown(message, 80) + "\"");
            }
            if (hasBreak(message)) {
                problems.add("a log record of several lines: \"" + Text.shown(message, 80)
                        + "\" (one line per event, or a client can forge log lines)");
            }
            String echo = echo(message, client);
            if (echo != null) {
                problems.add("a log line repeats " + (maxEchoedChars + 1) + "+ characters the client sent (\""
                        + Text.shown(echo, 40) + "\")");
            }
        }
    }

    /**
     * A run of more than {@link #maxEchoedChars} characters of {@code text} that one of the client's strings holds,
     * or null. Rabin-Karp: the windows of the (short) response are hashed once, then each client string is rolled
     * over once, so a 1 MiB body costs one pass.
     */
    String echo(String text, List<String> client) {
        int w = maxEchoedChars + 1;
        if (text == null || text.length() < w) {
            return null;
        }
        String scanned = text.length() > 200_000 ? text.substring(0, 200_000) : text;
        long[] windows = new long[scanned.length() - w + 1];
        long power = 1;
        for (int i = 1; i < w; i++) {
            power *= 31;
        }
        long hash = 0;
        for (int i = 0; i < scanned.length(); i++) {
            hash = hash * 31 + scanned.charAt(i);
            if (i >= w) {
                hash -= scanned.charAt(i - w) * power * 31;
            }
            if (i >= w - 1) {
                windows[i - w + 1] = hash;
            }
        }
        long[] sorted = windows.clone();
        Arrays.sort(sorted);
        for (String source : client) {
            if (source.length() < w) {
                continue;
            }
            long rolling = 0;
            for (int i = 0; i < source.length(); i++) {
                rolling = rolling * 31 + source.charAt(i);
                if (i >= w) {
                    rolling -= source.charAt(i - w) * power * 31;
                }
                if (i >= w - 1 && Arrays.binarySearch(sorted, rolling) >= 0) {
                    int start = i - w + 1;
                    for (int j = 0; j < windows.length; j++) {
                        if (windows[j] == rolling && scanned.regionMatches(j, source, start, w)) {
                            return source.substring(start, start + w);
                        }
                    }
                }
            }
        }
        return null;
    }

    private static void collectText(JsonNode node, List<String> texts) {
        if (node.isTextual()) {
            texts.add(node.asText());
        } else if (node.isContainerNode()) {
            node.fieldNames().forEachRemaining(texts::add);
            node.elements().forEachRemaining(child -> collectText(child, texts));
        }
    }

    private static boolean hasBreak(String text) {
        return text != null && (text.indexOf('\r') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\0') >= 0);
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/json");
    }

    private static String header(Map<String, String> headers, String name) {
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream().filter(h -> name.equalsIgnoreCase(h.getKey())).map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }
}
