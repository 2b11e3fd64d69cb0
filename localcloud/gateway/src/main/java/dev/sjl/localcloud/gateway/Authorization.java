package dev.sjl.localcloud.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** What a route requires before its integration is invoked: nothing, a valid JWT (with scopes), or a Lambda's yes. */
public final class Authorization {

    private static final Authorization NONE = new Authorization(null, Set.of(), null);
    private static final int MAX_SCOPES_PER_ROUTE = 10;

    private final JwtAuthorizer jwt;
    private final Set<String> scopes;
    private final LambdaAuthorizer lambda;

    private Authorization(JwtAuthorizer jwt, Set<String> scopes, LambdaAuthorizer lambda) {
        this.jwt = jwt;
        this.scopes = scopes;
        this.lambda = lambda;
    }

    /** A public route. */
    public static Authorization none() {
        return NONE;
    }

    /** A JWT route; with scopes, the token must carry at least one of them (up to 10, as on AWS). */
    public static Authorization jwt(JwtAuthorizer authorizer, String... scopes) {
        Set<String> required = new LinkedHashSet<>(List.of(scopes));
        if (required.size() > MAX_SCOPES_PER_ROUTE) {
            throw new IllegalArgumentException("A route takes at most " + MAX_SCOPES_PER_ROUTE + " scopes");
        }
        return new Authorization(Objects.requireNonNull(authorizer, "authorizer"), Set.copyOf(required), null);
    }

    /** A route guarded by a Lambda REQUEST authorizer. */
    public static Authorization lambda(LambdaAuthorizer authorizer) {
        return new Authorization(null, Set.of(), Objects.requireNonNull(authorizer, "authorizer"));
    }

    /** The event's {@code requestContext.authorizer}, null for a public route, or the gateway's refusal. */
    ObjectNode authorize(GatewayRequest request, RouteTable.Match match, String pathBelowStage,
                         GatewayPipeline gateway) throws RejectedRequest {
        if (jwt != null) {
            return jwt.authorize(request, match, pathBelowStage, gateway.api(), scopes, gateway.now());
        }
        if (lambda != null) {
            return lambda.authorize(request, match, pathBelowStage, gateway);
        }
        return null;
    }
}
