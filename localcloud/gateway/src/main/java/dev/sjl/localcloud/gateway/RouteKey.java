package dev.sjl.localcloud.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A parsed HTTP API route key: {@code $default}, or a method and a path such as {@code GET /users/{id}} or
 * {@code ANY /{proxy+}}. The text is kept verbatim because API Gateway sends it to the function as {@code routeKey}.
 */
record RouteKey(String text, String method, List<Segment> segments) {

    static final String DEFAULT = "$default";
    static final String ANY = "ANY";

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", ANY);
    private static final Pattern VARIABLE = Pattern.compile("\\{([A-Za-z0-9._-]+)(\\+?)}");

    /** One path segment of a route: fixed text, a {@code {name}} variable, or the final {@code {name+}}. */
    record Segment(String text, Kind kind) {
        enum Kind { LITERAL, VARIABLE, GREEDY }
    }

    static RouteKey parse(String text) {
        if (DEFAULT.equals(text)) {
            return new RouteKey(text, null, List.of());
        }
        int space = text == null ? -1 : text.indexOf(' ');
        if (space < 0) {
            throw new IllegalArgumentException(
                    "A route key is '$default' or 'METHOD /path' (e.g. 'GET /users/{id}'), not: " + text);
        }
        String method = text.substring(0, space);
        String path = text.substring(space + 1);
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("Route '" + text + "': the method must be one of " + METHODS);
        }
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("Route '" + text + "': the path must start with '/'");
        }
        List<Segment> segments = new ArrayList<>();
        String[] parts = path.length() == 1 ? new String[0] : path.substring(1).split("/", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            if (part.isEmpty()) {
                throw new IllegalArgumentException("Route '" + text + "': empty path segment");
            }
            var variable = VARIABLE.matcher(part);
            if (variable.matches()) {
                boolean greedy = !variable.group(2).isEmpty();
                if (greedy && i != parts.length - 1) {
                    throw new IllegalArgumentException(
                            "Route '" + text + "': a greedy variable {name+} must be the last segment");
                }
                segments.add(new Segment(variable.group(1), greedy ? Segment.Kind.GREEDY : Segment.Kind.VARIABLE));
            } else if (part.contains("{") || part.contains("}")) {
                throw new IllegalArgumentException(
                        "Route '" + text + "': a variable takes a whole segment, like {id} or {proxy+}");
            } else {
                segments.add(new Segment(part, Segment.Kind.LITERAL));
            }
        }
        return new RouteKey(text, method, List.copyOf(segments));
    }

    boolean isDefault() {
        return method == null;
    }

    boolean isGreedy() {
        return !segments.isEmpty() && segments.get(segments.size() - 1).kind() == Segment.Kind.GREEDY;
    }
}
