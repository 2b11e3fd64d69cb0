package dev.sjl.localcloud.gateway;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stage's throttling: every route has its own token bucket, with the route's own limit when it has one and the
 * stage's default route limit otherwise (an HTTP API stage's {@code DefaultRouteSettings} apply to each route
 * separately, not to the stage as a whole). A route with neither is not throttled here.
 */
final class Throttles {

    private final Throttle stageDefault;
    private final Map<String, Throttle> perRoute;
    private final Clock clock;
    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

    Throttles(Throttle stageDefault, Map<String, Throttle> perRoute, Clock clock) {
        this.stageDefault = stageDefault;
        this.perRoute = Map.copyOf(perRoute);
        this.clock = clock;
    }

    static Throttles none() {
        return new Throttles(null, Map.of(), Clock.systemUTC());
    }

    /** Lets the request through, or refuses it with 429 before the authorizer and the function run. */
    void admit(RouteKey route) throws RejectedRequest {
        String key = route.text();
        Throttle limit = perRoute.getOrDefault(key, stageDefault);
        if (limit == null) {
            return;
        }
        if (!buckets.computeIfAbsent(key, k -> new TokenBucket(limit, clock)).tryTake()) {
            throw new RejectedRequest(GatewayError.TOO_MANY_REQUESTS);
        }
    }
}
