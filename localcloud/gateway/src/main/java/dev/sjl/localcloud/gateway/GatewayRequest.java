package dev.sjl.localcloud.gateway;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One HTTP request as API Gateway sees it after reading it off the wire: header names lower-cased and repeated
 * headers comma-joined, cookies split out of the {@code cookie} header, query parameters decoded and repeated ones
 * comma-joined. Everything the event, the authorizers and CORS need is computed here once.
 */
record GatewayRequest(
        String requestId,
        Instant receivedAt,
        String method,
        String rawPath,
        String rawQueryString,
        Map<String, String> headers,
        List<String> cookies,
        Map<String, String> queryParameters,
        byte[] body,
        String protocol,
        String sourceIp) {

    /** Hop-by-hop headers belong to one connection; a proxy does not forward them, so the event never shows them. */
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
            "http2-settings");

    /**
     * Builds the request from what the HTTP server parsed. Like API Gateway, it adds the forwarding headers a
     * function behind a proxy sees ({@code x-forwarded-for/-port/-proto}) and a trace id when the client sent none.
     */
    static GatewayRequest of(String requestId, Instant receivedAt, String method, String rawPath, String rawQuery,
                             Map<String, List<String>> rawHeaders, byte[] body, String protocol, String sourceIp,
                             int gatewayPort, String traceId) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        rawHeaders.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if ("cookie".equals(lower)) {
                values.forEach(line -> splitCookies(line, cookies));
            } else if (!HOP_BY_HOP.contains(lower)) {
                headers.merge(lower, String.join(",", values), (a, b) -> a + "," + b);
            }
        });
        headers.putIfAbsent("host", "127.0.0.1:" + gatewayPort);
        headers.put("x-forwarded-for", sourceIp);
        headers.put("x-forwarded-port", Integer.toString(gatewayPort));
        headers.put("x-forwarded-proto", "http");
        headers.putIfAbsent("x-amzn-trace-id", traceId);
        return new GatewayRequest(requestId, receivedAt, method, rawPath, rawQuery == null ? "" : rawQuery,
                Collections.unmodifiableMap(headers), List.copyOf(cookies), parseQuery(rawQuery), body, protocol,
                sourceIp);
    }

    String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    private static void splitCookies(String line, List<String> into) {
        for (String cookie : line.split(";")) {
            String trimmed = cookie.trim();
            if (!trimmed.isEmpty()) {
                into.add(trimmed);
            }
        }
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return Map.of();
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decodeQueryPart(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decodeQueryPart(pair.substring(equals + 1));
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return Collections.unmodifiableMap(parameters);
    }

    private static String decodeQueryPart(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return part;
        }
    }
}
