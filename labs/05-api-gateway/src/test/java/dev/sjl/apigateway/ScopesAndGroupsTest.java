package dev.sjl.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

import java.net.http.HttpResponse;

import static dev.sjl.apigateway.Served.bearer;
import static dev.sjl.apigateway.Served.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Route scopes at the gateway (access tokens only) and the admin group in the function. */
@Tag("task:3")
@LocalCloudTest(services = Service.COGNITO)
class ScopesAndGroupsTest {

    @Test
    @DisplayName("Answers 403 insufficient_scope to an ID token on a user route, before the function runs")
    void idTokenIsRefused(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        pool.admin("grace@example.com");
        String idToken = pool.login("grace@example.com").idToken();
        try (Served served = Served.start(pool)) {
            HttpResponse<String> me = served.get("/users/me", "Authorization", bearer(idToken));
            HttpResponse<String> users = served.get("/users", "Authorization", bearer(idToken));

            assertThat(me.statusCode()).as("an ID token (aud = the app client, no scope) passed the JWT authorizer: "
                    + "require userScopes() on the user routes so only access tokens open them").isEqualTo(403);
            assertThat(me.headers().firstValue("www-authenticate").orElse(""))
                    .as("the gateway says why: insufficient_scope").contains("insufficient_scope");
            assertThat(users.statusCode()).as("GET /users with an ID token").isEqualTo(403);
            assertThat(served.invocations(UserApi.ME_FUNCTION) + served.invocations(UserApi.USERS_FUNCTION))
                    .as("a scope refusal happens at the gateway: no function runs").isZero();
        }
    }

    @Test
    @DisplayName("Requires the access tokens' scope on GET /users/me and GET /users, and none on public routes")
    void routesRequireTheUserScope(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        ApiDefinition definition = UserApi.definition(pool.issuer(), pool.clientId());
        assertThat(definition.route(UserApi.ME).orElseThrow().scopes()).as("an ID token must not open GET /users/me")
                .containsExactly(UserApi.USER_SCOPE);
        assertThat(definition.route(UserApi.USERS).orElseThrow().scopes()).as("an ID token must not open GET /users")
                .containsExactly(UserApi.USER_SCOPE);
        assertThat(definition.route(UserApi.LOGIN).orElseThrow().scopes()).isEmpty();
    }

    @Test
    @DisplayName("GET /users answers 403 forbidden to a user outside the admin group, and the list to an admin")
    void usersIsForAdminsOnly(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        pool.user("ada@example.com");
        pool.admin("grace@example.com");
        String user = pool.login("ada@example.com").accessToken();
        String admin = pool.login("grace@example.com").accessToken();
        try (Served served = Served.start(pool)) {
            HttpResponse<String> refused = served.get("/users", "Authorization", bearer(user));
            assertThat(refused.statusCode()).as("a user outside the admin group listed every user: check "
                    + "cognito:groups (verified by the gateway) for admin; body %s", refused.body()).isEqualTo(403);
            assertThat(json(refused).path("error").asText()).isEqualTo("forbidden");

            HttpResponse<String> listed = served.get("/users", "Authorization", bearer(admin));
            assertThat(listed.statusCode()).as("an admin lists the users; body %s", listed.body()).isEqualTo(200);
            JsonNode users = json(listed).path("users");
            assertThat(users).hasSize(2);
            assertThat(users.findValuesAsText("email")).containsExactlyInAnyOrder("ada@example.com", "grace@example.com");
            assertThat(listed.body()).as("a listing never carries a password or a token")
                    .doesNotContain(Pool.PASSWORD).doesNotContain("Token");
        }
    }
}
