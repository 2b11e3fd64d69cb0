package dev.sjl.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A route's path, such as {@code /users/{id}/avatar}: literal segments and {@code {name}} parameters, each
 * parameter standing for exactly one non-empty segment.
 */
public final class PathTemplate {

    private static final Pattern PARAMETER = Pattern.compile("\\{[A-Za-z][A-Za-z0-9_]*}");

    private final String template;
    private final List<String> segments;
    private final int literalSegments;

    private PathTemplate(String template, List<String> segments) {
        this.template = template;
        this.segments = List.copyOf(segments);
        this.literalSegments = (int) segments.stream().filter(s -> !isParameter(s)).count();
    }

    /** A segment written {@code {name}} is a parameter; any other segment is text the path must repeat exactly. */
    public static PathTemplate parse(String template) {
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("A path template starts with '/': " + template);
        }
        return new PathTemplate(template, split(template));
    }

    public String template() {
        return template;
    }

    /** How many segments are fixed text: {@code /users/me} (2) is more specific than {@code /users/{id}} (1). */
    public int literalSegments() {
        return literalSegments;
    }

    // tag::match[]
    /**
     * Matches a request path such as {@code /users/42}. Returns the path parameters, percent-decoded, when the path
     * fits the template, and empty otherwise. One trailing slash is ignored; an empty segment never matches.
     */
    public Optional<Map<String, String>> match(String path) {
        // BEGIN TASK 1
        List<String> parts = split(path);
        if (parts.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String expected = segments.get(i);
            String actual = parts.get(i);
            if (isParameter(expected)) {
                Optional<String> value = decode(actual);
                if (value.isEmpty() || value.get().isEmpty()) {
                    return Optional.empty();
                }
                parameters.put(expected.substring(1, expected.length() - 1), value.get());
            } else if (!expected.equals(actual)) {
                return Optional.empty();
            }
        }
        return Optional.of(parameters);
        // STARTER
        //| // TODO: compare the path with `segments` position by position (split it like the template: one trailing
        //| //  slash ignored, empty segments kept). A literal must be equal (case-sensitive); a {name} segment takes the
        //| //  request's segment as its value, percent-decoded as UTF-8 after splitting, where '+' stays a plus sign.
        //| //  A malformed escape (%zz) or an empty value is no match, never an exception.
        //| throw new UnsupportedOperationException("Task 1: match the path against the template and extract its parameters");
        // END TASK 1
    }

    private static List<String> split(String path) {
        String trimmed = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (trimmed.isEmpty()) {
            return List.of();
        }
        // The limit -1 keeps empty segments ("/users//42"), so they fail to match instead of vanishing.
        return List.of(trimmed.substring(1).split("/", -1));
    }
    // BEGIN TASK 1

    /** rawPath is still percent-encoded; "+" is a literal plus in a path, unlike in a query string. */
    private static Optional<String> decode(String segment) {
        try {
            return Optional.of(URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
            return Optional.empty();
        }
    }
    // END TASK 1
    // end::match[]

    private static boolean isParameter(String segment) {
        return PARAMETER.matcher(segment).matches();
    }
}
