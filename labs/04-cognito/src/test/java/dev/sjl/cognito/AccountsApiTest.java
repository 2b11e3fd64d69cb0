package dev.sjl.cognito;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.PreventUserExistenceErrorTypes;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CodeMismatchException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExpiredCodeException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InternalErrorException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidPasswordException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LimitExceededException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyFailedAttemptsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.TooManyRequestsException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotConfirmedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;
import dev.sjl.http.HttpException;
import java.util.LinkedHashMap;
import java.util.Map;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import static dev.sjl.cognito.Api.body;
import static org.assertj.core.api.Assertions.assertThat;

/** Lab 03's routes with the user pool behind them: every Cognito refusal becomes an answer the service chose. */
@Tag("task:2")
@LocalCloudTest(services = Service.COGNITO)
class AccountsApiTest {

    private static final RefreshTokenOwners OWNERS = new InMemoryRefreshTokenOwners(Duration.ofDays(1), Clock.systemUTC());

    private static Api api(Pool pool) {
        return new Api(new CognitoAuthHandler(pool.config(), pool.cognito(),
                PoolKeys.fromUrl(pool.config().jwksUri(), Clock.systemUTC()), Clock.systemUTC()));
    }

    @Test
    @DisplayName("Signs up, confirms with the emailed code, logs in, refreshes and logs out")
    void wholeJourney(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        Api api = api(pool);

        APIGatewayV2HTTPResponse signup = api.signup(" Ada@Example.com ", Pool.PASSWORD);
        assertThat(signup.getStatusCode()).as("POST /signup answers 202: the account waits for its code; body %s",
                signup.getBody()).isEqualTo(202);
        assertThat(body(signup).path("status").asText()).isEqualTo("confirmation_required");
        String code = pool.code("ada@example.com");
        assertThat(api.confirm("ada@example.com", code).getStatusCode()).as("POST /signup/confirm with the code: 204")
                .isEqualTo(204);

        APIGatewayV2HTTPResponse login = api.login("ADA@example.com", Pool.PASSWORD);
        assertThat(login.getStatusCode()).as("POST /login answers 200 with the tokens; body %s", login.getBody()).isEqualTo(200);
        assertThat(login.getHeaders()).as("tokens must not be cached: Cache-Control no-store").containsEntry("Cache-Control", "no-store");
        JsonNode tokens = body(login);
        assertThat(tokens.path("accessToken").asText()).isNotEmpty();
        assertThat(tokens.path("idToken").asText()).isNotEmpty();
        assertThat(tokens.path("expiresIn").asInt()).isEqualTo(3600);
        String refreshToken = tokens.path("refreshToken").asText();

        APIGatewayV2HTTPResponse refreshed = api.refresh(refreshToken);
        assertThat(refreshed.getStatusCode()).as("POST /token/refresh answers 200 (through GetTokensFromRefreshToken: a "
                + "rotating app client refuses REFRESH_TOKEN_AUTH); body %s", refreshed.getBody()).isEqualTo(200);
        assertThat(refreshed.getHeaders()).as("tokens must not be cached: Cache-Control no-store").containsEntry("Cache-Control", "no-store");
        assertThat(body(refreshed).path("accessToken").asText()).isNotEmpty();
        String rotated = body(refreshed).path("refreshToken").asText();
        assertThat(rotated).as("a refresh answers a new refresh token: the app client rotates them "
                + "(GetTokensFromRefreshToken, not InitiateAuth's REFRESH_TOKEN_AUTH)").isNotEmpty().isNotEqualTo(refreshToken);

        assertThat(api.logout(rotated).getStatusCode()).as("POST /logout revokes the refresh token: 204").isEqualTo(204);
        APIGatewayV2HTTPResponse afterLogout = api.refresh(rotated);
        assertThat(afterLogout.getStatusCode()).as("a revoked refresh token is refused: 401").isEqualTo(401);
        assertThat(body(afterLogout).path("error").asText()).as("revoked: invalid_refresh_token, the client logs in again")
                .isEqualTo("invalid_refresh_token");
        assertThat(api.logout(rotated).getStatusCode()).as("logging out twice is not an error: 204").isEqualTo(204);

        assertThat(new CognitoAuthHandler.Credentials("ada@example.com", Pool.PASSWORD) + " "
                + new CognitoAuthHandler.RefreshRequest(refreshToken) + " "
                + new CognitoTokens("access", "id", refreshToken, 3600, "Bearer"))
                .as("a body or tokens printed in a log line show no password and no token")
                .doesNotContain(Pool.PASSWORD).doesNotContain(refreshToken);
    }

    @Test
    @DisplayName("Ends a login whose refresh token is used twice: the spent token and the one that replaced it are refused")
    void reusedLoginTokenEndsTheLogin(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        Api api = api(pool);
        String first = refreshTokenOf(api.login("ada@example.com", Pool.PASSWORD), "POST /login");
        String second = refreshTokenOf(api.refresh(first), "POST /token/refresh with the login's token");

        APIGatewayV2HTTPResponse replayed = api.refresh(first);

        assertThat(replayed.getStatusCode()).as("a refresh token already spent by a refresh is refused: 401; body %s",
                replayed.getBody()).isEqualTo(401);
        assertThat(body(replayed).path("error").asText()).isEqualTo("invalid_refresh_token");
        assertThat(api.refresh(second).getStatusCode()).as("after a reuse of the login's token, the token that replaced "
                + "it is refused too (401): whoever refreshed first may be the thief. Remember each login's refresh "
                + "token's owner, and on RefreshTokenReuseException sign that owner out (AdminUserGlobalSignOut)")
                .isEqualTo(401);
    }

    @Test
    @DisplayName("Ends every login of the owner when a token issued by a refresh is used twice")
    void reusedRotatedTokenEndsEveryLogin(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        Api api = api(pool);
        String laptop = refreshTokenOf(api.login("ada@example.com", Pool.PASSWORD), "POST /login");
        String phone = refreshTokenOf(api.login("ada@example.com", Pool.PASSWORD), "POST /login on a second device");
        String second = refreshTokenOf(api.refresh(laptop), "POST /token/refresh");
        String third = refreshTokenOf(api.refresh(second), "POST /token/refresh with the token a refresh answered");

        assertThat(api.refresh(second).getStatusCode()).as("the spent token a refresh had answered: 401").isEqualTo(401);

        assertThat(api.refresh(third).getStatusCode()).as("after a reuse of a token that a REFRESH issued, the newest "
                + "token is refused too (401): remember the owner of every refresh token Cognito answers, the rotated "
                + "ones included, not only the login's").isEqualTo(401);
        assertThat(api.refresh(phone).getStatusCode()).as("every login of the owner ends, the other device's too "
                + "(401): a reuse means the account's tokens leaked, and Cognito cannot tell which login is the thief's")
                .isEqualTo(401);
        assertThat(api.login("ada@example.com", Pool.PASSWORD).getStatusCode())
                .as("the owner can sign in again with the password: 200").isEqualTo(200);
    }

    @Test
    @DisplayName("Answers a reuse 503 while the owners' store is down, so that the client's retry still ends the login")
    void reuseWhileTheOwnersStoreIsDown(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        RefreshTokenOwners memory = new InMemoryRefreshTokenOwners(Duration.ofDays(1), Clock.systemUTC());
        AtomicBoolean down = new AtomicBoolean();
        RefreshTokenOwners flaky = new RefreshTokenOwners() {
            @Override
            public void remember(String refreshToken, String username) {
                memory.remember(refreshToken, username);
            }

            @Override
            public Optional<String> ownerOf(String refreshToken) {
                if (down.get()) {
                    throw new IllegalStateException("owners table unreachable");
                }
                return memory.ownerOf(refreshToken);
            }
        };
        Api api = new Api(new CognitoAuthHandler(pool.config(), pool.cognito(),
                PoolKeys.fromUrl(pool.config().jwksUri(), Clock.systemUTC()), Clock.systemUTC(), flaky));
        String first = refreshTokenOf(api.login("ada@example.com", Pool.PASSWORD), "POST /login");
        String second = refreshTokenOf(api.refresh(first), "POST /token/refresh");

        down.set(true);
        APIGatewayV2HTTPResponse duringOutage = api.refresh(first);
        down.set(false);

        assertThat(duringOutage.getStatusCode()).as("a reuse whose owner cannot be looked up now: 503 (try again), "
                + "never a 500 and never a 401 that would let the other token live; body %s", duringOutage.getBody())
                .isEqualTo(503);
        assertThat(duringOutage.getBody()).as("the service's words, not the store's").doesNotContain("unreachable");
        assertThat(api.refresh(first).getStatusCode()).as("the client's retry, once the store is back: 401").isEqualTo(401);
        assertThat(api.refresh(second).getStatusCode()).as("and the retry ended the login: 401").isEqualTo(401);
    }

    private static String refreshTokenOf(APIGatewayV2HTTPResponse response, String what) {
        assertThat(response.getStatusCode()).as("%s answers 200; body %s", what, response.getBody()).isEqualTo(200);
        String token = body(response).path("refreshToken").asText();
        assertThat(token).as("%s answers a refreshToken", what).isNotEmpty();
        return token;
    }

    @Test
    @DisplayName("Answers an unknown email exactly as it answers a wrong password")
    void noUserEnumerationAtLogin(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        Api api = api(pool);

        APIGatewayV2HTTPResponse unknown = api.login("nobody@example.com", Pool.PASSWORD);
        APIGatewayV2HTTPResponse wrong = api.login("ada@example.com", "Wrong-Horse-9-battery");

        assertThat(wrong.getStatusCode()).as("a wrong password is a 401").isEqualTo(401);
        assertThat(unknown.getStatusCode()).as("an unknown email is the same 401 as a wrong password")
                .isEqualTo(wrong.getStatusCode());
        assertThat(unknown.getBody()).as("the same message for an unknown email and a wrong password, or the answer "
                + "tells who has an account").isEqualTo(wrong.getBody());
        assertThat(body(wrong).path("message").asText()).as("our own words, never Cognito's")
                .isEqualTo(CognitoAccounts.INVALID_CREDENTIALS);
    }

    @Test
    @DisplayName("Answers an unknown email as a wrong password even behind an app client that reveals unknown users")
    void noUserEnumerationBehindALegacyClient(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        // An app client created before PreventUserExistenceErrors existed, or by hand: Cognito answers UserNotFoundException.
        String legacy = cognito.createUserPoolClient(UserPoolDefinition.appClient(pool.id(), "legacy").toBuilder()
                .preventUserExistenceErrors(PreventUserExistenceErrorTypes.LEGACY).build()).userPoolClient().clientId();
        Api api = new Api(new CognitoAuthHandler(new CognitoConfig(pool.id(), legacy, pool.issuer()), cognito,
                PoolKeys.fromUrl(pool.config().jwksUri(), Clock.systemUTC()), Clock.systemUTC()));

        APIGatewayV2HTTPResponse unknown = api.login("nobody@example.com", Pool.PASSWORD);
        APIGatewayV2HTTPResponse wrong = api.login("ada@example.com", "Wrong-Horse-9-battery");

        assertThat(unknown.getStatusCode()).as("UserNotFoundException is the same 401 as a wrong password; body %s",
                unknown.getBody()).isEqualTo(401);
        assertThat(unknown.getBody()).as("the same message for an unknown email and a wrong password, whatever the app "
                + "client's setting").isEqualTo(wrong.getBody());
    }

    @Test
    @DisplayName("Answers a sign-up with a registered email exactly as a new one, so sign-up reveals no account")
    void noUserEnumerationAtSignup(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        Api api = api(pool);

        APIGatewayV2HTTPResponse fresh = api.signup("grace@example.com", Pool.PASSWORD);
        APIGatewayV2HTTPResponse taken = api.signup("ada@example.com", Pool.PASSWORD);

        assertThat(fresh.getStatusCode()).as("a new email: 202; body %s", fresh.getBody()).isEqualTo(202);
        assertThat(taken.getStatusCode()).as("a registered email must not be revealed: the same 202 as a new one, not 409 "
                + "or 500; body %s", taken.getBody()).isEqualTo(202);
        assertThat(taken.getBody()).as("a registered email: the same body as a new one").isEqualTo(fresh.getBody());
    }

    @Test
    @DisplayName("Answers a wrong code for a confirmed account exactly as for an unknown email, so confirm reveals no account")
    void noUserEnumerationAtConfirm(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        Api api = api(pool);

        APIGatewayV2HTTPResponse confirmed = api.confirm("ada@example.com", "000000");
        APIGatewayV2HTTPResponse unknown = api.confirm("grace@example.com", "000000");

        assertThat(confirmed.getStatusCode()).as("Cognito refuses to confirm a confirmed account (NotAuthorizedException): "
                + "still a wrong code, 400, not 401; body %s", confirmed.getBody()).isEqualTo(400);
        assertThat(body(confirmed).path("error").asText()).isEqualTo("invalid_code");
        assertThat(body(confirmed).path("message").asText()).as("the same words as for an unknown email")
                .isEqualTo(body(unknown).path("message").asText());
        assertThat(unknown.getStatusCode()).as("an unknown email; body %s", unknown.getBody()).isEqualTo(400);
    }

    @Test
    @DisplayName("Refuses a weak password with 400 naming the rule, in the service's words")
    void weakPassword(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Api api = api(Pool.plain(cognito, cloud, resources));

        APIGatewayV2HTTPResponse response = api.signup("ada@example.com", "alllowercase-no-digit");
        APIGatewayV2HTTPResponse empty = api.signup("ada@example.com", "");
        assertThat(empty.getStatusCode()).as("an empty password: 400 weak_password, before asking Cognito; body %s",
                empty.getBody()).isEqualTo(400);
        assertThat(body(empty).path("error").asText()).isEqualTo("weak_password");

        assertThat(response.getStatusCode()).as("InvalidPasswordException is the client's mistake: 400").isEqualTo(400);
        assertThat(body(response).path("error").asText()).isEqualTo("weak_password");
        assertThat(body(response).path("message").asText()).as("the rule from UserPoolDefinition.PASSWORD_RULE, not "
                + "Cognito's message").isEqualTo(UserPoolDefinition.PASSWORD_RULE);
    }

    @Test
    @DisplayName("Says 'confirm your email first' (403) to a user with the right password who has not confirmed")
    void notConfirmed(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Api api = api(Pool.plain(cognito, cloud, resources));
        api.signup("ada@example.com", Pool.PASSWORD);

        APIGatewayV2HTTPResponse response = api.login("ada@example.com", Pool.PASSWORD);

        assertThat(response.getStatusCode()).as("UserNotConfirmedException: 403 not_confirmed; body %s", response.getBody())
                .isEqualTo(403);
        assertThat(body(response).path("error").asText()).isEqualTo("not_confirmed");
        assertThat(body(response).path("message").asText()).isEqualTo(CognitoAccounts.NOT_CONFIRMED);
    }

    @Test
    @DisplayName("Refuses a wrong confirmation code with 400 invalid_code")
    void wrongCode(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        Api api = api(pool);
        assertThat(api.signup("ada@example.com", Pool.PASSWORD).getStatusCode()).as("POST /signup first: 202").isEqualTo(202);
        String wrong = pool.code("ada@example.com").equals("000000") ? "111111" : "000000";

        APIGatewayV2HTTPResponse response = api.confirm("ada@example.com", wrong);

        assertThat(response.getStatusCode()).as("CodeMismatchException: 400; body %s", response.getBody()).isEqualTo(400);
        assertThat(body(response).path("error").asText()).isEqualTo("invalid_code");
        assertThat(api.confirm("ada@example.com", "").getStatusCode()).as("a blank code: 400 without asking Cognito")
                .isEqualTo(400);
    }

    @Test
    @DisplayName("Computes SECRET_HASH for an app client with a secret, and none without one")
    void secretHash(CognitoIdentityProviderClient cognito) {
        // Base64(HMAC-SHA256(key = secret, message = username + client id)), computed independently of the code.
        assertThat(new CognitoAccounts(cognito, "pool-id-1", "client-id-1", "client-secret-1", OWNERS).secretHash("ada@example.com"))
                .as("SECRET_HASH = Base64(HMAC-SHA256(client secret, username + client id))")
                .isEqualTo("hGYUij82eWEPTv2l1QkrK6znmnLSXY3aYyUI+q/ZQbQ=");
        assertThat(new CognitoAccounts(cognito, "pool-id-1", "client-id-1", null, OWNERS).secretHash("ada@example.com"))
                .as("a public client sends no SECRET_HASH").isNull();
    }

    @Test
    @DisplayName("Maps every Cognito refusal to the status and words the service chose, never Cognito's message")
    void everyRefusal() {
        String secret = "internal detail from Cognito";
        Map<CognitoIdentityProviderException, Integer> statuses = new LinkedHashMap<>();
        statuses.put(NotAuthorizedException.builder().message(secret).build(), 401);
        statuses.put(UserNotFoundException.builder().message(secret).build(), 401);
        statuses.put(UserNotConfirmedException.builder().message(secret).build(), 403);
        statuses.put(InvalidPasswordException.builder().message(secret).build(), 400);
        statuses.put(CodeMismatchException.builder().message(secret).build(), 400);
        statuses.put(ExpiredCodeException.builder().message(secret).build(), 400);
        statuses.put(UserLambdaValidationException.builder().message(secret).build(), 400);
        statuses.put(TooManyRequestsException.builder().message(secret).build(), 429);
        statuses.put(LimitExceededException.builder().message(secret).build(), 429);
        statuses.put(TooManyFailedAttemptsException.builder().message(secret).build(), 429);
        statuses.put(InternalErrorException.builder().message(secret).build(), 503);

        statuses.forEach((refused, status) -> {
            HttpException answer = CognitoAccounts.refusal(refused);
            assertThat(answer.status()).as("%s must be answered %s", refused.getClass().getSimpleName(), status)
                    .isEqualTo(status);
            assertThat(answer.getMessage()).as("%s: the service's own words, never Cognito's message",
                    refused.getClass().getSimpleName()).doesNotContain(secret);
        });
        assertThat(CognitoAccounts.refusal(UserNotFoundException.builder().build()).getMessage())
                .as("an unknown user gets the same message as a wrong password")
                .isEqualTo(CognitoAccounts.refusal(NotAuthorizedException.builder().build()).getMessage());
    }

    @Test
    @DisplayName("Refuses an email that is not one with 400 invalid_email, and a refresh token that is garbage with 401")
    void badInput(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Api api = api(Pool.plain(cognito, cloud, resources));

        APIGatewayV2HTTPResponse signup = api.signup("not an email", Pool.PASSWORD);
        assertThat(signup.getStatusCode()).as("an address that is not one: 400; body %s", signup.getBody()).isEqualTo(400);
        assertThat(body(signup).path("error").asText()).isEqualTo("invalid_email");

        APIGatewayV2HTTPResponse refresh = api.refresh("garbage");
        assertThat(refresh.getStatusCode()).as("a refresh token Cognito does not know: 401; body %s", refresh.getBody())
                .isEqualTo(401);
        assertThat(body(refresh).path("error").asText()).isEqualTo("invalid_refresh_token");
    }
}
