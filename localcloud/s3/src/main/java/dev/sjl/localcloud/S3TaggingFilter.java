package dev.sjl.localcloud;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jclouds.blobstore.BlobStore;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Object tagging, which S3Proxy 3.0 answers NotImplemented: {@code PutObjectTagging}, {@code GetObjectTagging} and
 * {@code DeleteObjectTagging} are kept here, per bucket and key, and a {@code PutObject} or {@code CopyObject} sets an
 * object's tags as S3 does (from {@code x-amz-tagging}, none without it; a copy keeps the source's unless
 * {@code x-amz-tagging-directive: REPLACE}). Deleting the object or its bucket forgets them. S3's limits are kept: at
 * most 10 tags, keys of at most 128 characters and values of at most 256, each key once. Path-style requests only.
 */
final class S3TaggingFilter extends HttpFilter {
    private static final int MAX_TAGS = 10;
    private static final int MAX_BODY = 64 * 1024;

    private final BlobStore blobStore;
    /** bucket → key → tags, in the order given. */
    private final Map<String, Map<String, Map<String, String>>> tags = new ConcurrentHashMap<>();

    S3TaggingFilter(BlobStore blobStore) {
        this.blobStore = blobStore;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        S3Paths.ObjectPath object = S3Paths.object(request.getRequestURI());
        if (object == null) {
            chain.doFilter(request, response);
            String bucketOnly = S3Paths.bucketLevel(request.getRequestURI());
            if (bucketOnly != null && "DELETE".equals(request.getMethod()) && request.getQueryString() == null
                    && response.getStatus() / 100 == 2) {
                tags.remove(bucketOnly);
            }
            return;
        }
        String bucket = object.bucket();
        String key = object.key();
        if (request.getParameter("tagging") != null) {
            tagging(bucket, key, request, response);
            return;
        }
        String method = request.getMethod();
        if ("POST".equals(method) && request.getParameter("uploadId") != null) {
            // CompleteMultipartUpload makes a new object: the tags of the one it replaces go (those asked for at
            // CreateMultipartUpload are not kept).
            chain.doFilter(request, response);
            if (response.getStatus() / 100 == 2) {
                set(bucket, key, Map.of());
            }
            return;
        }
        boolean plain = onlyNeutralParameters(request.getQueryString());
        if (!plain || !("PUT".equals(method) || "DELETE".equals(method))) {
            chain.doFilter(request, response);
            return;
        }
        Map<String, String> fromHeader;
        if ("PUT".equals(method)) {
            try {
                fromHeader = fromHeader(request.getHeader("x-amz-tagging"));
            } catch (S3Events.S3Error e) {
                refuse(response, e, bucket, key);
                return;
            }
        } else {
            fromHeader = Map.of();
        }
        String copySource = "PUT".equals(method) ? request.getHeader("x-amz-copy-source") : null;
        chain.doFilter(request, response);
        if (response.getStatus() / 100 != 2) {
            return;
        }
        Map<String, String> now = fromHeader;
        if (copySource != null && !"REPLACE".equalsIgnoreCase(request.getHeader("x-amz-tagging-directive"))) {
            now = sourceTags(copySource);
        }
        set(bucket, key, "DELETE".equals(method) ? Map.of() : now);
    }

    private void tagging(String bucket, String key, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        try {
            if (!blobStore.containerExists(bucket)) {
                throw new S3Events.S3Error(404, "NoSuchBucket", "The specified bucket does not exist");
            }
            if (!blobStore.blobExists(bucket, key)) {
                throw new S3Events.S3Error(404, "NoSuchKey", "The specified key does not exist.");
            }
            switch (request.getMethod()) {
                case "PUT" -> {
                    byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
                    if (body.length > MAX_BODY) {
                        throw new S3Events.S3Error(400, "MalformedXML", "The XML you provided was not well-formed or "
                                + "did not validate against our published schema");
                    }
                    set(bucket, key, parse(body));
                    response.setStatus(200);
                    response.setContentLength(0);
                }
                case "GET" -> {
                    StringBuilder xml = new StringBuilder(S3Xml.DECLARATION)
                            .append("<Tagging xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><TagSet>");
                    get(bucket, key).forEach((name, value) -> {
                        xml.append("<Tag>");
                        S3Xml.element(xml, "Key", name);
                        S3Xml.element(xml, "Value", value);
                        xml.append("</Tag>");
                    });
                    S3Xml.send(response, 200, xml.append("</TagSet></Tagging>").toString());
                }
                case "DELETE" -> {
                    set(bucket, key, Map.of());
                    response.setStatus(204);
                }
                default -> throw new S3Events.S3Error(405, "MethodNotAllowed",
                        "The specified method is not allowed against this resource.");
            }
        } catch (S3Events.S3Error e) {
            refuse(response, e, bucket, key);
        }
    }

    private Map<String, String> get(String bucket, String key) {
        return tags.getOrDefault(bucket, Map.of()).getOrDefault(key, Map.of());
    }

    private void set(String bucket, String key, Map<String, String> value) {
        if (value.isEmpty()) {
            Map<String, Map<String, String>> keys = tags.get(bucket);
            if (keys != null) {
                keys.remove(key);
            }
        } else {
            tags.computeIfAbsent(bucket, b -> new ConcurrentHashMap<>()).put(key, Map.copyOf(value));
        }
    }

    /** {@code x-amz-copy-source}: {@code bucket/key} or {@code /bucket/key}, URL-encoded, maybe with {@code ?versionId=}. */
    private Map<String, String> sourceTags(String copySource) {
        String source = copySource.startsWith("/") ? copySource.substring(1) : copySource;
        int query = source.indexOf('?');
        if (query >= 0) {
            source = source.substring(0, query);
        }
        int slash = source.indexOf('/');
        if (slash < 0) {
            return Map.of();
        }
        String bucket = URLDecoder.decode(source.substring(0, slash).replace("+", "%2B"), StandardCharsets.UTF_8);
        String key = URLDecoder.decode(source.substring(slash + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        return get(bucket, key);
    }

    /** {@code x-amz-tagging}: a URL query, {@code k1=v1&k2=v2}. */
    static Map<String, String> fromHeader(String header) {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (header == null || header.isEmpty()) {
            return parsed;
        }
        for (String pair : header.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            add(parsed, name, value);
        }
        return parsed;
    }

    /** A {@code Tagging} document; no DTD, no external entity. */
    static Map<String, String> parse(byte[] body) {
        Document document = S3Xml.parse(body).orElseThrow(() -> new S3Events.S3Error(400, "MalformedXML",
                "The XML you provided was not well-formed or did not validate against our published schema"));
        Map<String, String> parsed = new LinkedHashMap<>();
        NodeList list = document.getElementsByTagNameNS("*", "Tag");
        for (int i = 0; i < list.getLength(); i++) {
            Element tag = (Element) list.item(i);
            add(parsed, text(tag, "Key"), text(tag, "Value"));
        }
        return parsed;
    }

    private static void add(Map<String, String> tags, String name, String value) {
        if (name == null || name.isEmpty() || name.length() > 128) {
            throw new S3Events.S3Error(400, "InvalidTag", "The TagKey you have provided is invalid");
        }
        if (value == null || value.length() > 256) {
            throw new S3Events.S3Error(400, "InvalidTag", "The TagValue you have provided is invalid");
        }
        if (tags.put(name, value) != null) {
            throw new S3Events.S3Error(400, "InvalidTag", "Cannot provide multiple Tags with the same key");
        }
        if (tags.size() > MAX_TAGS) {
            throw new S3Events.S3Error(400, "BadRequest", "Object tags cannot be greater than 10");
        }
    }

    private static String text(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagNameNS("*", name);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    private static boolean onlyNeutralParameters(String query) {
        if (query == null || query.isEmpty()) {
            return true;
        }
        for (String pair : query.split("&")) {
            String name = pair.split("=", 2)[0].toLowerCase(Locale.ROOT);
            if (!name.isEmpty() && !name.startsWith("x-amz-") && !name.equals("x-id")) {
                return false;
            }
        }
        return true;
    }

    private static void refuse(HttpServletResponse response, S3Events.S3Error e, String bucket, String key)
            throws IOException {
        Map<String, String> details = new LinkedHashMap<>();
        if ("NoSuchBucket".equals(e.code)) {
            details.put("BucketName", bucket);
        } else if ("NoSuchKey".equals(e.code)) {
            details.put("Key", key);
        }
        details.put("RequestId", "localcloud");
        S3Xml.send(response, e.status, S3Xml.error(e.code, e.getMessage(), details));
    }
}
