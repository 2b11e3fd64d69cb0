package dev.sjl.localcloud;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * A bucket's CORS configuration, as S3 applies it: {@code PutBucketCors}/{@code GetBucketCors}/{@code DeleteBucketCors}
 * are kept here (S3Proxy has none and answers by one server-wide rule), a browser's preflight {@code OPTIONS} is answered from the
 * bucket's rules (403 when none matches, never passed on), and any other request from an origin gets the CORS headers
 * of the first rule matching its origin and method, or none. So a web client on the wrong origin is blocked locally as
 * it would be on AWS. Path-style requests only, as the local cloud's clients send.
 */
final class S3CorsFilter extends HttpFilter {
    /** S3's limits: 100 rules, and a configuration is small XML. */
    private static final int MAX_RULES = 100;
    private static final int MAX_BODY = 64 * 1024;

    /** One {@code CORSRule}. */
    record Rule(List<String> origins, List<String> methods, List<String> headers, List<String> exposeHeaders,
                Integer maxAgeSeconds) {
        boolean allowsOrigin(String origin) {
            return origins.stream().anyMatch(pattern -> wildcard(pattern, origin));
        }

        boolean allowsHeaders(List<String> requested) {
            return requested.stream().allMatch(h -> headers.stream().anyMatch(p -> wildcard(p.toLowerCase(Locale.ROOT), h)));
        }

        /** S3 allows one {@code *} in an origin or header pattern. */
        private static boolean wildcard(String pattern, String value) {
            int star = pattern.indexOf('*');
            if (star < 0) {
                return pattern.equals(value);
            }
            String prefix = pattern.substring(0, star);
            String suffix = pattern.substring(star + 1);
            return value.length() >= prefix.length() + suffix.length() && value.startsWith(prefix) && value.endsWith(suffix);
        }
    }

    private final Map<String, List<Rule>> rules = new ConcurrentHashMap<>();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        String bucket = bucketOf(path);
        boolean bucketLevel = bucket != null && (path.equals("/" + bucket) || path.equals("/" + bucket + "/"));
        if (bucketLevel && request.getParameter("cors") != null) {
            configuration(bucket, request, response);
            return;
        }
        String origin = request.getHeader("Origin");
        if (bucket != null && "OPTIONS".equals(request.getMethod()) && origin != null
                && request.getHeader("Access-Control-Request-Method") != null) {
            preflight(bucket, origin, request, response);
            return;
        }
        if (bucket == null || origin == null) {
            chain.doFilter(request, response);
            if (bucketLevel && "DELETE".equals(request.getMethod()) && response.getStatus() / 100 == 2) {
                rules.remove(bucket);
            }
            return;
        }
        matching(bucket, origin, request.getMethod(), List.of()).ifPresent(rule -> {
            response.setHeader("Access-Control-Allow-Origin", rule.origins().contains("*") ? "*" : origin);
            response.setHeader("Access-Control-Allow-Methods", String.join(", ", rule.methods()));
            if (!rule.exposeHeaders().isEmpty()) {
                response.setHeader("Access-Control-Expose-Headers", String.join(", ", rule.exposeHeaders()));
            }
        });
        response.addHeader("Vary", "Origin");
        // S3Proxy's own CORS answer (its server-wide rule, every origin) must not reach the browser: only the bucket's
        // rules decide.
        chain.doFilter(request, new HttpServletResponseWrapper(response) {
            @Override
            public void setHeader(String name, String value) {
                if (!isCors(name)) {
                    super.setHeader(name, value);
                }
            }

            @Override
            public void addHeader(String name, String value) {
                if (!isCors(name)) {
                    super.addHeader(name, value);
                }
            }
        });
        if (bucketLevel && "DELETE".equals(request.getMethod()) && response.getStatus() / 100 == 2) {
            rules.remove(bucket);
        }
    }

    private static boolean isCors(String header) {
        return header != null && header.toLowerCase(Locale.ROOT).startsWith("access-control-");
    }

    private void preflight(String bucket, String origin, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        String method = request.getHeader("Access-Control-Request-Method");
        List<String> requested = split(request.getHeader("Access-Control-Request-Headers"));
        Optional<Rule> rule = matching(bucket, origin, method, requested);
        if (rule.isEmpty()) {
            error(response, 403, "AccessForbidden", "CORSResponse: This CORS request is not allowed: no CORS rule of "
                    + "the bucket allows this origin, method and headers.");
            return;
        }
        Rule r = rule.get();
        response.setStatus(200);
        response.setHeader("Access-Control-Allow-Origin", r.origins().contains("*") ? "*" : origin);
        response.setHeader("Access-Control-Allow-Methods", String.join(", ", r.methods()));
        if (!requested.isEmpty()) {
            response.setHeader("Access-Control-Allow-Headers", String.join(", ", requested));
        }
        if (!r.exposeHeaders().isEmpty()) {
            response.setHeader("Access-Control-Expose-Headers", String.join(", ", r.exposeHeaders()));
        }
        if (r.maxAgeSeconds() != null) {
            response.setHeader("Access-Control-Max-Age", r.maxAgeSeconds().toString());
        }
        response.addHeader("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
    }

    private Optional<Rule> matching(String bucket, String origin, String method, List<String> requestedHeaders) {
        return rules.getOrDefault(bucket, List.of()).stream()
                .filter(r -> r.allowsOrigin(origin) && r.methods().contains(method) && r.allowsHeaders(requestedHeaders))
                .findFirst();
    }

    private void configuration(String bucket, HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getMethod()) {
            case "PUT" -> {
                List<Rule> parsed;
                try (InputStream in = request.getInputStream()) {
                    byte[] body = in.readNBytes(MAX_BODY + 1);
                    if (body.length > MAX_BODY) {
                        error(response, 400, "MalformedXML", "The CORS configuration is too large.");
                        return;
                    }
                    parsed = parse(body);
                } catch (IllegalArgumentException e) {
                    error(response, 400, "MalformedXML", e.getMessage());
                    return;
                }
                rules.put(bucket, List.copyOf(parsed));
                response.setStatus(200);
            }
            case "GET" -> {
                List<Rule> current = rules.get(bucket);
                if (current == null) {
                    error(response, 404, "NoSuchCORSConfiguration", "The CORS configuration does not exist");
                    return;
                }
                StringBuilder xml = new StringBuilder(S3Xml.DECLARATION
                        + "<CORSConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
                for (Rule rule : current) {
                    xml.append("<CORSRule>");
                    rule.headers().forEach(h -> S3Xml.element(xml, "AllowedHeader", h));
                    rule.methods().forEach(m -> S3Xml.element(xml, "AllowedMethod", m));
                    rule.origins().forEach(o -> S3Xml.element(xml, "AllowedOrigin", o));
                    rule.exposeHeaders().forEach(h -> S3Xml.element(xml, "ExposeHeader", h));
                    if (rule.maxAgeSeconds() != null) {
                        S3Xml.element(xml, "MaxAgeSeconds", rule.maxAgeSeconds().toString());
                    }
                    xml.append("</CORSRule>");
                }
                xml.append("</CORSConfiguration>");
                S3Xml.send(response, 200, xml.toString());
            }
            case "DELETE" -> {
                rules.remove(bucket);
                response.setStatus(204);
            }
            default -> error(response, 405, "MethodNotAllowed", "The specified method is not allowed against this resource.");
        }
    }

    /** Reads a {@code CORSConfiguration}; no DTD, no external entity. */
    static List<Rule> parse(byte[] body) {
        Document document = S3Xml.parse(body).orElseThrow(() -> new IllegalArgumentException(
                "The XML you provided was not well-formed or did not validate against our published schema."));
        NodeList ruleNodes = document.getDocumentElement().getElementsByTagNameNS("*", "CORSRule");
        if (ruleNodes.getLength() == 0 || ruleNodes.getLength() > MAX_RULES) {
            throw new IllegalArgumentException("A CORS configuration has 1 to " + MAX_RULES + " CORSRule elements.");
        }
        List<Rule> parsed = new ArrayList<>();
        for (int i = 0; i < ruleNodes.getLength(); i++) {
            Element rule = (Element) ruleNodes.item(i);
            List<String> origins = texts(rule, "AllowedOrigin");
            List<String> methods = texts(rule, "AllowedMethod");
            if (origins.isEmpty() || methods.isEmpty()) {
                throw new IllegalArgumentException("Each CORSRule needs at least one AllowedOrigin and one AllowedMethod.");
            }
            for (String method : methods) {
                if (!List.of("GET", "PUT", "POST", "DELETE", "HEAD").contains(method)) {
                    throw new IllegalArgumentException("Found unsupported HTTP method in CORS config. Unsupported method is " + method);
                }
            }
            List<String> maxAge = texts(rule, "MaxAgeSeconds");
            Integer seconds;
            try {
                seconds = maxAge.isEmpty() ? null : Integer.valueOf(maxAge.get(0));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("MaxAgeSeconds must be a whole number.");
            }
            parsed.add(new Rule(origins, methods, texts(rule, "AllowedHeader"), texts(rule, "ExposeHeader"), seconds));
        }
        return parsed;
    }

    private static List<String> texts(Element parent, String name) {
        NodeList nodes = parent.getElementsByTagNameNS("*", name);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            values.add(nodes.item(i).getTextContent().strip());
        }
        return values;
    }

    private static List<String> split(String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        return Arrays.stream(header.split(",")).map(h -> h.strip().toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty()).toList();
    }

    private static String bucketOf(String path) {
        if (path == null || path.length() < 2) {
            return null;
        }
        int slash = path.indexOf('/', 1);
        String bucket = slash < 0 ? path.substring(1) : path.substring(1, slash);
        return bucket.isEmpty() || bucket.startsWith("_") ? null : bucket;
    }

    private static void error(HttpServletResponse response, int status, String code, String message) throws IOException {
        S3Xml.send(response, status, S3Xml.error(code, message, Map.of()));
    }
}
