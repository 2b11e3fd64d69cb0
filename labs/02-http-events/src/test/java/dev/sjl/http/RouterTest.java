package dev.sjl.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.sjl.http.Fixtures.attempt;
import static dev.sjl.http.Fixtures.body;
import static dev.sjl.http.Fixtures.event;
import static dev.sjl.http.Fixtures.header;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Task 2: dispatch, 404 and 405")
class RouterTest {

    /** A route that answers which template served the request, and with which id. */
    private static Route answer(String template) {
        return request -> HttpResponses.json(200, Map.of("template", template,
                "id", request.path().startsWith("/users/") ? request.pathParam("id") : "-"));
    }

    /** {@code router.handle(event)}, where throwing is a failure of its own: every request gets a response. */
    private static APIGatewayV2HTTPResponse handle(Router router, APIGatewayV2HTTPEvent event) {
        return attempt("the router answers every request with a response, never an exception",
                () -> router.handle(event));
    }

    private static Router usersRouter() {
        return new Router()
                .route("GET", "/users", answer("/users"))
                .route("GET", "/users/{id}", answer("/users/{id}"))
                .route("PUT", "/users/{id}", answer("PUT /users/{id}"));
    }

    @Test
    @Tag("task:2")
    @DisplayName("Calls the route whose method and template match, with its path parameters")
    void callsTheMatchingRoute() {
        APIGatewayV2HTTPResponse response = handle(usersRouter(), event("get-user"));

        assertThat(response.getStatusCode()).as("GET /users/u-42 has a route: answer with it (a 500 here means the "
                + "route could not read its path parameters: call it with request.withPathParams(...))").isEqualTo(200);
        assertThat(body(response).get("template").asText())
                .as("GET /users/u-42 must reach GET /users/{id}, not GET /users nor PUT /users/{id}")
                .isEqualTo("/users/{id}");
        assertThat(body(response).get("id").asText())
                .as("the route reads {id} with request.pathParam(\"id\"): pass the matched parameters on")
                .isEqualTo("u-42");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Answers 404 not_found in the error shape when no template matches the path")
    void notFound() {
        APIGatewayV2HTTPResponse response = handle(usersRouter(), event("unknown-route"));

        assertThat(response.getStatusCode()).as("no template matches /orders/7: 404").isEqualTo(404);
        assertThat(header(response, "Content-Type")).as("errors are JSON too").startsWith("application/json");
        JsonNode error = body(response);
        assertThat(error.path("error").asText()).as("the error code for an unknown path").isEqualTo("not_found");
        assertThat(error.path("message").asText()).as("a sentence for a human").isNotBlank();
        assertThat(error.path("requestId").asText())
                .as("the requestId of a 404 is API Gateway's requestContext.requestId: use request.requestId()")
                .isEqualTo("Yx2Rkg7SjoEEMrA=");
    }

    // tag::test-405[]
    @Test
    @Tag("task:2")
    @DisplayName("Answers 405 with an Allow header when the path exists for other methods only")
    void methodNotAllowed() {
        APIGatewayV2HTTPResponse response = handle(usersRouter(), event("delete-user"));

        assertThat(response.getStatusCode())
                .as("/users/u-42 exists, DELETE does not: 405, not 404").isEqualTo(405);
        assertThat(body(response).path("error").asText()).as("the error code of a 405").isEqualTo("method_not_allowed");
        assertThat(body(response).path("requestId").asText())
                .as("the requestId of a 405 is request.requestId()").isEqualTo("Yx2RVh1cDoEEJ_A=");
        assertThat(header(response, "Allow"))
                .as("Allow lists the methods of every template that matches the path, comma-separated, "
                        + "and only those (GET /users does not match /users/u-42)")
                .isNotNull()
                .satisfies(allow -> assertThat(allow.split(",\\s*")).containsExactlyInAnyOrder("GET", "PUT"));
        assertThat(header(response, "Content-Type"))
                .as("add Allow to the error response's headers, keeping its Content-Type").startsWith("application/json");
    }
    // end::test-405[]

    @Test
    @Tag("task:2")
    @DisplayName("Lists each method once in Allow, even when several templates match the path")
    void allowListsEachMethodOnce() {
        Router router = new Router()
                .route("GET", "/users/{id}", answer("a"))
                .route("GET", "/users/{name}", answer("b"))
                .route("PATCH", "/users/{id}", answer("c"));

        APIGatewayV2HTTPResponse response = handle(router, event("delete-user"));

        assertThat(header(response, "Allow")).as("Allow names each method once, even when two templates match")
                .isNotNull()
                .satisfies(allow -> assertThat(allow.split(",\\s*")).containsExactlyInAnyOrder("GET", "PATCH"));
    }

    @Test
    @Tag("task:2")
    @DisplayName("Lists the methods in Allow in the order their routes were registered")
    void allowInRegistrationOrder() {
        Router router = new Router()
                .route("PATCH", "/users/{id}", answer("a"))
                .route("GET", "/users/{id}", answer("b"))
                .route("DELETE", "/users/{id}", answer("c"))
                .route("PATCH", "/users/{name}", answer("d"));
        APIGatewayV2HTTPEvent post = event("get-user");
        post.getRequestContext().getHttp().setMethod("POST");

        assertThat(header(handle(router, post), "Allow"))
                .as("Allow lists each method once, in registration order, so the same request always gets the same "
                        + "header (a HashSet's order or a sorted one is not that)")
                .isEqualTo("PATCH, GET, DELETE");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Prefers the template with more literal segments, whatever the registration order")
    void prefersTheMoreSpecificTemplate() {
        Router router = new Router()
                .route("GET", "/users/{id}", answer("/users/{id}"))
                .route("GET", "/users/me", request -> HttpResponses.json(200, Map.of("template", "/users/me")));
        APIGatewayV2HTTPEvent me = event("get-user");
        me.setRawPath("/users/me");

        assertThat(body(handle(router, me)).path("template").asText())
                .as("/users/me is more specific than /users/{id}: it must win even when registered second")
                .isEqualTo("/users/me");
        assertThat(body(handle(router, event("get-user"))).path("template").asText())
                .as("any other id still reaches /users/{id}")
                .isEqualTo("/users/{id}");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Keeps the first of two equally specific templates")
    void keepsTheFirstOfEquals() {
        Router router = new Router()
                .route("GET", "/users/{id}", answer("first"))
                .route("GET", "/users/{name}", request -> HttpResponses.json(200, Map.of("template", "second")));

        assertThat(body(handle(router, event("get-user"))).path("template").asText())
                .as("with equal specificity, registration order decides: the first route wins (replace the best only "
                        + "when a route has strictly more literal segments)")
                .isEqualTo("first");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Routes a request made through a named stage, whose rawPath starts with the stage")
    void routesThroughANamedStage() {
        APIGatewayV2HTTPResponse response = handle(usersRouter(), event("get-user-named-stage"));

        assertThat(response.getStatusCode())
                .as("rawPath is /dev/users/u-42 on stage 'dev': match request.path(), which drops the stage")
                .isEqualTo(200);
        assertThat(body(response).path("id").asText()).as("the stage is not the first segment of the path")
                .isEqualTo("u-42");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Matches the method whatever case the route was registered with")
    void methodsAreCaseInsensitiveAtRegistration() {
        Router router = new Router().route("get", "/users/{id}", answer("/users/{id}"));

        assertThat(handle(router, event("get-user")).getStatusCode())
                .as("route(\"get\", ...) registers GET: compare with request.method()")
                .isEqualTo(200);
        APIGatewayV2HTTPEvent lowerCase = event("get-user");
        lowerCase.getRequestContext().getHttp().setMethod("get");
        assertThat(handle(router, lowerCase).getStatusCode())
                .as("a hand-made event may say \"get\": compare with request.method(), which is upper case")
                .isEqualTo(200);
    }

    @Test
    @Tag("task:2")
    @DisplayName("Answers an event that is no HTTP request (a null payload, no method) with a 4xx, not an exception")
    void answersEventsThatAreNoRequests() {
        APIGatewayV2HTTPResponse none = handle(usersRouter(), null);

        assertThat(none.getStatusCode())
                .as("an Invoke whose payload is null has no method and no path: no route matches, 404").isEqualTo(404);
        assertThat(body(none).path("requestId").asText()).as("still a request id, made up for the occasion")
                .isNotBlank();
        APIGatewayV2HTTPEvent noContext = event("get-user");
        noContext.setRequestContext(null);
        assertThat(handle(usersRouter(), noContext).getStatusCode())
                .as("an event without requestContext has no method: the path exists, so 405").isEqualTo(405);
    }

    @Test
    @Tag("task:2")
    @DisplayName("Answers 404 and 405 without repeating the path or the method the client sent")
    void errorsDoNotEchoTheRequest() {
        APIGatewayV2HTTPEvent longMethod = event("get-user");
        longMethod.getRequestContext().getHttp().setMethod("X".repeat(10_000));
        APIGatewayV2HTTPResponse notAllowed = handle(usersRouter(), longMethod);

        assertThat(notAllowed.getStatusCode()).as("/users/u-42 has no route for that method: 405").isEqualTo(405);
        assertThat(notAllowed.getBody())
                .as("a 405 must not echo the method: a hand-made event can hold 10,000 characters there")
                .doesNotContain("XXXXXXXXXXXXXXXXXXXX").hasSizeLessThan(300);
        APIGatewayV2HTTPEvent longPath = event("unknown-route");
        longPath.setRawPath("/" + "p".repeat(10_000));
        assertThat(handle(usersRouter(), longPath).getBody())
                .as("a 404 must not echo the path either").doesNotContain("pppppppppppppppppppp").hasSizeLessThan(300);
    }
}
