package dev.sjl.localcloud.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * What API Gateway does between reading a request and writing the response, independent of the HTTP server:
 * CORS preflight, stage, route, authorizer, the 6 MB Lambda payload limit, the integration call under its timeout,
 * and the payload 2.0 response rules. Every refusal becomes one of API Gateway's own {@link GatewayError} answers.
 */
final class GatewayPipeline {

    /** Lambda's synchronous invocation limit, for the event and for the function's response alike. */
    static final int MAX_LAMBDA_PAYLOAD_BYTES = 6 * 1024 * 1024;

    private static final System.Logger LOG = System.getLogger(GatewayPipeline.class.getName());

    private final ApiSettings api;
    private final RouteTable routes;
    private final CorsConfiguration cors;
    private final Duration integrationTimeout;
    private final Clock clock;
    private final Invoker invoker;
    private final EventFactory events;
    private final ResponseMapper responses = new ResponseMapper();
    private final Throttles throttles;

    GatewayPipeline(ApiSettings api, RouteTable routes, CorsConfiguration cors, Duration integrationTimeout,
                    Clock clock, Invoker invoker) {
        this(api, routes, cors, integrationTimeout, clock, invoker, Throttles.none());
    }

    GatewayPipeline(ApiSettings api, RouteTable routes, CorsConfiguration cors, Duration integrationTimeout,
                    Clock clock, Invoker invoker, Throttles throttles) {
        this.throttles = throttles;
        this.api = api;
        this.routes = routes;
        this.cors = cors;
        this.integrationTimeout = integrationTimeout;
        this.clock = clock;
        this.invoker = invoker;
        this.events = new EventFactory(api);
    }

    ApiSettings api() {
        return api;
    }

    EventFactory events() {
        return events;
    }

    Instant now() {
        return clock.instant();
    }

    GatewayResponse handle(GatewayRequest request) {
        return handle(request, new RequestOutcome());
    }

    GatewayResponse handle(GatewayRequest request, RequestOutcome outcome) {
        if (cors != null && cors.isPreflight(request)) {
            return cors.preflight(request);
        }
        GatewayResponse response;
        try {
            response = process(request, outcome);
        } catch (RejectedRequest rejected) {
            outcome.errorMessage = rejected.error().message();
            response = rejected.response();
        }
        return cors == null ? response : cors.decorate(request, response);
    }

    /** A refusal decided before the request could be read in full (the 10 MB body limit). */
    GatewayResponse reject(GatewayRequest request, GatewayError error, RequestOutcome outcome) {
        outcome.errorMessage = error.message();
        GatewayResponse response = error.response(List.of());
        return cors == null ? response : cors.decorate(request, response);
    }

    // tag::pipeline[]
    private GatewayResponse process(GatewayRequest request, RequestOutcome outcome) throws RejectedRequest {
        String path = pathBelowStage(request.rawPath());
        RouteTable.Match match = routes.match(request.method(), path)
                .orElseThrow(() -> new RejectedRequest(GatewayError.NOT_FOUND));
        outcome.routeKey = match.route().key().text();
        throttles.admit(match.route().key());
        ObjectNode authorizer;
        try {
            authorizer = match.route().authorization().authorize(request, match, path, this);
        } catch (RejectedRequest refused) {
            outcome.authorizerError = refused.error().message();
            throw refused;
        }
        outcome.authorizer = authorizer;
        String event = write(events.integrationEvent(request, match.route().key().text(), match.pathParameters(),
                authorizer));
        if (exceeds(event, MAX_LAMBDA_PAYLOAD_BYTES)) {
            throw new RejectedRequest(GatewayError.REQUEST_TOO_LARGE);
        }
        NamedFunction function = match.route().integration().function();
        String output;
        long invokedAt = System.nanoTime();
        try {
            output = invoker.invoke(function, event, integrationTimeout);
            outcome.integrationLatencyMillis = (System.nanoTime() - invokedAt) / 1_000_000;
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "Integration {0} did not answer within {1} (request {2})",
                    function.name(), integrationTimeout, request.requestId());
            throw new RejectedRequest(GatewayError.SERVICE_UNAVAILABLE);
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING,
                    () -> "Integration " + function.name() + " failed (request " + request.requestId() + ")",
                    e.getCause());
            throw new RejectedRequest(GatewayError.INTERNAL_SERVER_ERROR);
        }
        if (exceeds(output, MAX_LAMBDA_PAYLOAD_BYTES)) {
            LOG.log(System.Logger.Level.WARNING, "Integration {0} returned more than Lambda's 6 MB (request {1})",
                    function.name(), request.requestId());
            throw new RejectedRequest(GatewayError.INTERNAL_SERVER_ERROR);
        }
        return responses.map(output, function.name());
    }
    // end::pipeline[]

    /** Calls a Lambda authorizer; whatever goes wrong (error, timeout, oversized answer) is API Gateway's 500. */
    String invokeAuthorizer(NamedFunction function, ObjectNode event, GatewayRequest request) throws RejectedRequest {
        try {
            String output = invoker.invoke(function, write(event), integrationTimeout);
            if (!exceeds(output, MAX_LAMBDA_PAYLOAD_BYTES)) {
                return output;
            }
            LOG.log(System.Logger.Level.WARNING, "Authorizer {0} returned more than 6 MB", function.name());
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "Authorizer {0} did not answer within {1} (request {2})",
                    function.name(), integrationTimeout, request.requestId());
        } catch (ExecutionException e) {
            LOG.log(System.Logger.Level.WARNING,
                    () -> "Authorizer " + function.name() + " failed (request " + request.requestId() + ")",
                    e.getCause());
        }
        throw new RejectedRequest(GatewayError.INTERNAL_SERVER_ERROR);
    }

    /** The path the routes see: "/prod/users/1" on stage "prod" is "/users/1"; outside the stage, no route. */
    private String pathBelowStage(String rawPath) throws RejectedRequest {
        if (api.isDefaultStage()) {
            return rawPath;
        }
        String prefix = "/" + api.stage();
        if (rawPath.equals(prefix)) {
            return "/";
        }
        if (rawPath.startsWith(prefix + "/")) {
            return rawPath.substring(prefix.length());
        }
        throw new RejectedRequest(GatewayError.NOT_FOUND);
    }

    private static String write(ObjectNode event) {
        try {
            return Json.MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("An event tree always serializes", e);
        }
    }

    /** UTF-8 size above {@code limit}; a string of n chars is at most 3n bytes, so short ones are not encoded. */
    private static boolean exceeds(String json, int limit) {
        return (long) json.length() * 3 > limit && json.getBytes(StandardCharsets.UTF_8).length > limit;
    }
}
