package dev.sjl.localcloud.gateway;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where an authorizer finds the caller's identity, written as API Gateway's selection expressions:
 * {@code $request.header.Name} (case-insensitive), {@code $request.querystring.name} (case-sensitive),
 * {@code $context.routeKey | stage | httpMethod | path | identity.sourceIp} and {@code $stageVariables.name}.
 */
record IdentitySource(String expression, Kind kind, String name) {

    enum Kind { HEADER, QUERY, CONTEXT, STAGE_VARIABLE }

    private static final Set<String> CONTEXT_VARIABLES =
            Set.of("routeKey", "stage", "httpMethod", "path", "identity.sourceIp");

    static IdentitySource parse(String expression) {
        if (expression.startsWith("$request.header.") && expression.length() > 16) {
            return new IdentitySource(expression, Kind.HEADER, expression.substring(16).toLowerCase(Locale.ROOT));
        }
        if (expression.startsWith("$request.querystring.") && expression.length() > 21) {
            return new IdentitySource(expression, Kind.QUERY, expression.substring(21));
        }
        if (expression.startsWith("$context.") && CONTEXT_VARIABLES.contains(expression.substring(9))) {
            return new IdentitySource(expression, Kind.CONTEXT, expression.substring(9));
        }
        if (expression.startsWith("$stageVariables.") && expression.length() > 16) {
            return new IdentitySource(expression, Kind.STAGE_VARIABLE, expression.substring(16));
        }
        throw new IllegalArgumentException("Unsupported identity source '" + expression + "': use $request.header.X, "
                + "$request.querystring.x, $stageVariables.x or $context." + CONTEXT_VARIABLES);
    }

    /** The value, or empty when the request does not carry it (an empty value counts as missing). */
    Optional<String> resolve(GatewayRequest request, String routeKey, String pathBelowStage, ApiSettings api) {
        String value = switch (kind) {
            case HEADER -> request.header(name);
            case QUERY -> request.queryParameters().get(name);
            case STAGE_VARIABLE -> api.stageVariables().get(name);
            case CONTEXT -> switch (name) {
                case "routeKey" -> routeKey;
                case "stage" -> api.stage();
                case "httpMethod" -> request.method();
                case "path" -> pathBelowStage;
                default -> request.sourceIp();
            };
        };
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }
}
