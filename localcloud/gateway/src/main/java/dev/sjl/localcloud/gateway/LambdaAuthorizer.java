package dev.sjl.localcloud.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * An HTTP API Lambda REQUEST authorizer, payload format 2.0 with simple responses: the gateway sends the authorizer
 * function the request (identity values, headers, query, route; never the body) and reads back
 * {@code {"isAuthorized": true|false, "context": {...}}}. Allowed: the context reaches the integration in
 * {@code requestContext.authorizer.lambda}. Denied: 403. A missing identity source: 401 without invoking anything.
 * An authorizer that fails or answers in another shape: 500.
 *
 * <p>Decisions are cached by the identity source values for {@link Builder#resultTtl} (300 s unless told
 * otherwise, as on AWS; zero disables). The cache belongs to the authorizer, not the route: a token allowed on one
 * route is allowed on every route sharing the authorizer until the entry expires, unless {@code $context.routeKey}
 * is one of the identity sources.
 */
public final class LambdaAuthorizer {

    private static final System.Logger LOG = System.getLogger(LambdaAuthorizer.class.getName());
    private static final Duration MAX_TTL = Duration.ofHours(1);

    /** Past this many entries, expired ones are swept out when a new decision is stored. */
    private static final int CACHE_SWEEP_THRESHOLD = 10_000;

    private record Decision(boolean allowed, ObjectNode context, Instant expiresAt) {
    }

    private final NamedFunction function;
    private final List<IdentitySource> identitySources;
    private final Duration resultTtl;
    private final Map<List<String>, Decision> cache = new ConcurrentHashMap<>();

    private LambdaAuthorizer(Builder builder) {
        this.function = builder.function;
        this.identitySources = builder.identitySources.stream().map(IdentitySource::parse).toList();
        this.resultTtl = builder.resultTtl;
    }

    public static Builder builder() {
        return new Builder();
    }

    // tag::lambda-authorize[]
    ObjectNode authorize(GatewayRequest request, RouteTable.Match match, String pathBelowStage,
                         GatewayPipeline gateway) throws RejectedRequest {
        String routeKey = match.route().key().text();
        List<String> identity = new ArrayList<>();
        for (IdentitySource source : identitySources) {
            identity.add(source.resolve(request, routeKey, pathBelowStage, gateway.api())
                    .orElseThrow(() -> new RejectedRequest(GatewayError.UNAUTHORIZED)));
        }
        Instant now = gateway.now();
        Decision decision = resultTtl.isZero() ? null : cache.get(identity);
        if (decision == null || !decision.expiresAt().isAfter(now)) {
            ObjectNode event = gateway.events().authorizerEvent(request, routeKey, match.pathParameters(),
                    pathBelowStage, identity);
            decision = decide(gateway.invokeAuthorizer(function, event, request), now);
            if (!resultTtl.isZero()) {
                if (cache.size() >= CACHE_SWEEP_THRESHOLD) {
                    cache.values().removeIf(cached -> !cached.expiresAt().isAfter(now));
                }
                cache.put(List.copyOf(identity), decision);
            }
        }
        if (!decision.allowed()) {
            throw new RejectedRequest(GatewayError.FORBIDDEN);
        }
        if (decision.context() == null) {
            return null;
        }
        ObjectNode authorizer = Json.MAPPER.createObjectNode();
        authorizer.set("lambda", decision.context().deepCopy());
        return authorizer;
    }
    // end::lambda-authorize[]

    private Decision decide(String output, Instant now) throws RejectedRequest {
        JsonNode answer;
        try {
            answer = Json.MAPPER.readTree(output);
        } catch (JsonProcessingException e) {
            answer = null;
        }
        JsonNode context = answer == null ? null : answer.get("context");
        if (answer == null || !answer.path("isAuthorized").isBoolean()
                || (context != null && !context.isNull() && !context.isObject())) {
            // The expected shape goes in as an argument: its braces would break the MessageFormat pattern.
            LOG.log(System.Logger.Level.WARNING, "Authorizer {0} did not answer {1} (simple response format)",
                    function.name(), "{\"isAuthorized\": true|false, \"context\": {...}}");
            throw new RejectedRequest(GatewayError.INTERNAL_SERVER_ERROR);
        }
        ObjectNode contextObject = context != null && context.isObject() ? (ObjectNode) context : null;
        return new Decision(answer.get("isAuthorized").booleanValue(), contextObject, now.plus(resultTtl));
    }

    /** Configures a Lambda authorizer: a function, where the identity is, and how long decisions are cached. */
    public static final class Builder {
        private NamedFunction function;
        private final List<String> identitySources = new ArrayList<>();
        private Duration resultTtl = Duration.ofSeconds(300);

        private Builder() {
        }

        /** An authorizer handler in this JVM, e.g. one returning {@code SimpleIAMPolicyResponse} or a Map. */
        public Builder handler(String functionName,
                               RequestHandler<APIGatewayV2CustomAuthorizerEvent, ?> handler) {
            this.function = new NamedFunction(functionName,
                    Functions.handler(APIGatewayV2CustomAuthorizerEvent.class, Objects.requireNonNull(handler, "handler")));
            return this;
        }

        /** An authorizer reached by its JSON payload only (for example a function in another process). */
        public Builder function(String functionName, Function<String, String> invoke) {
            this.function = NamedFunction.json(functionName, invoke);
            return this;
        }

        /** The authorizer function registered under {@code functionName} in the local cloud's registry. */
        public Builder registered(FunctionRegistry registry, String functionName) {
            this.function = NamedFunction.registered(registry, functionName);
            return this;
        }

        /** Selection expressions such as {@code $request.header.Authorization}; every one must be present. */
        public Builder identitySource(String... expressions) {
            for (String expression : expressions) {
                IdentitySource.parse(expression);
                identitySources.add(expression);
            }
            return this;
        }

        /** How long a decision is reused for the same identity values: 0 (no caching) to 1 hour; 300 s by default. */
        public Builder resultTtl(Duration ttl) {
            if (ttl.isNegative() || ttl.compareTo(MAX_TTL) > 0) {
                throw new IllegalArgumentException("resultTtl must be between 0 and 1 hour, like on AWS: " + ttl);
            }
            this.resultTtl = ttl;
            return this;
        }

        public LambdaAuthorizer build() {
            if (function == null) {
                throw new IllegalArgumentException("A Lambda authorizer needs a handler or a function");
            }
            if (!resultTtl.isZero() && identitySources.isEmpty()) {
                throw new IllegalArgumentException("Caching authorizer results needs at least one identity source "
                        + "(the cache key); add identitySource(...) or set resultTtl(Duration.ZERO)");
            }
            return new LambdaAuthorizer(this);
        }
    }
}
