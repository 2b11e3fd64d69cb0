package dev.sjl.http.users;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sjl.http.Router;
import dev.sjl.lambda.Env;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.sjl.http.Fixtures.attempt;
import static dev.sjl.http.Fixtures.body;
import static dev.sjl.http.Fixtures.event;
import static dev.sjl.http.Fixtures.fromOrigin;
import static dev.sjl.http.Fixtures.header;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users API end to end: the given handler, through your router, request, errors and CORS. Each test is tagged with
 * the last task it needs: a route that throws needs task 4 (fromException) to become a response.
 */
@DisplayName("The users API through your router")
class UsersApiHandlerTest {

    private final UserDirectory users = new UserDirectory();
    private final UsersApiHandler handler = new UsersApiHandler(new Env(Map.of()), users);

    private APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        // The handler does not use the Lambda Context, so none is needed here.
        return attempt("the handler answers every request with a response, never an exception",
                () -> handler.handleRequest(event, null));
    }

    private static APIGatewayV2HTTPEvent getUser(String id) {
        APIGatewayV2HTTPEvent event = event("get-user");
        event.setRawPath("/users/" + id);
        return event;
    }

    private static APIGatewayV2HTTPEvent createUser(String json) {
        APIGatewayV2HTTPEvent event = event("create-user");
        event.setBody(json);
        return event;
    }

    @Test
    @Tag("task:2")
    @DisplayName("Serves GET /users/{id} with the stored user")
    void getsAUser() {
        UserDirectory.User ada = users.add("Ada Lovelace", "ada@example.com");

        APIGatewayV2HTTPResponse response = send(getUser(ada.id()));

        assertThat(response.getStatusCode()).as("the user exists: 200").isEqualTo(200);
        assertThat(body(response).path("email").asText()).as("the route's answer, unchanged").isEqualTo("ada@example.com");
        assertThat(body(response).path("id").asText()).as("the {id} of the path reached the route").isEqualTo(ada.id());
        assertThat(response.getHeaders()).as("JSON that holds client text is never sniffed into HTML by a browser")
                .containsEntry("X-Content-Type-Options", "nosniff");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Serves every route of its route table (the table the handbook prints)")
    void routeTableIsLive() {
        for (Router.RouteInfo route : UsersApiHandler.routeTable()) {
            APIGatewayV2HTTPEvent event = createUser("{\"name\":\"Grace Hopper\",\"email\":\"grace@example.com\"}");
            event.getRequestContext().getHttp().setMethod(route.method());
            event.setRawPath(route.path().replaceAll("\\{[^}]+}", "x"));

            APIGatewayV2HTTPResponse response = send(event);

            assertThat(body(response).path("error").asText())
                    .as("%s %s is in the route table, so the router must find it (got %d %s)", route.method(),
                            route.path(), response.getStatusCode(), response.getBody())
                    .isNotIn("not_found", "method_not_allowed");
        }
        assertThat(UsersApiHandler.routeTable()).extracting(Router.RouteInfo::path)
                .as("the table lists the user routes").contains("/health", "/users", "/users/{id}");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Answers DELETE /users/{id} with 405 and Allow: GET")
    void deleteIsNotAllowed() {
        APIGatewayV2HTTPResponse response = send(event("delete-user"));

        assertThat(response.getStatusCode()).as("/users/{id} has GET only: DELETE is a 405").isEqualTo(405);
        assertThat(header(response, "Allow")).as("Allow names the one method the path takes").isEqualTo("GET");
    }

    @Test
    @Tag("task:2")
    @DisplayName("Serves GET /users/ with one trailing slash as GET /users")
    void trailingSlash() {
        users.add("Ada Lovelace", "ada@example.com");
        APIGatewayV2HTTPEvent event = event("list-users");
        event.setRawPath("/users/");

        assertThat(send(event).getStatusCode()).as("/users/ is /users: one trailing slash is ignored").isEqualTo(200);
    }

    @Test
    @Tag("task:2")
    @DisplayName("Pages GET /users with the limit query parameter")
    void listsUsersWithALimit() {
        users.add("Ada Lovelace", "ada@example.com");
        users.add("Grace Hopper", "grace@example.com");
        users.add("Alan Turing", "alan@example.com");

        JsonNode page = body(send(event("list-users")));

        assertThat(page.path("users")).as("?limit=2 returns two users").hasSize(2);
        assertThat(page.path("users").get(0).path("email").asText()).as("ordered by email")
                .isEqualTo("ada@example.com");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Creates a user from a base64-encoded JSON body")
    void createsFromBase64() {
        APIGatewayV2HTTPResponse response = send(event("create-user-base64"));

        assertThat(response.getStatusCode()).as("the body decodes to a valid user: 201").isEqualTo(201);
        String id = body(response).path("id").asText();
        assertThat(header(response, "Location")).as("Location names the new user").isEqualTo("/users/" + id);
        assertThat(users.find(id)).as("the user is stored under the id the server chose").isPresent();
    }

    @Test
    @Tag("task:4")
    @DisplayName("Answers malformed JSON with 400 invalid_json and the request id")
    void malformedJson() {
        APIGatewayV2HTTPResponse response = send(event("create-user-malformed"));

        assertThat(response.getStatusCode()).as("json()'s HttpException becomes its 400").isEqualTo(400);
        assertThat(body(response).path("error").asText()).as("and keeps its code").isEqualTo("invalid_json");
        assertThat(body(response).path("requestId").asText()).as("with the event's request id")
                .isEqualTo("Yx2Sn0GljoEEJkQ=");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Refuses an id sent by the client and validates the fields")
    void validatesNewUsers() {
        APIGatewayV2HTTPResponse withId = send(createUser("{\"id\":\"admin\",\"name\":\"Eve\",\"email\":\"e@example.com\"}"));
        assertThat(withId.getStatusCode()).as("the client may not choose the id: an unknown field is a 400")
                .isEqualTo(400);
        assertThat(users.find("admin")).as("no user under the id the client chose").isEmpty();

        APIGatewayV2HTTPResponse noEmail = send(createUser("{\"name\":\"Eve\",\"email\":\"not-an-address\"}"));
        assertThat(noEmail.getStatusCode()).as("the route's HttpException becomes its 400").isEqualTo(400);
        assertThat(body(noEmail).path("error").asText()).as("and keeps its code").isEqualTo("invalid_request");
        assertThat(body(noEmail).path("message").asText()).as("and its message").contains("'email'");

        APIGatewayV2HTTPResponse noName = send(createUser("{\"name\":\"  \",\"email\":\"e@example.com\"}"));
        assertThat(body(noName).path("message").asText()).as("the route's message names the field").contains("'name'");
        assertThat(send(createUser("{\"email\":\"e@example.com\"}")).getStatusCode()).as("no name: 400").isEqualTo(400);
        assertThat(send(createUser("{\"name\":\"" + "n".repeat(101) + "\",\"email\":\"e@example.com\"}"))
                .getStatusCode()).as("a name longer than 100 characters is refused").isEqualTo(400);
        assertThat(send(createUser("{\"name\":\"Eve\"}")).getStatusCode()).as("no email: 400").isEqualTo(400);
        assertThat(send(createUser("{\"name\":\"Eve\",\"email\":\"e@" + "x".repeat(249) + ".com\"}"))
                .getStatusCode()).as("an address longer than 254 characters is refused").isEqualTo(400);
        assertThat(send(createUser("{\"name\":\"Eve\",\"email\":\"e@" + "x".repeat(248) + ".com\"}"))
                .getStatusCode()).as("an address of exactly 254 characters is fine").isEqualTo(201);
        assertThat(send(createUser("{\"name\":\"" + "n".repeat(100) + "\",\"email\":\" e@example.com \"}"))
                .getStatusCode()).as("100 characters is fine, and surrounding spaces are trimmed").isEqualTo(201);
    }

    @Test
    @Tag("task:4")
    @DisplayName("Refuses control and invisible characters in a name or an email, and counts what the limits count")
    void refusesInvisibleCharacters() {
        for (String name : List.of("Eve\\u0000", "Eve\\nINFO forged log line", "Ev\\u200be", "\\u202eevE", "Eve\\ud800")) {
            assertThat(send(createUser("{\"name\":\"" + name + "\",\"email\":\"e@example.com\"}")).getStatusCode())
                    .as("the name %s (JSON-escaped) has a control, format or lone surrogate character: 400", name)
                    .isEqualTo(400);
        }
        assertThat(send(createUser("{\"name\":\"Eve\",\"email\":\"e@example.com\\u200b\"}")).getStatusCode())
                .as("an email with a zero-width space would look like e@example.com: 400").isEqualTo(400);
        assertThat(users.list(100)).as("nothing refused was stored").isEmpty();

        String accents = "\u00e9".repeat(100);
        assertThat(send(createUser("{\"name\":\"" + accents + "\",\"email\":\"e@example.com\"}")).getStatusCode())
                .as("a name of 100 accented letters is 100 characters: 201").isEqualTo(201);
        String local = "\u00e9".repeat(60);
        assertThat(send(createUser("{\"name\":\"Eve\",\"email\":\"" + local + "@" + "x".repeat(130) + ".com\"}"))
                .getStatusCode()).as("an address of 195 characters but 255 bytes of UTF-8 is over SMTP's 254 bytes")
                .isEqualTo(400);
    }

    @Test
    @Tag("task:4")
    @DisplayName("Answers an unknown user id with 404 user_not_found")
    void unknownUser() {
        APIGatewayV2HTTPResponse response = send(getUser("nobody"));

        assertThat(response.getStatusCode()).as("the route's HttpException becomes its 404").isEqualTo(404);
        assertThat(body(response).path("error").asText())
                .as("the route's HttpException, not the router's not_found").isEqualTo("user_not_found");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Answers a second sign-up with the same email with 409 email_taken")
    void duplicateEmail() {
        users.add("Ada Lovelace", "ada@example.com");

        APIGatewayV2HTTPResponse response = send(createUser("{\"name\":\"Ada\",\"email\":\"ADA@example.com\"}"));

        assertThat(response.getStatusCode()).as("emails are unique, whatever their case").isEqualTo(409);
        assertThat(body(response).path("error").asText()).as("the directory's HttpException keeps its code")
                .isEqualTo("email_taken");
    }

    @Test
    @Tag("task:4")
    @DisplayName("Answers a bad limit with 400 invalid_query")
    void badLimit() {
        for (String limit : new String[] {"0", "101", "ten"}) {
            APIGatewayV2HTTPEvent event = event("list-users");
            event.setQueryStringParameters(Map.of("limit", limit));

            APIGatewayV2HTTPResponse response = send(event);

            assertThat(response.getStatusCode()).as("limit=%s is refused", limit).isEqualTo(400);
            assertThat(body(response).path("error").asText()).as("the route's HttpException keeps its code")
                    .isEqualTo("invalid_query");
        }
        for (String limit : new String[] {"1", "100"}) {
            APIGatewayV2HTTPEvent event = event("list-users");
            event.setQueryStringParameters(Map.of("limit", limit));
            assertThat(send(event).getStatusCode()).as("limit=%s is a valid page size (1 to 100)", limit)
                    .isEqualTo(200);
        }
    }

    @Test
    @Tag("task:5")
    @DisplayName("Takes its CORS policy from the CORS_* environment variables")
    void corsFromEnvironment() {
        UsersApiHandler configured = new UsersApiHandler(new Env(Map.of(
                "CORS_ALLOWED_ORIGINS", "https://admin.example.com, ,https://app.example.com",
                "CORS_MAX_AGE", "PT1H")), new UserDirectory());

        APIGatewayV2HTTPResponse preflight = attempt("the handler answers a preflight",
                () -> configured.handleRequest(event("preflight"), null));

        assertThat(preflight.getStatusCode()).as("a preflight is answered 204").isEqualTo(204);
        assertThat(header(preflight, "Access-Control-Allow-Origin")).as("an allowed origin's preflight")
                .isEqualTo("https://app.example.com");
        assertThat(header(preflight, "Access-Control-Max-Age")).as("PT1H is 3600 seconds").isEqualTo("3600");
        assertThat(header(preflight, "Access-Control-Allow-Methods")).as("the policy's methods, comma-separated")
                .isEqualTo("GET, POST");
        assertThat(header(preflight, "Access-Control-Allow-Headers")).as("the policy's headers, comma-separated")
                .isEqualTo("content-type, authorization");

        APIGatewayV2HTTPEvent noOrigin = event("preflight");
        noOrigin.getHeaders().remove("origin");
        assertThat(header(attempt("the handler answers a preflight without Origin",
                () -> configured.handleRequest(noOrigin, null)), "Access-Control-Allow-Origin"))
                .as("an empty entry in the list (\", ,\") must not allow a request without Origin").isNull();

        APIGatewayV2HTTPResponse missing = attempt("the handler answers an allowed origin's request",
                () -> configured.handleRequest(fromOrigin(getUser("nobody"), "https://app.example.com"), null));
        assertThat(missing.getStatusCode()).as("the route's 404").isEqualTo(404);
        assertThat(header(missing, "Access-Control-Allow-Origin"))
                .as("an error to an allowed origin carries the CORS header too").isEqualTo("https://app.example.com");
    }

    @Test
    @Tag("task:5")
    @DisplayName("Sends no CORS headers when CORS_ALLOWED_ORIGINS is unset")
    void noCorsByDefault() {
        APIGatewayV2HTTPResponse preflight = send(event("preflight"));

        assertThat(preflight.getStatusCode()).as("a preflight is answered 204, allowed or not").isEqualTo(204);
        assertThat(header(preflight, "Access-Control-Allow-Origin"))
                .as("no origin is allowed when CORS_ALLOWED_ORIGINS is unset").isNull();
    }
}
