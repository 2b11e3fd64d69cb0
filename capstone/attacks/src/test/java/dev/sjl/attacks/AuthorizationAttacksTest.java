package dev.sjl.attacks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alice, logged in, reaching for bob's data or for rights she was not given. The service's design leaves no id to
 * forge: every user route is {@code /users/me}, and who "me" is comes only from the gateway's verified claims.
 */
@ExtendWith(Target.class)
@DisplayName("Authorization attacks: IDOR, mass assignment, the admin list")
class AuthorizationAttacksTest {

    private static Target target;

    @BeforeAll
    static void setUp() {
        target = Target.get();
    }

    @Test
    @DisplayName("404 · IDOR by path: GET /users/{bob's id} is no route; there is no per-id user route to guess")
    void idorByPath() {
        Expect.gatewayRefusal(target.get("users/" + target.bob.sub(), target.alice.accessToken()), 404, "Not Found");
    }

    @Test
    @DisplayName("401 · IDOR through the internal route: alice's bearer token is not an API key")
    void idorThroughTheInternalRoute() {
        Expect.gatewayRefusal(target.get("internal/users/" + target.bob.sub(), target.alice.accessToken()), 401, "Unauthorized");
    }

    @Test
    @DisplayName("200 alice · IDOR by header and query: x-user-id, x-amzn-oidc-identity, ?userId= name bob, the answer is alice")
    void idorByHeaderAndQuery() {
        HttpResponse<String> response = target.send("GET", "users/me?userId=" + target.bob.sub() + "&sub=" + target.bob.sub(),
                null, List.of("authorization", "Bearer " + target.alice.accessToken(), "x-user-id", target.bob.sub(),
                        "x-amzn-oidc-identity", target.bob.sub(), "x-forwarded-user", target.bob.email()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode me = Target.json(response);
        assertThat(me.path("id").asText()).as("who the token says").isEqualTo(target.alice.sub());
        assertThat(me.path("email").asText()).isEqualTo(target.alice.email());
    }

    @Test
    @DisplayName("400 · IDOR by body: an avatar ticket naming bob's userId is refused as an unknown field")
    void idorByBody() {
        HttpResponse<String> response = target.post("users/me/avatar",
                Map.of("contentType", "image/png", "size", 100, "userId", target.bob.sub()), target.alice.accessToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        Expect.jsonObject(response);
        assertThat(response.body()).contains("userId").doesNotContain(target.bob.sub());
    }

    @ParameterizedTest(name = "400 · mass assignment on sign-up: \"{0}\" is an unknown field, never an attribute")
    @ValueSource(strings = {"groups", "cognito:groups", "email_verified", "userId", "sub", "version", "custom:role"})
    void massAssignmentOnSignUp(String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", Target.newEmail("mass"));
        body.put("password", Target.PASSWORD);
        body.put(field, field.contains("groups") ? List.of("admin") : field.equals("version") ? 99 : "true");
        HttpResponse<String> response = target.post("signup", body, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        Expect.jsonObject(response);
    }

    @ParameterizedTest(name = "404 · profile update {0} /users/me is not served: nothing a client sends can change a profile field")
    @ValueSource(strings = {"PUT", "PATCH", "POST"})
    void noProfileUpdateRoute(String method) {
        HttpResponse<String> response = target.send(method, "users/me",
                "{\"groups\":[\"admin\"],\"email_verified\":true,\"version\":99}",
                List.of("authorization", "Bearer " + target.alice.accessToken()));
        Expect.gatewayRefusal(response, 404, "Not Found");
        assertThat(Target.json(target.get("users/me", target.alice.accessToken())).path("groups").toString())
                .as("alice is still in no group").doesNotContain("admin");
    }

    @ParameterizedTest(name = "400 · mass assignment on the preferences update: \"{0}\" is an unknown field")
    @ValueSource(strings = {"userId", "sub", "groups", "email_verified", "phone"})
    void massAssignmentOnPreferences(String field) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", true);
        body.put("sms", false);
        body.put("version", 0);
        body.put(field, field.equals("groups") ? List.of("admin") : target.bob.sub());
        HttpResponse<String> response = target.send("PUT", "users/me/preferences", json(body),
                Target.bearer(target.alice.accessToken()));
        Expect.functionRefusal(response, 400, "invalid_preferences");
        assertThat(response.body()).as("the answer names the field, never bob's id").doesNotContain(target.bob.sub());
    }

    @Test
    @DisplayName("200 alice · IDOR on the preferences by header and query: bob's id named, alice's preferences answered")
    void preferencesIdorByHeaderAndQuery() {
        HttpResponse<String> bobs = target.send("PUT", "users/me/preferences", "{\"email\":false,\"sms\":true,\"version\":0}",
                Target.bearer(target.bob.accessToken()));
        assertThat(bobs.statusCode()).as("bob changes his own: %s", bobs.body()).isIn(200, 409);
        HttpResponse<String> response = target.send("GET", "users/me/preferences?userId=" + target.bob.sub(), null,
                List.of("authorization", "Bearer " + target.alice.accessToken(), "x-user-id", target.bob.sub()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Target.json(response).path("sms").asBoolean()).as("alice's own preferences (SMS off by default), "
                + "not bob's (SMS on)").isFalse();
    }

    private static String json(Map<String, Object> body) {
        try {
            return new ObjectMapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    @DisplayName("403 · the admin-only user list as a non-admin: forbidden by the function, from the verified groups claim")
    void adminListAsNonAdmin() {
        Expect.functionRefusal(target.get("users", target.alice.accessToken()), 403, "forbidden");
    }

    @Test
    @DisplayName("200 · control: the admin-only user list as the admin lists users, without secrets")
    void adminListAsAdmin() {
        HttpResponse<String> response = target.get("users", target.admin.accessToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Target.json(response).path("users").size()).isGreaterThanOrEqualTo(3);
        assertThat(response.body().toLowerCase()).doesNotContain("password").doesNotContain("token");
    }

    @Test
    @DisplayName("403 · the admin list with alice's ID token (it does carry her groups): no scope, refused at the gateway")
    void adminListWithIdToken() {
        Expect.gatewayRefusal(target.get("users", target.alice.idToken()), 403, "Forbidden");
    }
}
