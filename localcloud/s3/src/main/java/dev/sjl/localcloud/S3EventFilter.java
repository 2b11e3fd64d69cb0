package dev.sjl.localcloud;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Sits in front of S3Proxy. It answers a bucket's {@code ?notification} configuration itself (S3Proxy does not keep
 * one), and turns successful object writes and deletes into S3 notifications. Only path-style
 * requests (the local cloud's clients use path style) for a single object count; sub-resource writes such as
 * {@code ?tagging} or {@code ?acl} and multipart parts do not, as on AWS.
 */
final class S3EventFilter extends HttpFilter {
    /** Query parameters that do not make a request a sub-resource call: presigning, the SDK's operation hint. */
    private static final Set<String> NEUTRAL_PARAMS = Set.of("x-id", "versionid");
    /** DeleteObjects takes at most 1,000 keys of at most 1,024 bytes each. */
    private static final int MAX_DELETE_BODY = 2 * 1024 * 1024;

    private final S3Events events;

    S3EventFilter(S3Events events) {
        this.events = events;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String bucketOnly = S3Paths.bucketLevel(request.getRequestURI());
        if (bucketOnly != null && request.getParameter("notification") != null) {
            notification(bucketOnly, request, response, chain);
            return;
        }
        if (bucketOnly != null && request.getMethod().equals("POST") && queryNames(request).contains("delete")) {
            deleteObjects(bucketOnly, request, response, chain);
            return;
        }
        chain.doFilter(request, response);
        int status = response.getStatus();
        if (status < 200 || status > 299) {
            return;
        }
        if (bucketOnly != null && request.getMethod().equals("DELETE") && request.getQueryString() == null) {
            events.bucketDeleted(bucketOnly);
            return;
        }
        String eventName = eventName(request);
        if (eventName == null) {
            return;
        }
        S3Paths.ObjectPath object = S3Paths.object(request.getRequestURI());
        if (object == null) {
            return; // bucket-level request
        }
        events.objectEvent(eventName, object.bucket(), object.key(), request.getRemoteAddr(), response.getHeader("ETag"));
    }

    /**
     * DeleteObjects: one ObjectRemoved:Delete per key the request named and the answer did not list as an error
     * (a quiet answer lists only errors).
     */
    private void deleteObjects(String bucket, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_DELETE_BODY + 1);
        if (body.length > MAX_DELETE_BODY) {
            S3Xml.send(response, 400, S3Xml.error("MalformedXML", "The XML you provided was not well-formed or did not "
                    + "validate against our published schema", Map.of("RequestId", "localcloud")));
            return;
        }
        S3Buffers.KeptResponse kept = new S3Buffers.KeptResponse(response);
        chain.doFilter(new S3Buffers.ReadRequest(request, body), kept);
        byte[] answer = kept.body();
        int status = kept.getStatus();
        kept.send();
        if (status >= 200 && status <= 299) {
            for (String key : S3Events.deletedKeys(body, answer)) {
                events.objectEvent("ObjectRemoved:Delete", bucket, key, request.getRemoteAddr(), null);
            }
        }
    }

    private static Set<String> queryNames(HttpServletRequest request) {
        String query = request.getQueryString();
        Set<String> names = new java.util.HashSet<>();
        if (query != null) {
            for (String pair : query.split("&")) {
                names.add(pair.split("=", 2)[0].toLowerCase(java.util.Locale.ROOT));
            }
        }
        return names;
    }

    /**
     * Get/PutBucketNotificationConfiguration. The bucket must exist: a HEAD through S3Proxy itself (the chain with a
     * HEAD view of the request) would be awkward here, so the configuration store asks S3 through the SDK.
     */
    private void notification(String bucket, HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException {
        try {
            events.requireBucket(bucket);
            switch (request.getMethod()) {
                case "GET" -> {
                    S3Xml.send(response, 200, events.configurationXml(bucket));
                }
                case "PUT" -> {
                    byte[] body = request.getInputStream().readNBytes(1024 * 1024);
                    boolean validate = !"true".equalsIgnoreCase(request.getHeader("x-amz-skip-destination-validation"));
                    events.putConfiguration(bucket, body, validate);
                    response.setStatus(200);
                    response.setContentLength(0);
                }
                default -> throw new S3Events.S3Error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
            }
        } catch (S3Events.S3Error e) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("BucketName", bucket);
            details.put("RequestId", "localcloud");
            S3Xml.send(response, e.status, S3Xml.error(e.code, e.getMessage(), details));
        }
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
