package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPreTokenGenerationEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.localcloud.CognitoTriggers.Trigger;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ExplicitAuthFlowsType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.FeatureType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.InvalidParameterException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RefreshTokenReuseException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RefreshTokenRotationType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserLambdaValidationException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserPoolClientType;

/**
 * Refresh-token rotation through the real {@code CognitoIdentityProviderClient}: the app client's
 * {@code RefreshTokenRotation} (API_RefreshTokenRotationType.html) and {@code GetTokensFromRefreshToken}
 * (API_GetTokensFromRefreshToken.html), as {@code cognito-aws.cjs} reproduces them.
 */
// unchecked: the SDK's Consumer<Builder>... varargs; try: a resource that only scopes a registration
@SuppressWarnings({"unchecked", "try"})
@Tag("cognito")
@LocalCloudTest(services = Service.COGNITO)
class CognitoRefreshRotationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "Correct-Horse-9";

    private record Pool(String id, String clientId) {
    }

    private static RefreshTokenRotationType rotation(FeatureType feature, int graceSeconds) {
        return RefreshTokenRotationType.builder().feature(feature).retryGracePeriodSeconds(graceSeconds).build();
    }

    /** A pool with one user, ada, and an app client configured by {@code clientSettings}. */
    private static Pool pool(CognitoIdentityProviderClient cognito, TestResources resources,
                             Consumer<CreateUserPoolClientRequest.Builder> clientSettings) {
        String poolId = cognito.createUserPool(b -> b.poolName(resources.name("users"))).userPool().id();
        String clientId = cognito.createUserPoolClient(b -> {
            b.userPoolId(poolId).clientName("web").explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_USER_PASSWORD_AUTH);
            clientSettings.accept(b);
        }).userPoolClient().clientId();
        cognito.adminCreateUser(b -> b.userPoolId(poolId).username("ada").messageAction("SUPPRESS")
                .userAttributes(a -> a.name("email").value("ada@example.com")));
        cognito.adminSetUserPassword(b -> b.userPoolId(poolId).username("ada").password(PASSWORD).permanent(true));
        return new Pool(poolId, clientId);
    }

    private static Pool rotatingPool(CognitoIdentityProviderClient cognito, TestResources resources, int graceSeconds) {
        return pool(cognito, resources, c -> c.refreshTokenRotation(rotation(FeatureType.ENABLED, graceSeconds)));
    }

    private static AuthenticationResultType login(CognitoIdentityProviderClient cognito, Pool pool) {
        return cognito.initiateAuth(b -> b.clientId(pool.clientId()).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", "ada", "PASSWORD", PASSWORD))).authenticationResult();
    }

    private static AuthenticationResultType refresh(CognitoIdentityProviderClient cognito, Pool pool, String refreshToken) {
        return cognito.getTokensFromRefreshToken(b -> b.clientId(pool.clientId()).refreshToken(refreshToken)).authenticationResult();
    }

    private static JsonNode claims(String jwt) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
    }

    private static String username(CognitoIdentityProviderClient cognito, String accessToken) {
        return cognito.getUser(b -> b.accessToken(accessToken)).username();
    }

    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetTokensFromRefreshToken.html
    // ("If refresh token rotation is disabled, issues new ID and access tokens only")
    @Test
    @DisplayName("Rotation disabled: GetTokensFromRefreshToken returns new access and ID tokens, no refresh token, and the token keeps working")
    void rotationDisabledReturnsNoRefreshToken(CognitoIdentityProviderClient cognito, TestResources resources) {
        Pool pool = pool(cognito, resources, c -> c.refreshTokenRotation(rotation(FeatureType.DISABLED, 0)));
        AuthenticationResultType tokens = login(cognito, pool);

        AuthenticationResultType refreshed = refresh(cognito, pool, tokens.refreshToken());

        assertThat(refreshed.refreshToken()).as("no rotation: no new refresh token").isNull();
        assertThat(refreshed.idToken()).isNotBlank();
        assertThat(refreshed.expiresIn()).isEqualTo(3600);
        assertThat(username(cognito, refreshed.accessToken())).isEqualTo("ada");
        assertThat(refresh(cognito, pool, tokens.refreshToken()).accessToken())
                .as("without rotation the same refresh token is used again and again").isNotBlank();
        assertThat(cognito.initiateAuth(b -> b.clientId(pool.clientId()).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(Map.of("REFRESH_TOKEN", tokens.refreshToken()))).authenticationResult().accessToken())
                .as("REFRESH_TOKEN_AUTH still works on a client that does not rotate").isNotBlank();
    }

    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RefreshTokenRotationType.html
    // ("When RetryGracePeriodSeconds is 0 ... a successful request immediately invalidates the submitted refresh token")
    @Test
    @DisplayName("Rotation enabled: a new refresh token each time, of the same login; the one presented is then refused with RefreshTokenReuseException")
    void rotationEnabledReturnsANewTokenAndRefusesTheOldOne(CognitoIdentityProviderClient cognito, TestResources resources) throws Exception {
        Pool pool = rotatingPool(cognito, resources, 0);
        AuthenticationResultType tokens = login(cognito, pool);

        AuthenticationResultType rotated = refresh(cognito, pool, tokens.refreshToken());

        assertThat(rotated.refreshToken()).as("a new refresh token").isNotBlank().isNotEqualTo(tokens.refreshToken());
        assertThat(username(cognito, rotated.accessToken())).isEqualTo("ada");
        JsonNode before = claims(tokens.accessToken());
        JsonNode after = claims(rotated.accessToken());
        assertThat(after.path("origin_jti").asText()).as("the successor belongs to the same login").isEqualTo(before.path("origin_jti").asText());
        assertThat(after.path("auth_time").asLong()).isEqualTo(before.path("auth_time").asLong());
        assertThatThrownBy(() -> refresh(cognito, pool, tokens.refreshToken()))
                .as("the presented token was invalidated by the rotation")
                .isInstanceOf(RefreshTokenReuseException.class);
        assertThat(refresh(cognito, pool, rotated.refreshToken()).refreshToken()).as("the successor rotates in turn").isNotBlank();
    }

    // API_RefreshTokenRotationType.html ("the original refresh token ... can remain valid for a period of time of up to
    // 60 seconds. This allows for client-side retries.")
    @Test
    @DisplayName("Grace period: the old refresh token still works for RetryGracePeriodSeconds (pool clock), then RefreshTokenReuseException")
    void gracePeriodKeepsTheOldTokenForRetries(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = rotatingPool(cognito, resources, 5);
        AuthenticationResultType tokens = login(cognito, pool);
        AuthenticationResultType first = refresh(cognito, pool, tokens.refreshToken());

        cloud.cognitoUserPools().advanceClock(pool.id(), Duration.ofSeconds(3));
        AuthenticationResultType retry = refresh(cognito, pool, tokens.refreshToken());
        assertThat(retry.refreshToken()).as("a retry inside the grace period is served").isNotBlank()
                .isNotEqualTo(first.refreshToken());

        cloud.cognitoUserPools().advanceClock(pool.id(), Duration.ofSeconds(2));
        assertThatThrownBy(() -> refresh(cognito, pool, tokens.refreshToken()))
                .as("5 s after the first rotation the old token is invalid; a retry did not extend it")
                .isInstanceOf(RefreshTokenReuseException.class);
        assertThat(refresh(cognito, pool, first.refreshToken()).accessToken()).as("the successor keeps working").isNotBlank();
    }

    // API_RefreshTokenRotationType.html: with no grace period one successful request invalidates the token, so of
    // simultaneous requests with one token only one can succeed.
    @Test
    @DisplayName("50 simultaneous GetTokensFromRefreshToken with one token (grace 0): exactly 1 succeeds, 49 get RefreshTokenReuseException")
    void parallelRefreshesOfOneTokenHaveOneWinner(CognitoIdentityProviderClient cognito, TestResources resources) throws Exception {
        Pool pool = rotatingPool(cognito, resources, 0);
        String token = login(cognito, pool).refreshToken();
        int requests = 50;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<String>> outcomes = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(requests);
        try {
            for (int i = 0; i < requests; i++) {
                outcomes.add(threads.submit(() -> {
                    start.await();
                    try {
                        return refresh(cognito, pool, token).refreshToken() != null ? "rotated" : "no refresh token";
                    } catch (RefreshTokenReuseException e) {
                        return "reuse";
                    } catch (RuntimeException e) {
                        return e.getClass().getSimpleName() + ": " + e.getMessage();
                    }
                }));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> outcome : outcomes) {
                results.add(outcome.get(60, TimeUnit.SECONDS));
            }
            assertThat(results.stream().filter("rotated"::equals).count()).as("successes among %s", results).isEqualTo(1);
            assertThat(results.stream().filter("reuse"::equals).count()).as("RefreshTokenReuseException among %s", results).isEqualTo(49);
        } finally {
            threads.shutdownNow();
        }
    }

    // AWS does not say how long a rotated refresh token lives; the emulator's choice (cognito-aws.cjs): a full
    // RefreshTokenValidity from its issue, so an active user is not signed out at the first token's expiry.
    @Test
    @DisplayName("Each rotated refresh token lives the client's RefreshTokenValidity from its issue, then NotAuthorizedException 'expired'")
    void successorLivesAFullRefreshTokenValidity(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = pool(cognito, resources, c -> c.refreshTokenRotation(rotation(FeatureType.ENABLED, 0)).refreshTokenValidity(60)
                .tokenValidityUnits(u -> u.refreshToken(software.amazon.awssdk.services.cognitoidentityprovider.model.TimeUnitsType.MINUTES)));
        AuthenticationResultType tokens = login(cognito, pool);
        CognitoUserPools pools = cloud.cognitoUserPools();

        pools.advanceClock(pool.id(), Duration.ofMinutes(50));
        String second = refresh(cognito, pool, tokens.refreshToken()).refreshToken();
        pools.advanceClock(pool.id(), Duration.ofMinutes(20));
        String third = refresh(cognito, pool, second).refreshToken();
        assertThat(third).as("70 min after sign-in, the token rotated at 50 min still works").isNotBlank();

        pools.advanceClock(pool.id(), Duration.ofMinutes(61));
        assertThatThrownBy(() -> refresh(cognito, pool, third))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Refresh Token has expired");
    }

    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_AdminUserGlobalSignOut.html
    // ("Invalidates the identity, access, and refresh tokens that Amazon Cognito issued to a user")
    @Test
    @DisplayName("AdminUserGlobalSignOut after a rotation: the successor refresh token and its access token are refused")
    void globalSignOutRevokesTheSuccessor(CognitoIdentityProviderClient cognito, TestResources resources) {
        Pool pool = rotatingPool(cognito, resources, 0);
        AuthenticationResultType rotated = refresh(cognito, pool, login(cognito, pool).refreshToken());

        cognito.adminUserGlobalSignOut(b -> b.userPoolId(pool.id()).username("ada"));

        assertThatThrownBy(() -> refresh(cognito, pool, rotated.refreshToken()))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Refresh Token has been revoked");
        assertThatThrownBy(() -> username(cognito, rotated.accessToken()))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Access Token has been revoked");
    }

    /** The three operations that revoke every refresh token of a user (API_GlobalSignOut.html, API_AdminDisableUser.html). */
    enum SignOut {
        GLOBAL_SIGN_OUT, ADMIN_USER_GLOBAL_SIGN_OUT, ADMIN_DISABLE_USER;

        void apply(CognitoIdentityProviderClient cognito, Pool pool, String accessToken) {
            switch (this) {
                case GLOBAL_SIGN_OUT -> cognito.globalSignOut(b -> b.accessToken(accessToken));
                case ADMIN_USER_GLOBAL_SIGN_OUT -> cognito.adminUserGlobalSignOut(b -> b.userPoolId(pool.id()).username("ada"));
                case ADMIN_DISABLE_USER -> cognito.adminDisableUser(b -> b.userPoolId(pool.id()).username("ada"));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(SignOut.class)
    @DisplayName("A sign-out while the rotation's PreTokenGeneration trigger runs also revokes the successor it returns")
    void signOutDuringTheTriggerRevokesTheSuccessor(SignOut signOut, CognitoIdentityProviderClient cognito, CognitoTriggers triggers,
                                                    TestResources resources) throws Exception {
        Pool pool = rotatingPool(cognito, resources, 0);
        AuthenticationResultType tokens = login(cognito, pool);
        CountDownLatch inTrigger = new CountDownLatch(1);
        CountDownLatch signedOut = new CountDownLatch(1);
        try (var registration = triggers.register(pool.id(), Trigger.PRE_TOKEN_GENERATION,
                Functions.handler(CognitoUserPoolPreTokenGenerationEvent.class, (event, context) -> {
                    inTrigger.countDown();
                    try {
                        assertThat(signedOut.await(30, TimeUnit.SECONDS)).isTrue();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return event;
                }))) {
            CompletableFuture<AuthenticationResultType> rotation =
                    CompletableFuture.supplyAsync(() -> refresh(cognito, pool, tokens.refreshToken()));
            assertThat(inTrigger.await(30, TimeUnit.SECONDS)).as("the rotation reached its trigger").isTrue();
            signOut.apply(cognito, pool, tokens.accessToken());
            signedOut.countDown();
            AuthenticationResultType rotated = rotation.get(30, TimeUnit.SECONDS);

            assertThat(rotated.refreshToken()).isNotBlank();
            assertThatThrownBy(() -> refresh(cognito, pool, rotated.refreshToken()))
                    .as("the successor existed when the user was signed out").isInstanceOf(NotAuthorizedException.class)
                    .hasMessageStartingWith("Refresh Token has been revoked");
            assertThatThrownBy(() -> username(cognito, rotated.accessToken()))
                    .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Access Token has been revoked");
        }
    }

    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_RevokeToken.html
    // ("Revokes all of the access tokens generated by, and at the same time as, the specified refresh token")
    @Test
    @DisplayName("RevokeToken on the newest refresh token revokes the login: its access tokens fail GetUser, a second login's don't")
    void revokeTokenOnTheSuccessorRevokesTheLogin(CognitoIdentityProviderClient cognito, TestResources resources) {
        Pool pool = rotatingPool(cognito, resources, 0);
        AuthenticationResultType tokens = login(cognito, pool);
        AuthenticationResultType other = login(cognito, pool);
        AuthenticationResultType rotated = refresh(cognito, pool, tokens.refreshToken());

        cognito.revokeToken(b -> b.clientId(pool.clientId()).token(rotated.refreshToken()));

        for (String access : List.of(tokens.accessToken(), rotated.accessToken())) {
            assertThatThrownBy(() -> username(cognito, access))
                    .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Access Token has been revoked");
        }
        assertThatThrownBy(() -> refresh(cognito, pool, rotated.refreshToken()))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Refresh Token has been revoked");
        assertThat(username(cognito, other.accessToken())).as("another login is untouched").isEqualTo("ada");
        assertThat(refresh(cognito, pool, other.refreshToken()).refreshToken()).isNotBlank();
    }

    // API_RefreshTokenRotationType.html ("Refresh token rotation must be completed with GetTokensFromRefreshToken")
    @Test
    @DisplayName("REFRESH_TOKEN_AUTH (InitiateAuth and AdminInitiateAuth) is refused on a client that rotates refresh tokens")
    void refreshTokenAuthIsRefusedWhenRotating(CognitoIdentityProviderClient cognito, TestResources resources) {
        Pool pool = rotatingPool(cognito, resources, 0);
        String token = login(cognito, pool).refreshToken();

        assertThatThrownBy(() -> cognito.initiateAuth(b -> b.clientId(pool.clientId()).authFlow(AuthFlowType.REFRESH_TOKEN_AUTH)
                .authParameters(Map.of("REFRESH_TOKEN", token))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("GetTokensFromRefreshToken");
        assertThatThrownBy(() -> cognito.adminInitiateAuth(b -> b.userPoolId(pool.id()).clientId(pool.clientId())
                .authFlow(AuthFlowType.REFRESH_TOKEN_AUTH).authParameters(Map.of("REFRESH_TOKEN", token))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("GetTokensFromRefreshToken");
        assertThat(refresh(cognito, pool, token).refreshToken()).as("the refused attempts did not spend the token").isNotBlank();
    }

    // API_CreateUserPoolClient.html, API_UpdateUserPoolClient.html, API_DescribeUserPoolClient.html (RefreshTokenRotation)
    @Test
    @DisplayName("RefreshTokenRotation is returned by Create/Update/DescribeUserPoolClient; an update that leaves it out resets it")
    void clientsShowTheirRotationConfig(CognitoIdentityProviderClient cognito, TestResources resources) {
        Pool pool = rotatingPool(cognito, resources, 10);
        UserPoolClientType described = cognito.describeUserPoolClient(b -> b.userPoolId(pool.id()).clientId(pool.clientId())).userPoolClient();
        assertThat(described.refreshTokenRotation()).isEqualTo(rotation(FeatureType.ENABLED, 10));

        UserPoolClientType updated = cognito.updateUserPoolClient(b -> b.userPoolId(pool.id()).clientId(pool.clientId())
                .refreshTokenRotation(rotation(FeatureType.DISABLED, 0))).userPoolClient();
        assertThat(updated.refreshTokenRotation()).isEqualTo(rotation(FeatureType.DISABLED, 0));
        assertThat(cognito.describeUserPoolClient(b -> b.userPoolId(pool.id()).clientId(pool.clientId())).userPoolClient()
                .refreshTokenRotation()).isEqualTo(rotation(FeatureType.DISABLED, 0));

        cognito.updateUserPoolClient(b -> b.userPoolId(pool.id()).clientId(pool.clientId()).refreshTokenRotation(rotation(FeatureType.ENABLED, 0)));
        cognito.updateUserPoolClient(b -> b.userPoolId(pool.id()).clientId(pool.clientId()).clientName("renamed"));
        assertThat(cognito.describeUserPoolClient(b -> b.userPoolId(pool.id()).clientId(pool.clientId())).userPoolClient()
                .refreshTokenRotation()).as("UpdateUserPoolClient resets what it is not given").isNull();
        String token = login(cognito, pool).refreshToken();
        assertThat(refresh(cognito, pool, token).refreshToken()).as("the reset client no longer rotates").isNull();
    }

    // API_RefreshTokenRotationType.html (RetryGracePeriodSeconds: 0..60; Feature: ENABLED | DISABLED, required)
    @Test
    @DisplayName("RetryGracePeriodSeconds outside 0..60, or a missing Feature, is an InvalidParameterException on create and update")
    void invalidRotationConfigIsRefused(CognitoIdentityProviderClient cognito, TestResources resources) {
        Pool pool = pool(cognito, resources, c -> { });
        assertThatThrownBy(() -> cognito.createUserPoolClient(b -> b.userPoolId(pool.id()).clientName("bad")
                .refreshTokenRotation(rotation(FeatureType.ENABLED, 61))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("retryGracePeriodSeconds");
        assertThatThrownBy(() -> cognito.updateUserPoolClient(b -> b.userPoolId(pool.id()).clientId(pool.clientId())
                .refreshTokenRotation(rotation(FeatureType.ENABLED, -1))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("retryGracePeriodSeconds");
        assertThatThrownBy(() -> cognito.createUserPoolClient(b -> b.userPoolId(pool.id()).clientName("bad")
                .refreshTokenRotation(r -> r.retryGracePeriodSeconds(5))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("feature");
        assertThat(cognito.createUserPoolClient(b -> b.userPoolId(pool.id()).clientName("edge")
                .refreshTokenRotation(rotation(FeatureType.ENABLED, 60))).userPoolClient().refreshTokenRotation().retryGracePeriodSeconds())
                .as("60 is allowed").isEqualTo(60);
        assertThat(cognito.describeUserPoolClient(b -> b.userPoolId(pool.id()).clientId(pool.clientId())).userPoolClient()
                .refreshTokenRotation()).as("the refused update changed nothing").isNull();
    }

    // The existing rule of the local Cognito: a PreTokenGeneration trigger that fails leaves no session behind.
    @Test
    @DisplayName("A PreTokenGeneration failure during rotation issues nothing and leaves the presented refresh token valid")
    void triggerFailureDuringRotationKeepsTheOldToken(CognitoIdentityProviderClient cognito, CognitoTriggers triggers, TestResources resources) {
        Pool pool = rotatingPool(cognito, resources, 0);
        String token = login(cognito, pool).refreshToken();
        try (var failing = triggers.register(pool.id(), Trigger.PRE_TOKEN_GENERATION, (payload, context) -> {
            throw new IllegalStateException("tenant lookup is down");
        })) {
            assertThatThrownBy(() -> refresh(cognito, pool, token))
                    .isInstanceOf(UserLambdaValidationException.class)
                    .hasMessageContaining("PreTokenGeneration failed with error tenant lookup is down.");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        AuthenticationResultType rotated = refresh(cognito, pool, token);
        assertThat(rotated.refreshToken()).as("the failed rotation did not spend the token").isNotBlank();
        assertThatThrownBy(() -> refresh(cognito, pool, token)).isInstanceOf(RefreshTokenReuseException.class);
    }

    // API_GetTokensFromRefreshToken.html (ClientMetadata goes to the pre token generation trigger)
    @Test
    @DisplayName("GetTokensFromRefreshToken passes ClientMetadata to PreTokenGeneration, triggerSource TokenGeneration_RefreshTokens")
    void clientMetadataReachesPreTokenGeneration(CognitoIdentityProviderClient cognito, CognitoTriggers triggers, TestResources resources)
            throws Exception {
        Pool pool = rotatingPool(cognito, resources, 0);
        String token = login(cognito, pool).refreshToken();
        BlockingQueue<CognitoUserPoolPreTokenGenerationEvent> seen = new LinkedBlockingQueue<>();
        try (var registration = triggers.register(pool.id(), Trigger.PRE_TOKEN_GENERATION,
                Functions.handler(CognitoUserPoolPreTokenGenerationEvent.class, (event, context) -> {
                    seen.add(event);
                    return event;
                }))) {
            cognito.getTokensFromRefreshToken(b -> b.clientId(pool.clientId()).refreshToken(token).clientMetadata(Map.of("device", "phone")));
            CognitoUserPoolPreTokenGenerationEvent event = seen.poll(5, TimeUnit.SECONDS);
            assertThat(event).isNotNull();
            assertThat(event.getTriggerSource()).isEqualTo("TokenGeneration_RefreshTokens");
            assertThat(event.getRequest().getClientMetadata()).containsEntry("device", "phone");
        }
    }

    // API_GetTokensFromRefreshToken.html (ClientSecret "if the client has a secret"); the wording of the refusals is
    // the one REFRESH_TOKEN_AUTH uses (Invalid Refresh Token for an unknown token or another client's).
    @Test
    @DisplayName("GetTokensFromRefreshToken refuses a missing or wrong client secret, an unknown token and another client's token")
    void badRefreshRequestsAreRefused(CognitoIdentityProviderClient cognito, TestResources resources) {
        Pool pool = rotatingPool(cognito, resources, 0);
        UserPoolClientType secretClient = cognito.createUserPoolClient(b -> b.userPoolId(pool.id()).clientName("server")
                .generateSecret(true).explicitAuthFlows(ExplicitAuthFlowsType.ALLOW_ADMIN_USER_PASSWORD_AUTH)).userPoolClient();
        String secretClientToken = cognito.adminInitiateAuth(b -> b.userPoolId(pool.id()).clientId(secretClient.clientId())
                .authFlow(AuthFlowType.ADMIN_USER_PASSWORD_AUTH).authParameters(Map.of("USERNAME", "ada", "PASSWORD", PASSWORD)))
                .authenticationResult().refreshToken();
        String token = login(cognito, pool).refreshToken();

        assertThatThrownBy(() -> cognito.getTokensFromRefreshToken(b -> b.clientId(secretClient.clientId()).refreshToken(secretClientToken)))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("secret");
        assertThatThrownBy(() -> cognito.getTokensFromRefreshToken(b -> b.clientId(secretClient.clientId()).refreshToken(secretClientToken)
                .clientSecret(secretClient.clientSecret() + "x")))
                .isInstanceOf(NotAuthorizedException.class).hasMessageContaining("secret");
        assertThat(cognito.getTokensFromRefreshToken(b -> b.clientId(secretClient.clientId()).refreshToken(secretClientToken)
                .clientSecret(secretClient.clientSecret())).authenticationResult().accessToken()).isNotBlank();

        assertThatThrownBy(() -> refresh(cognito, pool, "not-a-token"))
                .isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Invalid Refresh Token");
        assertThatThrownBy(() -> cognito.getTokensFromRefreshToken(b -> b.clientId(secretClient.clientId()).refreshToken(token)
                .clientSecret(secretClient.clientSecret())))
                .as("a token issued to another client").isInstanceOf(NotAuthorizedException.class).hasMessageStartingWith("Invalid Refresh Token");
        assertThat(refresh(cognito, pool, token).refreshToken()).as("the refused requests did not spend it").isNotBlank();
    }
}
