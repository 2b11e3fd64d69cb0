package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sjl.localcloud.CognitoTriggers.Trigger;
import dev.sjl.localcloud.functions.Functions;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserStatusType;

// unchecked: the SDK's Consumer<Builder>... varargs; try: a resource that only scopes a registration
@SuppressWarnings({"unchecked", "try"})
@Tag("cognito")
@LocalCloudTest(services = Service.COGNITO)
class CognitoLocalTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Correct-Horse-9";

    private record Pool(String id, String clientId) {
    }

    private static Pool pool(CognitoIdentityProviderClient cognito, TestResources resources) {
        String poolId = cognito.createUserPool(b -> b.poolName(resources.name("users"))).userPool().id();
        String clientId = cognito.createUserPoolClient(b -> b.userPoolId(poolId).clientName("web")
                .explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH, ExplicitAuthFlowsType.ALLOW_REFRESH_TOKEN_AUTH))
                .userPoolClient().clientId();
        return new Pool(poolId, clientId);
    }

    private static AuthenticationResultType login(CognitoIdentityProviderClient cognito, Pool pool, String user) {
        return cognito.initiateAuth(b -> b.clientId(pool.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", user, "PASSWORD", PASSWORD))).authenticationResult();
    }

    private static JsonNode part(String jwt, int index) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[index]));
    }

    @Test
    @DisplayName("Signs a user up, confirms with the code, logs in and issues tokens whose key is in the pool's JWKS")
    void signUpConfirmLogin(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) throws Exception {
        Pool pool = pool(cognito, resources);
        cognito.signUp(b -> b.clientId(pool.clientId()).username("ada").password(PASSWORD)
                .userAttributes(a -> a.name("email").value("ada@example.com")));
        cognito.confirmSignUp(b -> b.clientId(pool.clientId()).username("ada").confirmationCode(cloud.cognitoConfirmationCode()));

        AuthenticationResultType tokens = login(cognito, pool, "ada");

        JsonNode access = part(tokens.accessToken(), 1);
        String issuer = cloud.endpoint(Service.COGNITO) + "/" + pool.id();
        assertThat(access.path("iss").asText()).as("the issuer is the local endpoint plus the pool id, like cognito-idp.<region>.amazonaws.com/<pool>").isEqualTo(issuer);
        assertThat(access.path("token_use").asText()).isEqualTo("access");
        assertThat(access.path("client_id").asText()).isEqualTo(pool.clientId());
        assertThat(part(tokens.idToken(), 1).path("email").asText()).as("the ID token carries the user's attributes").isEqualTo("ada@example.com");

        HttpResponse<String> jwks = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(issuer + "/.well-known/jwks.json")).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String kid = part(tokens.accessToken(), 0).path("kid").asText();
        assertThat(JSON.readTree(jwks.body()).path("keys").findValuesAsText("kid"))
                .as("a verifier must find the token's signing key in the issuer's JWKS").contains(kid);
    }

    @Test
    @DisplayName("Issues a new access token for a refresh token")
    void refresh(CognitoIdentityProviderClient cognito, TestResources resources) {
        Pool pool = pool(cognito, resources);
        cognito.adminCreateUser(b -> b.userPoolId(pool.id()).username("grace").messageAction("SUPPRESS"));
        cognito.adminSetUserPassword(b -> b.userPoolId(pool.id()).username("grace").password(PASSWORD).permanent(true));
        AuthenticationResultType tokens = login(cognito, pool, "grace");

        AuthenticationResultType refreshed = cognito.initiateAuth(b -> b.clientId(pool.clientId()).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(Map.of("REFRESH_TOKEN", tokens.refreshToken()))).authenticationResult();
        assertThat(refreshed.accessToken()).as("REFRESH_TOKEN_AUTH returns an access token").isNotBlank();
    }

    @Test
    @DisplayName("Puts a user's groups into the cognito:groups claim")
    void groups(CognitoIdentityProviderClient cognito, TestResources resources) throws Exception {
        Pool pool = pool(cognito, resources);
        cognito.adminCreateUser(b -> b.userPoolId(pool.id()).username("root").messageAction("SUPPRESS"));
        cognito.adminSetUserPassword(b -> b.userPoolId(pool.id()).username("root").password(PASSWORD).permanent(true));
        cognito.createGroup(b -> b.userPoolId(pool.id()).groupName("admin"));
        cognito.adminAddUserToGroup(b -> b.userPoolId(pool.id()).username("root").groupName("admin"));

        JsonNode access = part(login(cognito, pool, "root").accessToken(), 1);
        assertThat(JSON.convertValue(access.path("cognito:groups"), String[].class))
                .as("the admin group must be in the access token").containsExactly("admin");
    }

    @Test
    @DisplayName("Calls this pool's PreSignUp trigger, which can auto-confirm a user or reject the sign-up")
    void preSignUpTrigger(CognitoIdentityProviderClient cognito, CognitoTriggers triggers, TestResources resources) throws Exception {
        Pool pool = pool(cognito, resources);
        try (var registration = triggers.register(pool.id(), Trigger.PRE_SIGN_UP, (payload, context) -> {
            ObjectNode event = (ObjectNode) JSON.readTree(payload);
            if (event.path("request").path("userAttributes").path("email").asText().endsWith("@blocked.example")) {
                throw new IllegalArgumentException("This e-mail domain cannot sign up");
            }
            ((ObjectNode) event.path("response")).put("autoConfirmUser", true);
            return event.toString();
        })) {
            cognito.signUp(b -> b.clientId(pool.clientId()).username("lin").password(PASSWORD)
                    .userAttributes(a -> a.name("email").value("lin@example.com")));
            assertThat(cognito.adminGetUser(b -> b.userPoolId(pool.id()).username("lin")).userStatus())
                    .as("the trigger's autoConfirmUser=true must confirm the user without a code").isEqualTo(UserStatusType.CONFIRMED);

            assertThatThrownBy(() -> cognito.signUp(b -> b.clientId(pool.clientId()).username("eve").password(PASSWORD)
                    .userAttributes(a -> a.name("email").value("eve@blocked.example"))))
                    .as("a trigger that throws rejects the sign-up with its message")
                    .isInstanceOf(UserLambdaValidationException.class)
                    .hasMessageContaining("This e-mail domain cannot sign up");
        }
    }

    @Test
    @DisplayName("Hands a typed PostConfirmation handler the aws-lambda-java-events class a Java Lambda would receive")
    void typedPostConfirmationTrigger(CognitoIdentityProviderClient cognito, CognitoTriggers triggers, LocalCloud cloud,
                                      TestResources resources) throws Exception {
        Pool pool = pool(cognito, resources);
        BlockingQueue<CognitoUserPoolPostConfirmationEvent> confirmed = new LinkedBlockingQueue<>();
        try (var registration = triggers.register(pool.id(), Trigger.POST_CONFIRMATION,
                Functions.handler(CognitoUserPoolPostConfirmationEvent.class, (event, context) -> {
                    confirmed.add(event);
                    return event;
                }))) {
            cognito.signUp(b -> b.clientId(pool.clientId()).username("kim").password(PASSWORD)
                    .userAttributes(a -> a.name("email").value("kim@example.com")));
            cognito.confirmSignUp(b -> b.clientId(pool.clientId()).username("kim").confirmationCode(cloud.cognitoConfirmationCode()));

            CognitoUserPoolPostConfirmationEvent event = confirmed.poll(5, TimeUnit.SECONDS);
            assertThat(event).as("PostConfirmation runs when the sign-up is confirmed").isNotNull();
            assertThat(event.getTriggerSource()).isEqualTo("PostConfirmation_ConfirmSignUp");
            assertThat(event.getUserPoolId()).isEqualTo(pool.id());
            assertThat(event.getRequest().getUserAttributes()).containsEntry("email", "kim@example.com");
        }
    }
}
