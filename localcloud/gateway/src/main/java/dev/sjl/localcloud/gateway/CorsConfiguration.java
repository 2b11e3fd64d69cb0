package dev.sjl.localcloud.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * An HTTP API's CORS configuration, applied the way API Gateway applies it: the gateway answers preflight
 * {@code OPTIONS} requests itself (204, no route or authorizer involved), adds the configured headers to every
 * response for an allowed origin, and drops any {@code access-control-*} header the function set, because a
 * configured API ignores the backend's CORS headers. A request from an origin that is not allowed gets no CORS
 * headers at all, and the browser blocks it.
 */
public final class CorsConfiguration {

    private final Set<String> allowOrigins;
    private final List<String> allowMethods;
    private final List<String> allowHeaders;
    private final List<String> exposeHeaders;
    private final Duration maxAge;
    private final boolean allowCredentials;

    private CorsConfiguration(Builder builder) {
        this.allowOrigins = Set.copyOf(builder.allowOrigins);
        this.allowMethods = List.copyOf(builder.allowMethods);
        this.allowHeaders = List.copyOf(builder.allowHeaders);
        this.exposeHeaders = List.copyOf(builder.exposeHeaders);
        this.maxAge = builder.maxAge;
        this.allowCredentials = builder.allowCredentials;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A preflight is an OPTIONS request from a browser: it carries Origin and Access-Control-Request-Method. */
    boolean isPreflight(GatewayRequest request) {
        return "OPTIONS".equals(request.method()) && request.header("origin") != null
                && request.header("access-control-request-method") != null;
    }

    // tag::cors-preflight[]
    GatewayResponse preflight(GatewayRequest request) {
        List<GatewayResponse.Header> headers = new ArrayList<>();
        String allowedOrigin = allowedOrigin(request.header("origin"));
        if (allowedOrigin != null) {
            headers.add(header("access-control-allow-origin", allowedOrigin));
            if (allowCredentials) {
                headers.add(header("access-control-allow-credentials", "true"));
            }
            if (!allowMethods.isEmpty()) {
                headers.add(header("access-control-allow-methods", String.join(",", allowMethods)));
            }
            if (!allowHeaders.isEmpty()) {
                headers.add(header("access-control-allow-headers", String.join(",", allowHeaders)));
            }
            if (maxAge != null) {
                headers.add(header("access-control-max-age", Long.toString(maxAge.toSeconds())));
            }
        }
        varyByOrigin(headers);
        return new GatewayResponse(204, headers, new byte[0]);
    }
    // end::cors-preflight[]

    /** The response with the backend's CORS headers replaced by the configured ones (for an allowed origin). */
    GatewayResponse decorate(GatewayRequest request, GatewayResponse response) {
        List<GatewayResponse.Header> headers = new ArrayList<>();
        for (GatewayResponse.Header header : response.headers()) {
            if (!header.name().toLowerCase(Locale.ROOT).startsWith("access-control-")) {
                headers.add(header);
            }
        }
        String allowedOrigin = allowedOrigin(request.header("origin"));
        if (allowedOrigin != null) {
            headers.add(header("access-control-allow-origin", allowedOrigin));
            if (allowCredentials) {
                headers.add(header("access-control-allow-credentials", "true"));
            }
            if (!exposeHeaders.isEmpty()) {
                headers.add(header("access-control-expose-headers", String.join(",", exposeHeaders)));
            }
        }
        varyByOrigin(headers);
        return new GatewayResponse(response.status(), headers, response.body());
    }

    /**
     * Unless every origin is allowed, the answer depends on the request's Origin: {@code Vary: Origin} on every
     * response (with or without CORS headers), so a shared cache never hands one origin's answer, or a no-Origin
     * answer without them, to another (Fetch standard, "CORS protocol and HTTP caches"). The function's own Vary is kept.
     */
    private void varyByOrigin(List<GatewayResponse.Header> headers) {
        if (allowOrigins.contains("*")) {
            return;
        }
        for (int i = 0; i < headers.size(); i++) {
            GatewayResponse.Header header = headers.get(i);
            if (header.name().equalsIgnoreCase("vary")) {
                boolean named = java.util.Arrays.stream(header.value().split(","))
                        .anyMatch(value -> value.strip().equalsIgnoreCase("origin") || value.strip().equals("*"));
                if (!named) {
                    headers.set(i, header(header.name(), header.value() + ", Origin"));
                }
                return;
            }
        }
        headers.add(header("vary", "Origin"));
    }

    private String allowedOrigin(String origin) {
        if (origin == null) {
            return null;
        }
        if (allowOrigins.contains("*")) {
            return "*";
        }
        return allowOrigins.contains(origin) ? origin : null;
    }

    private static GatewayResponse.Header header(String name, String value) {
        return new GatewayResponse.Header(name, value);
    }

    /** Lists are written as the AWS configuration writes them; {@code *} allows any origin, method or header. */
    public static final class Builder {
        private final Set<String> allowOrigins = new LinkedHashSet<>();
        private final Set<String> allowMethods = new LinkedHashSet<>();
        private final Set<String> allowHeaders = new LinkedHashSet<>();
        private final Set<String> exposeHeaders = new LinkedHashSet<>();
        private Duration maxAge;
        private boolean allowCredentials;

        private Builder() {
        }

        /** Exact origins ({@code https://app.example.com}, scheme and port included) or {@code *}. */
        public Builder allowOrigins(String... origins) {
            allowOrigins.addAll(List.of(origins));
            return this;
        }

        public Builder allowMethods(String... methods) {
            allowMethods.addAll(List.of(methods));
            return this;
        }

        public Builder allowHeaders(String... headers) {
            allowHeaders.addAll(List.of(headers));
            return this;
        }

        public Builder exposeHeaders(String... headers) {
            exposeHeaders.addAll(List.of(headers));
            return this;
        }

        /** How long a browser may reuse a preflight answer (sent in whole seconds). */
        public Builder maxAge(Duration maxAge) {
            if (maxAge.isNegative()) {
                throw new IllegalArgumentException("maxAge cannot be negative");
            }
            this.maxAge = maxAge;
            return this;
        }

        public Builder allowCredentials(boolean allowCredentials) {
            this.allowCredentials = allowCredentials;
            return this;
        }

        public CorsConfiguration build() {
            if (allowOrigins.isEmpty()) {
                throw new IllegalArgumentException("CORS needs at least one allowed origin (or *)");
            }
            if (allowCredentials && allowOrigins.contains("*")) {
                // Browsers refuse credentials with a wildcard origin, and AWS refuses this configuration.
                throw new IllegalArgumentException("allowCredentials cannot be combined with the origin *");
            }
            return new CorsConfiguration(this);
        }
    }
}
