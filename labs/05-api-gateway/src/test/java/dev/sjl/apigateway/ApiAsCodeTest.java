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
import java.util.List;

import static dev.sjl.apigateway.Served.bearer;
import static dev.sjl.apigateway.Served.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API as code, served on the local gateway: the routes go to their functions, the gateway verifies Cognito's
 * tokens, and a request it refuses never reaches a function (the function registry counts every invocation).
 */
@Tag("task:1")
@LocalCloudTest(services = Service.COGNITO)
class ApiAsCodeTest {

    private static final String NOT_FOUND = "{\"message\":\"Not Found\"}";

    @Test
    @DisplayName("Logs in through the gateway: the account routes reach lab 04's function, real tokens come back")
    void accountRoutesReachTheAccountsFunction(CognitoIdentityProviderClient cognito, LocalCloud cloud,
                                               TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        pool.user("ada@example.com");
        try (Served served = Served.start(pool)) {
            HttpResponse<String> login = served.post("/login",
                    "{\"email\":\"ada@example.com\",\"password\":\"" + Pool.PASSWORD + "\"}");

            assertThat(login.statusCode()).as("POST /login is a public route to ACCOUNTS_FUNCTION; body %s",
                    login.body()).isEqualTo(200);
            assertThat(json(login).path("accessToken").asText()).isNotEmpty();
            assertThat(served.invocations(UserApi.ACCOUNTS_FUNCTION)).as("one request, one invocation").isEqualTo(1);
        }
    }

    @Test
    @DisplayName("Answers 404 {\"message\":\"Not Found\"} for a path no route names, without invoking anything")
    void noCatchAllRoute(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        try (Served served = Served.start(pool)) {
            for (String path : List.of("/admin", "/users/me/extra", "/logins")) {
                HttpResponse<String> response = served.get(path);
                assertThat(response.statusCode()).as("GET %s: no route names it, so the gateway answers 404", path)
                        .isEqualTo(404);
                assertThat(response.body()).as("GET %s must be the gateway's own 404, not a function's: no catch-all "
                        + "route (ANY /{proxy+})", path).isEqualTo(NOT_FOUND);
            }
            assertThat(served.functions.list().stream().mapToInt(f -> served.invocations(f.name())).sum())
                    .as("a catch-all route (ANY /{proxy+}) sends every unknown path to a function: there is none")
                    .isZero();
        }
    }

    @Test
    @DisplayName("Answers 401 before any function runs: no token, a forged one, another app client's, an expired-looking one")
    void refusesBadTokensBeforeTheFunction(CognitoIdentityProviderClient cognito, LocalCloud cloud,
                                           TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        pool.user("ada@example.com");
        String otherClientsToken = pool.login("ada@example.com", pool.otherClient()).accessToken();
        String token = pool.login("ada@example.com").accessToken();
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        try (Served served = Served.start(pool)) {
            assertUnauthorized(served.get("/users/me"), "no Authorization header");
            assertUnauthorized(served.get("/users/me", "Authorization", "Bearer"), "an empty bearer token");
            assertUnauthorized(served.get("/users/me", "Authorization", bearer(forged)), "a token whose signature is not the pool's");
            assertUnauthorized(served.get("/users/me", "Authorization", bearer(otherClientsToken)),
                    "a token of another app client of the same pool: the audience is this app client only");
            assertUnauthorized(served.get("/users", "Authorization", bearer(otherClientsToken)),
                    "GET /users with another app client's token");

            assertThat(served.invocations(UserApi.ME_FUNCTION) + served.invocations(UserApi.USERS_FUNCTION))
                    .as("a protected route (ME, USERS) is behind the COGNITO authorizer, so a refused request never "
                            + "invokes its function; a public route would have run it")
                    .isZero();
        }
    }

    @Test
    @DisplayName("Sends a valid access token through to the route's own function, with the claims the gateway verified")
    void validTokenReachesTheRoutesFunction(CognitoIdentityProviderClient cognito, LocalCloud cloud,
                                            TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        pool.user("ada@example.com");
        String token = pool.login("ada@example.com").accessToken();
        try (Served served = Served.start(pool)) {
            HttpResponse<String> response = served.get("/users/me", "Authorization", bearer(token));

            assertThat(response.statusCode()).as("the authorizer must accept a valid access token of this pool and "
                    + "app client (check the issuer: exactly the pool's); body %s", response.body()).isNotIn(401, 403, 404);
            assertThat(served.invocations(UserApi.ME_FUNCTION)).as("GET /users/me runs ME_FUNCTION, once").isEqualTo(1);
            JsonNode claims = served.lastEvent(UserApi.ME_FUNCTION).path("requestContext").path("authorizer")
                    .path("jwt").path("claims");
            assertThat(claims.path("client_id").asText()).as("the gateway passes the verified claims on")
                    .isEqualTo(pool.clientId());
        }
    }

    @Test
    @DisplayName("Defines each route once, as data: account routes public on one function, user routes on COGNITO, the internal route on API_KEY")
    void definitionIsData(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        ApiDefinition definition = UserApi.definition(pool.issuer(), pool.clientId());

        for (String account : List.of(UserApi.SIGNUP, UserApi.CONFIRM, UserApi.LOGIN, UserApi.REFRESH, UserApi.LOGOUT)) {
            assertThat(definition.route(account)).as("route %s", account).hasValueSatisfying(route -> {
                assertThat(route.function()).isEqualTo(UserApi.ACCOUNTS_FUNCTION);
                assertThat(route.authorizer()).isEqualTo(ApiDefinition.PUBLIC);
            });
        }
        assertThat(definition.route(UserApi.ME)).hasValueSatisfying(route -> {
            assertThat(route.function()).isEqualTo(UserApi.ME_FUNCTION);
            assertThat(route.authorizer()).as("GET /users/me must not be public").isEqualTo(UserApi.COGNITO);
        });
        assertThat(definition.route(UserApi.USERS)).hasValueSatisfying(route -> {
            assertThat(route.function()).isEqualTo(UserApi.USERS_FUNCTION);
            assertThat(route.authorizer()).as("GET /users must not be public").isEqualTo(UserApi.COGNITO);
        });
        assertThat(definition.route(UserApi.INTERNAL_USER)).hasValueSatisfying(route -> {
            assertThat(route.function()).isEqualTo(UserApi.INTERNAL_USERS_FUNCTION);
            assertThat(route.authorizer()).isEqualTo(UserApi.API_KEY);
        });
        assertThat(definition.routes()).as("eight routes, each once").hasSize(8)
                .extracting(ApiDefinition.Route::routeKey).doesNotHaveDuplicates();
        assertThat(definition.jwt().issuer()).as("the issuer is exactly the pool's").isEqualTo(pool.issuer());
        assertThat(definition.jwt().audience()).as("the audience is this app client only").containsExactly(pool.clientId());
        assertThat(definition.jwt().name()).isEqualTo(UserApi.COGNITO);
    }

    private static void assertUnauthorized(HttpResponse<String> response, String why) {
        assertThat(response.statusCode()).as("%s: the gateway answers 401 itself (the route must be behind the "
                + "COGNITO authorizer, not public); body %s", why, response.body()).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
    }
}
