package dev.sjl.localcloud.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Picks the route for a request the way an HTTP API does: an exact route first, then a route ending in a greedy
 * {@code {proxy+}} variable, then {@code $default}; nothing matching means 404. Among routes of the same kind, a
 * fixed segment beats a variable at the first place they differ, a longer greedy prefix beats a shorter one, and a
 * named method beats {@code ANY}.
 */
final class RouteTable {

    /** A configured route: what it is called, where it goes, who may call it. */
    record Route(RouteKey key, Integration integration, Authorization authorization) {
    }

    /** The chosen route and the path parameters it captured (percent-decoded, as API Gateway passes them). */
    record Match(Route route, Map<String, String> pathParameters) {
    }

    private static final Comparator<Route> MOST_SPECIFIC_FIRST = Comparator
            .comparing((Route r) -> r.key().isGreedy())
            .thenComparing(RouteTable::compareSegments)
            .thenComparing((Route r) -> RouteKey.ANY.equals(r.key().method()));

    private final List<Route> routes;
    private final Route defaultRoute;

    RouteTable(List<Route> configured) {
        List<Route> explicit = new ArrayList<>();
        Route fallback = null;
        for (Route route : configured) {
            if (route.key().isDefault()) {
                fallback = route;
            } else {
                explicit.add(route);
            }
        }
        explicit.sort(MOST_SPECIFIC_FIRST);
        this.routes = List.copyOf(explicit);
        this.defaultRoute = fallback;
    }

    /** The route for {@code method} and {@code path} (the path below the stage, still percent-encoded). */
    Optional<Match> match(String method, String path) {
        List<String> segments = decodedSegments(path);
        for (Route route : routes) {
            RouteKey key = route.key();
            if (!key.method().equals(method) && !RouteKey.ANY.equals(key.method())) {
                continue;
            }
            Map<String, String> parameters = bind(key, segments);
            if (parameters != null) {
                return Optional.of(new Match(route, parameters));
            }
        }
        return Optional.ofNullable(defaultRoute).map(route -> new Match(route, Map.of()));
    }

    private static Map<String, String> bind(RouteKey key, List<String> request) {
        List<RouteKey.Segment> template = key.segments();
        boolean greedy = key.isGreedy();
        int fixed = greedy ? template.size() - 1 : template.size();
        if (greedy ? request.size() <= fixed : request.size() != fixed) {
            return null;
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (int i = 0; i < fixed; i++) {
            RouteKey.Segment segment = template.get(i);
            String actual = request.get(i);
            if (segment.kind() == RouteKey.Segment.Kind.LITERAL) {
                if (!segment.text().equals(actual)) {
                    return null;
                }
            } else if (actual.isEmpty()) {
                return null;
            } else {
                parameters.put(segment.text(), actual);
            }
        }
        if (greedy) {
            String rest = String.join("/", request.subList(fixed, request.size()));
            if (rest.isEmpty()) {
                return null;
            }
            parameters.put(template.get(fixed).text(), rest);
        }
        return parameters;
    }

    /** Left to right, a fixed segment ranks above a variable; with equal shapes, the longer route ranks first. */
    private static int compareSegments(Route a, Route b) {
        List<RouteKey.Segment> left = a.key().segments();
        List<RouteKey.Segment> right = b.key().segments();
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            boolean leftLiteral = left.get(i).kind() == RouteKey.Segment.Kind.LITERAL;
            boolean rightLiteral = right.get(i).kind() == RouteKey.Segment.Kind.LITERAL;
            if (leftLiteral != rightLiteral) {
                return leftLiteral ? -1 : 1;
            }
        }
        return Integer.compare(right.size(), left.size());
    }

    /** "/a/b%20c" → ["a", "b c"]; "/" → []. A '+' stays a '+': only query strings use it for a space. */
    static List<String> decodedSegments(String path) {
        if (path.isEmpty() || "/".equals(path)) {
            return List.of();
        }
        List<String> segments = new ArrayList<>();
        for (String raw : path.substring(1).split("/", -1)) {
            segments.add(percentDecode(raw));
        }
        return segments;
    }

    static String percentDecode(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        try {
            return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            // A stray '%' is passed through as sent rather than rejecting a request AWS would still route.
            return raw;
        }
    }
}
