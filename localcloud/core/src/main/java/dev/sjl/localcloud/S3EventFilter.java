package dev.sjl.localcloud;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sits in front of S3Mock's controllers and turns successful object writes and deletes into S3 notifications.
 * Only path-style requests (the local cloud's clients use path style) for a single object count; sub-resource
 * writes such as {@code ?tagging} or {@code ?acl} and multipart parts do not, as on AWS.
 */
final class S3EventFilter extends OncePerRequestFilter {
    /** Query parameters that do not make a request a sub-resource call: presigning, the SDK's operation hint. */
    private static final Set<String> NEUTRAL_PARAMS = Set.of("x-id", "versionid");

    private final S3Events events;

    S3EventFilter(S3Events events) {
        this.events = events;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        chain.doFilter(request, response);
        int status = response.getStatus();
        if (status < 200 || status > 299) {
            return;
        }
        String eventName = eventName(request);
        if (eventName == null) {
            return;
        }
        String path = request.getRequestURI();
        int slash = path.indexOf('/', 1);
        if (slash < 0 || slash == path.length() - 1) {
            return; // bucket-level request
        }
        String bucket = path.substring(1, slash);
        // The raw path is percent-encoded and '+' in it is a literal plus.
        String key = URLDecoder.decode(path.substring(slash + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        events.objectEvent(eventName, bucket, key, request.getRemoteAddr(), response.getHeader("ETag"));
    }

    private static String eventName(HttpServletRequest request) {
        String method = request.getMethod();
        boolean uploadId = request.getParameter("uploadId") != null;
        switch (method) {
            case "PUT":
                if (uploadId || hasSubResource(request, false)) {
                    return null; // a multipart part, or ?tagging/?acl/...: no object is created yet
                }
                return request.getHeader("x-amz-copy-source") != null ? "ObjectCreated:Copy" : "ObjectCreated:Put";
            case "POST":
                return uploadId && !hasSubResource(request, true) ? "ObjectCreated:CompleteMultipartUpload" : null;
            case "DELETE":
                return uploadId || hasSubResource(request, false) ? null : "ObjectRemoved:Delete";
            default:
                return null;
        }
    }

    private static boolean hasSubResource(HttpServletRequest request, boolean uploadIdAllowed) {
        String query = request.getQueryString();
        if (query == null || query.isEmpty()) {
            return false;
        }
        for (String pair : query.split("&")) {
            String name = pair.split("=", 2)[0].toLowerCase();
            if (name.startsWith("x-amz-") || NEUTRAL_PARAMS.contains(name) || (uploadIdAllowed && name.equals("uploadid"))) {
                continue;
            }
            return true;
        }
        return false;
    }
}
