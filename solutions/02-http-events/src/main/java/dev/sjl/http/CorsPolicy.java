package dev.sjl.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which browser origins may call the API, and with what. Answers preflights and marks the actual responses;
 * an origin that is not listed gets no CORS headers at all, so the browser keeps the response from its script.
 *
 * <p>Only exact origins ({@code https://app.example.com}): a wildcard would let any site's script call the API
 * with the user's browser.
 */
public final class CorsPolicy {

    private final Set<String> allowedOrigins;
    private final List<String> allowedMethods;
    private final List<String> allowedHeaders;
    private final Duration maxAge;

    public CorsPolicy(Set<String> allowedOrigins, List<String> allowedMethods, List<String> allowedHeaders,
                      Duration maxAge) {
        if (allowedOrigins.contains("*")) {
            throw new IllegalArgumentException("List the allowed origins one by one; '*' allows every web site");
        }
        this.allowedOrigins = Set.copyOf(allowedOrigins);
        this.allowedMethods = List.copyOf(allowedMethods);
        this.allowedHeaders = List.copyOf(allowedHeaders);
        this.maxAge = maxAge;
    }

    /** No browser origin may call: for APIs called by servers and apps only, or when the gateway answers CORS. */
    public static CorsPolicy none() {
        return new CorsPolicy(Set.of(), List.of(), List.of(), Duration.ZERO);
    }

    /** A browser asking before the real request: OPTIONS with {@code Access-Control-Request-Method}. */
    public boolean isPreflight(HttpRequest request) {
        return "OPTIONS".equals(request.method()) && request.header("Access-Control-Request-Method").isPresent();
    }

    // tag::cors[]
    /** The answer to a preflight: 204, with the policy's methods and headers only for an allowed origin. */
    public APIGatewayV2HTTPResponse preflight(HttpRequest request) {
        APIGatewayV2HTTPResponse response = HttpResponses.noContent();
        Map<String, String> headers = response.getHeaders();
        // Caches must keep one answer per origin, or one origin's answer would be served to another.
        headers.put("Vary", "Origin");
        String origin = request.header("Origin").orElse("");
        if (allowedOrigins.contains(origin)) {
            headers.put("Access-Control-Allow-Origin", origin);
            headers.put("Access-Control-Allow-Methods", String.join(", ", allowedMethods));
            headers.put("Access-Control-Allow-Headers", String.join(", ", allowedHeaders));
            headers.put("Access-Control-Max-Age", Long.toString(maxAge.toSeconds()));
        }
        return response;
    }

    /**
     * Marks an actual response, errors included, for an allowed origin: without the header the browser hides even a
     * 400's body from the script, and the user sees a "CORS error" instead of the real problem.
     */
    public APIGatewayV2HTTPResponse decorate(HttpRequest request, APIGatewayV2HTTPResponse response) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (response.getHeaders() != null) {
            headers.putAll(response.getHeaders());
        }
        headers.put("Vary", "Origin");
        String origin = request.header("Origin").orElse("");
        if (allowedOrigins.contains(origin)) {
            headers.put("Access-Control-Allow-Origin", origin);
        }
        response.setHeaders(headers);
        return response;
    }
    // end::cors[]
}
