package dev.sjl.apigateway;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP API as data: its routes, its authorizers and a stage. Nothing here depends on the local gateway or on the
 * CDK: the tests turn it into a local API, and lab 09's stack turns the same values into {@code HttpApi},
 * {@code HttpJwtAuthorizer} and {@code HttpLambdaAuthorizer} constructs, so the API that is tested is the API that is
 * deployed.
 */
public record ApiDefinition(List<Route> routes, JwtAuthorizerSpec jwt, LambdaAuthorizerSpec apiKey) {

    /** No authorizer: anyone may call the route. */
    public static final String PUBLIC = "none";

    public ApiDefinition {
        routes = List.copyOf(routes);
    }

    /** A route: {@code "GET /users/me"}, the function behind it, the authorizer's name and the scopes it requires. */
    public record Route(String routeKey, String function, String authorizer, List<String> scopes) {
        public Route {
            Objects.requireNonNull(routeKey, "routeKey");
            Objects.requireNonNull(function, "function");
            Objects.requireNonNull(authorizer, "authorizer");
            scopes = List.copyOf(scopes);
        }
    }

    /** A JWT authorizer: the gateway verifies the token (signature by the issuer's JWKS, iss, aud or client_id, exp). */
    public record JwtAuthorizerSpec(String name, String issuer, List<String> audience, String identitySource) {
        public JwtAuthorizerSpec {
            audience = List.copyOf(audience);
        }
    }

    /** A Lambda REQUEST authorizer with simple responses, its decisions cached by the identity source's values. */
    public record LambdaAuthorizerSpec(String name, String function, List<String> identitySources, Duration resultTtl) {
        public LambdaAuthorizerSpec {
            identitySources = List.copyOf(identitySources);
        }
    }

    /** A token bucket: {@code rate} requests per second in steady state, {@code burst} at once. */
    public record Throttle(double rate, int burst) {
    }

    /** The CORS answer of the gateway for browsers on other origins. */
    public record Cors(List<String> allowOrigins, List<String> allowMethods, List<String> allowHeaders,
                       boolean allowCredentials, Duration maxAge) {
        public Cors {
            allowOrigins = List.copyOf(allowOrigins);
            allowMethods = List.copyOf(allowMethods);
            allowHeaders = List.copyOf(allowHeaders);
        }
    }

    /**
     * A stage: its name (part of the URL), its variables (read by the functions as {@code stageVariables}), the
     * default throttle of every route and the routes' own, CORS, and the access log's format.
     */
    public record Stage(String name, Map<String, String> variables, Throttle defaultThrottle,
                        Map<String, Throttle> routeThrottles, Cors cors, String accessLogFormat) {
        public Stage {
            variables = Map.copyOf(variables);
            routeThrottles = Map.copyOf(routeThrottles);
        }
    }

    public Optional<Route> route(String routeKey) {
        return routes.stream().filter(r -> r.routeKey().equals(routeKey)).findFirst();
    }
}
