package dev.sjl.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Routes the events of an HTTP API whose single route {@code ANY /{proxy+}} sends every request to one Lambda.
 * Build it once per container (in the handler's constructor), then call {@link #handle} for each event.
 *
 * <p>Every request gets a deliberate answer: the route's, a 404 when no path matches, a 405 with {@code Allow}
 * when the path exists for other methods, the {@link HttpException} a route threw, or a 500 that names only the
 * request id.
 */
public final class Router {

    /** A route as the documentation lists it: method, path template, who may call it. */
    public record RouteInfo(String method, String path, String access) {
    }

    private record Registered(String method, PathTemplate template, String access, Route route) {
    }

    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    private final List<Registered> routes = new ArrayList<>();
    private final CorsPolicy cors;

    /** A router for callers that are not browsers on another origin: no CORS headers, ever. */
    public Router() {
        this(CorsPolicy.none());
    }

    public Router(CorsPolicy cors) {
        this.cors = cors;
    }

    /** A public route, e.g. {@code route("GET", "/users/{id}", this::getUser)}. */
    public Router route(String method, String pathTemplate, Route route) {
        return route(method, pathTemplate, "public", route);
    }

    /** A route with a label for the docs saying who may call it ("JWT", "JWT, admin group"); it enforces nothing. */
    public Router route(String method, String pathTemplate, String access, Route route) {
        routes.add(new Registered(method.toUpperCase(Locale.ROOT), PathTemplate.parse(pathTemplate), access, route));
        return this;
    }

    /** The route table, in registration order: what the handbook prints. */
    public List<RouteInfo> routes() {
        return routes.stream().map(r -> new RouteInfo(r.method(), r.template().template(), r.access())).toList();
    }

    // tag::handle[]
    public APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event) {
        HttpRequest request = new HttpRequest(event);
        APIGatewayV2HTTPResponse response;
        if (cors.isPreflight(request)) {
            response = cors.preflight(request);
        } else {
            response = dispatch(request);
            // Only browsers send Origin; a call from a server or a phone app needs no CORS headers.
            if (request.header("Origin").isPresent()) {
                response = cors.decorate(request, response);
            }
        }
        logClientError(request, response);
        return response;
    }

    /**
     * One line for each client error, without a stack trace: a 4xx is the client's mistake, worth counting and
     * searching by request id, not an incident. A 5xx was logged with its stack trace where it was caught.
     * Nothing the client wrote goes into the line (the request id was checked by {@link HttpRequest}).
     */
    private static void logClientError(HttpRequest request, APIGatewayV2HTTPResponse response) {
        int status = response.getStatusCode();
        if (status >= 400 && status < 500) {
            LOG.log(System.Logger.Level.INFO, "Request " + request.requestId() + " answered " + status);
        }
    }
    // end::handle[]

    // tag::dispatch[]
    /**
     * Finds the route for the request's method and path. When several templates match the path, the one with more
     * literal segments wins ({@code /users/me} before {@code /users/{id}}), whatever the registration order.
     */
    private APIGatewayV2HTTPResponse dispatch(HttpRequest request) {
        // TODO: try every registered route's template on request.path() (not the raw path: it may hold the stage).
        //  Among the routes whose template matches and whose method is request.method(), the one with the most
        //  literalSegments() wins, the first registered on a tie: call it through invoke(...) with
        //  request.withPathParams(...). No template matches: 404 "not_found". Templates match but no method does:
        //  405 "method_not_allowed" with an Allow header naming each of their methods once, in registration order.
        //  Errors are HttpResponses.error(...) with request.requestId(), and never repeat what the client sent.
        throw new UnsupportedOperationException("Task 2: dispatch to the matching route, or answer 404 or 405 with Allow");
    }
    // end::dispatch[]

    /** Runs the matched route; whatever it throws becomes a response (task 4 writes that part). */
    private static APIGatewayV2HTTPResponse invoke(Route route, HttpRequest request) {
        try {
            return route.handle(request);
        } catch (Exception e) {
            return HttpResponses.fromException(e, request.requestId());
        }
    }
}
