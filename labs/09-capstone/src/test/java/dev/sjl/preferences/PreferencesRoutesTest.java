package dev.sjl.preferences;

import dev.sjl.apigateway.ApiDefinition;
import dev.sjl.apigateway.UserApi;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.net.http.HttpResponse;
import java.util.List;

import static dev.sjl.preferences.Served.bearer;
import static org.assertj.core.api.Assertions.assertThat;

/** The routes as data, and what the gateway does with them before the function runs. */
@Tag("task:1")
@LocalCloudTest(services = {Service.COGNITO, Service.DYNAMODB})
class PreferencesRoutesTest {

    private static final String BODY = "{\"email\": false, \"sms\": true, \"version\": 0}";

    @Test
    @DisplayName("Defines GET and PUT /users/me/preferences on the preferences function, behind Cognito with the user scope")
    void definesTheRoutes() {
        ApiDefinition api = PreferencesApi.definition("https://issuer.example/pool", "client");

        for (String key : List.of(PreferencesApi.GET_PREFERENCES, PreferencesApi.PUT_PREFERENCES)) {
            assertThat(api.route(key)).as("the API has no route %s: add it to PreferencesApi.routes()", key).isPresent();
            ApiDefinition.Route route = api.route(key).orElseThrow();
            assertThat(route.function()).as("%s runs the function named %s", key, PreferencesApi.FUNCTION)
                    .isEqualTo(PreferencesApi.FUNCTION);
            assertThat(route.authorizer()).as("%s must be behind the COGNITO authorizer: a public route runs the "
                    + "function without a token", key).isEqualTo(UserApi.COGNITO);
            assertThat(route.scopes()).as("%s must require the user scope, or an ID token opens it", key)
                    .containsExactly(UserApi.USER_SCOPE);
        }
        assertThat(PreferencesApi.routes()).as("every route the gateway sends to the function is one its router "
                + "serves (else the function answers 404 to its own route)")
                .allSatisfy(route -> assertThat(PreferencesHandler.routeTable())
                        .anySatisfy(served -> assertThat(served.method() + " " + served.path())
                                .isEqualTo(route.routeKey())));
        assertThat(api.routes()).as("lab 05's routes stay in the API, the preferences routes come on top")
                .containsAll(UserApi.definition("https://issuer.example/pool", "client").routes());
    }

    @Test
    @DisplayName("Answers 401 to a request without a token or with a forged one, and never runs the function")
    void refusesWithoutAToken(CognitoIdentityProviderClient cognito, DynamoDbClient dynamo, LocalCloud cloud,
                              TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        String token = pool.user("ada@example.com").accessToken();
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "c2lnbmF0dXJl";
        try (Served served = new Served(pool, dynamo, Table.fresh(dynamo, resources))) {
            HttpResponse<String> noToken = served.put("/users/me/preferences", BODY);
            HttpResponse<String> forgedPut = served.put("/users/me/preferences", BODY, "Authorization", bearer(forged));
            HttpResponse<String> noTokenGet = served.get("/users/me/preferences");

            assertThat(served.invocations(PreferencesApi.FUNCTION)).as("the preferences function ran without a token "
                    + "(or with a forged one): both routes need the COGNITO authorizer, never PUBLIC").isZero();
            assertThat(List.of(noToken.statusCode(), forgedPut.statusCode(), noTokenGet.statusCode()))
                    .as("the gateway's 401 for no token, a forged one, and GET without a token (a 404 means a route "
                            + "is missing)").containsExactly(401, 401, 401);
        }
    }

    @Test
    @DisplayName("Answers 403 to an ID token and lets an access token through to the function on both routes")
    void requiresTheAccessTokenScope(CognitoIdentityProviderClient cognito, DynamoDbClient dynamo, LocalCloud cloud,
                                     TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        AuthenticationResultType tokens = pool.user("grace@example.com");
        try (Served served = new Served(pool, dynamo, Table.fresh(dynamo, resources))) {
            HttpResponse<String> idToken = served.put("/users/me/preferences", BODY,
                    "Authorization", bearer(tokens.idToken()));

            assertThat(idToken.statusCode()).as("an ID token opened PUT /users/me/preferences: require the scope only "
                    + "access tokens carry (%s); got %s", UserApi.USER_SCOPE, idToken.body()).isEqualTo(403);
            assertThat(served.invocations(PreferencesApi.FUNCTION)).as("an ID token must not run the function").isZero();

            served.get("/users/me/preferences", "Authorization", bearer(tokens.accessToken()));
            served.put("/users/me/preferences", BODY, "Authorization", bearer(tokens.accessToken()));
            assertThat(served.invocations(PreferencesApi.FUNCTION)).as("an access token reaches the preferences "
                    + "function on GET and on PUT /users/me/preferences (is a route missing, or on another function?)")
                    .isEqualTo(2);
        }
    }
}
