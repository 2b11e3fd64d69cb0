package dev.sjl.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

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
        APIGatewayV2HTTPResponse response = usersRouter().handle(event("get-user"));

        assertThat(response.getStatusCode()).as("GET /users/u-42 has a route: answer with it").isEqualTo(200);
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
        APIGatewayV2HTTPResponse response = usersRouter().handle(event("unknown-route"));

        assertThat(response.getStatusCode()).as("no template matches /orders/7: 404").isEqualTo(404);
        assertThat(header(response, "Content-Type")).as("errors are JSON too").startsWith("application/json");
        JsonNode error = body(response);
        assertThat(error.path("error").asText()).as("the error code for an unknown path").isEqualTo("not_found");
        assertThat(error.path("message").asText()).as("a sentence for a human").isNotBlank();
        assertThat(error.path("requestId").asText())
                .as("the correlation id is API Gateway's requestContext.requestId")
                .isEqualTo("Yx2Rkg7SjoEEMrA=");
    }

    // tag::test-405[]
    @Test
    @Tag("task:2")
    @DisplayName("Answers 405 with an Allow header when the path exists for other methods only")
    void methodNotAllowed() {
        APIGatewayV2HTTPResponse response = usersRouter().handle(event("delete-user"));

        assertThat(response.getStatusCode())
                .as("/users/u-42 exists, DELETE does not: 405, not 404").isEqualTo(405);
        assertThat(body(response).path("error").asText()).isEqualTo("method_not_allowed");
        assertThat(body(response).path("requestId").asText()).isEqualTo("Yx2RVh1cDoEEJ_A=");
        assertThat(header(response, "Allow"))
                .as("Allow lists the methods of every template that matches the path, comma-separated, "
                        + "and only those (GET /users does not match /users/u-42)")
                .isNotNull()
                .satisfies(allow -> assertThat(allow.split(",\\s*")).containsExactlyInAnyOrder("GET", "PUT"));
        assertThat(header(response, "Content-Type")).startsWith("application/json");
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

        APIGatewayV2HTTPResponse response = router.handle(event("delete-user"));

        assertThat(header(response, "Allow")).as("no duplicates in Allow")
                .isNotNull()
                .satisfies(allow -> assertThat(allow.split(",\\s*")).containsExactlyInAnyOrder("GET", "PATCH"));
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

        assertThat(body(router.handle(me)).path("template").asText())
                .as("/users/me is more specific than /users/{id}: it must win even when registered second")
                .isEqualTo("/users/me");
        assertThat(body(router.handle(event("get-user"))).path("template").asText())
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

        assertThat(body(router.handle(event("get-user"))).path("template").asText())
                .as("with equal specificity, registration order decides: the first route wins")
                .isEqualTo("first");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Routes a request made through a named stage, whose rawPath starts with the stage")
    void routesThroughANamedStage() {
        APIGatewayV2HTTPResponse response = usersRouter().handle(event("get-user-named-stage"));

        assertThat(response.getStatusCode())
                .as("rawPath is /dev/users/u-42 on stage 'dev': match request.path(), which drops the stage")
                .isEqualTo(200);
        assertThat(body(response).path("id").asText()).isEqualTo("u-42");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Matches the method whatever case the route was registered with")
    void methodsAreCaseInsensitiveAtRegistration() {
        Router router = new Router().route("get", "/users/{id}", answer("/users/{id}"));

        assertThat(router.handle(event("get-user")).getStatusCode())
                .as("route(\"get\", ...) registers GET: compare with request.method()")
                .isEqualTo(200);
    }
}
