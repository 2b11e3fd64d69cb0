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
    /**
     * The answer to a preflight: 204, with the policy's methods and headers only for an allowed origin that asks for
     * a method and headers the policy allows. Any other preflight gets no CORS header, so the browser stops there.
     */
    public APIGatewayV2HTTPResponse preflight(HttpRequest request) {
        // BEGIN TASK 5
        APIGatewayV2HTTPResponse response = HttpResponses.noContent();
        Map<String, String> headers = response.getHeaders();
        // Caches must keep one answer per origin, or one origin's answer would be served to another.
        headers.put("Vary", "Origin");
        String origin = request.header("Origin").orElse("");
        if (allowedOrigins.contains(origin) && allowsRequestedMethod(request) && allowsRequestedHeaders(request)) {
            headers.put("Access-Control-Allow-Origin", origin);
            headers.put("Access-Control-Allow-Methods", String.join(", ", allowedMethods));
            headers.put("Access-Control-Allow-Headers", String.join(", ", allowedHeaders));
            headers.put("Access-Control-Max-Age", Long.toString(maxAge.toSeconds()));
        }
        return response;
        // STARTER
        //| // TODO: start from HttpResponses.noContent(). Only when the request's Origin is one of allowedOrigins (exact
        //| //  match), its Access-Control-Request-Method is one of allowedMethods and every name in its
        //| //  Access-Control-Request-Headers (comma-separated, any case) is one of allowedHeaders, add
        //| //  Access-Control-Allow-Origin (that origin), -Allow-Methods and -Allow-Headers (comma-separated) and
        //| //  -Max-Age (seconds). Any other preflight gets none of them. Always add Vary: Origin. Read headers with
        //| //  request.header(...), which ignores their case.
        //| throw new UnsupportedOperationException("Task 5: answer the preflight for allowed origins only");
        // END TASK 5
    }
    // BEGIN TASK 5

    /** Methods are case-sensitive (RFC 9110); browsers send the standard ones in upper case. */
    private boolean allowsRequestedMethod(HttpRequest request) {
        return request.header("Access-Control-Request-Method").map(String::strip).filter(allowedMethods::contains)
                .isPresent();
    }

    /** Header names are case-insensitive; a browser lists them lower-cased, comma-separated. */
    private boolean allowsRequestedHeaders(HttpRequest request) {
        String requested = request.header("Access-Control-Request-Headers").orElse("");
        for (String name : requested.split(",")) {
            String wanted = name.strip();
            if (!wanted.isEmpty() && allowedHeaders.stream().noneMatch(wanted::equalsIgnoreCase)) {
                return false;
            }
        }
        return true;
    }
    // END TASK 5

    /**
     * Marks an actual response, errors included, for an allowed origin: without the header the browser hides even a
     * 400's body from the script, and the user sees a "CORS error" instead of the real problem.
     */
    public APIGatewayV2HTTPResponse decorate(HttpRequest request, APIGatewayV2HTTPResponse response) {
        // BEGIN TASK 5
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
        // STARTER
        //| // TODO: keep the response's status, body and headers (which may be null or unmodifiable); add Vary: Origin,
        //| //  and Access-Control-Allow-Origin only for an allowed origin. The methods and headers lists belong to the
        //| //  preflight, not here.
        //| throw new UnsupportedOperationException("Task 5: add the CORS header to an allowed origin's response");
        // END TASK 5
    }
    // end::cors[]
}
