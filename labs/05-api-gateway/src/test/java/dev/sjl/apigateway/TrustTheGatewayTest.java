package dev.sjl.apigateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.functions.Invocation;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

import java.net.http.HttpResponse;
import java.util.Map;

import static dev.sjl.apigateway.Served.bearer;
import static dev.sjl.apigateway.Served.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The functions behind the JWT authorizer read the caller from {@code requestContext.authorizer.jwt.claims} and from
 * nowhere else, and refuse an event that did not come through the authorizer.
 */
@Tag("task:2")
@LocalCloudTest(services = Service.COGNITO)
class TrustTheGatewayTest {

    @Test
    @DisplayName("GET /users/me answers the verified caller: sub, the email claim and the groups")
    void answersTheVerifiedCaller(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        pool.admin("grace@example.com");
        String token = pool.login("grace@example.com").accessToken();
        try (Served served = Served.start(pool)) {
            HttpResponse<String> me = served.get("/users/me", "Authorization", bearer(token));

            assertThat(me.statusCode()).as("a verified caller gets 200; body %s", me.body()).isEqualTo(200);
            String sub = served.lastEvent(UserApi.ME_FUNCTION).path("requestContext").path("authorizer").path("jwt")
                    .path("claims").path("sub").asText();
            JsonNode body = json(me);
            assertThat(body.path("id").asText()).as("the id is the verified sub claim").isEqualTo(sub);
            assertThat(body.path("email").asText()).isEqualTo("grace@example.com");
            assertThat(body.path("groups")).as("cognito:groups arrives as the text \"[admin]\": read it as a list")
                    .hasSize(1);
            assertThat(body.path("groups").get(0).asText()).as("cognito:groups: the group is admin, without brackets")
                    .isEqualTo("admin");
        }
    }

    @Test
    @DisplayName("Ignores a user id the client sends in a header, the query or the body: only the verified claims count")
    void ignoresClientSuppliedIdentity(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        pool.user("ada@example.com");
        String token = pool.login("ada@example.com").accessToken();
        try (Served served = Served.start(pool)) {
            HttpResponse<String> me = served.get("/users/me?userId=victim", "Authorization", bearer(token),
                    "x-user-id", "victim", "x-amzn-oidc-identity", "victim");

            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(json(me).path("id").asText()).as("the caller came from a header the client wrote (x-user-id): "
                    + "anyone can send any header; read the sub claim the gateway verified").isNotEqualTo("victim")
                    .isEqualTo(Api.claims(token).path("sub").asText());
        }
    }

    @Test
    @DisplayName("Refuses with 401 JSON an event without authorizer context: a direct invoke of the function")
    void refusesDirectInvoke(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        try (Served served = Served.start(pool)) {
            String direct = "{\"version\":\"2.0\",\"routeKey\":\"GET /users/me\",\"rawPath\":\"/users/me\","
                    + "\"headers\":{\"x-user-id\":\"victim\"},\"requestContext\":{\"requestId\":\"direct-1\","
                    + "\"http\":{\"method\":\"GET\",\"path\":\"/users/me\"}}}";
            Invocation invocation = served.functions.invoke(UserApi.ME_FUNCTION, direct);
            JsonNode answer = Served.JSON.readTree(invocation.response());

            assertThat(answer.path("statusCode").asInt()).as("a direct invoke (no requestContext.authorizer.jwt) was "
                    + "accepted: the function must answer 401 to an event the authorizer did not vouch for; got %s",
                    invocation.response()).isEqualTo(401);
            assertThat(Served.JSON.readTree(answer.path("body").asText()).path("error").asText()).isEqualTo("unauthorized");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @DisplayName("Reads payload 2.0's authorizer.jwt.claims, not REST API v1's authorizer.claims")
    void readsTheHttpApiShape() {
        APIGatewayV2HTTPEvent v2 = event(Map.of("sub", "user-1", "cognito:groups", "[admin editors]",
                "scope", "aws.cognito.signin.user.admin"));
        Caller caller = Caller.from(v2);
        assertThat(caller.id()).isEqualTo("user-1");
        assertThat(caller.groups()).as("cognito:groups \"[admin editors]\" is two groups").containsExactly("admin", "editors");
        assertThat(caller.scopes()).containsExactly("aws.cognito.signin.user.admin");

        APIGatewayV2HTTPEvent noClaims = event(null);
        Throwable thrown = catchThrowable(() -> Caller.from(noClaims));
        assertThat(thrown).as("no jwt claims (say, a REST API v1 event with authorizer.claims): refuse with a 401, "
                + "never read an identity from anywhere else").isInstanceOf(dev.sjl.http.HttpException.class);
        assertThat(((dev.sjl.http.HttpException) thrown).status()).isEqualTo(401);
        assertThat(catchThrowable(() -> Caller.from(event(Map.of("scope", "x")))))
                .as("claims without sub name nobody: 401").isInstanceOf(dev.sjl.http.HttpException.class);
        assertThat(Caller.list(null)).isEmpty();
        assertThat(Caller.list("[]")).isEmpty();
    }

    private static APIGatewayV2HTTPEvent event(Map<String, String> claims) {
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = claims == null ? null
                : APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims).build()).build();
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey(UserApi.ME).withRawPath("/users/me")
                .withHeaders(Map.of("x-user-id", "victim"))
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("r-1")
                        .withAuthorizer(authorizer).build())
                .build();
    }
}
