package dev.sjl.cognito;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.jwt.InvalidTokenException;
import dev.sjl.jwt.JwtVerifier;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static dev.sjl.cognito.Api.body;
import static dev.sjl.cognito.Api.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Cognito's tokens verified in Java, and every forgery of the attack list refused. */
@Tag("task:3")
@LocalCloudTest(services = Service.COGNITO)
class CognitoTokenVerifierTest {

    private static CognitoTokenVerifier verifier(Pool pool, Clock clock) {
        return new CognitoTokenVerifier(pool.issuer(), pool.clientId(), PoolKeys.fromUrl(pool.config().jwksUri(), clock), clock);
    }

    private static CognitoTokenVerifier verifier(Pool pool) {
        return verifier(pool, Clock.systemUTC());
    }

    /** Refused, with lab 03's one message and nothing of the library's. */
    private static void assertRefused(ThrowingVerify verify, String rule) {
        Throwable thrown = catchThrowable(verify::run);
        assertThat(thrown).as(rule).isInstanceOf(InvalidTokenException.class);
        assertThat(thrown.getMessage()).as("one message for every refusal").isEqualTo(InvalidTokenException.MESSAGE);
    }

    @FunctionalInterface
    private interface ThrowingVerify {
        void run() throws Exception;
    }

    @Test
    @DisplayName("Accepts this pool's access token for this app client, with its sub and groups")
    void acceptsAccessToken(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.admin("ada@example.com");
        String access = pool.login("ada@example.com").accessToken();

        Throwable thrown = catchThrowable(() -> verifier(pool).verifyAccessToken(access));
        assertThat(thrown).as("a Cognito access token has no aud: its app client is in client_id, which must be "
                + "checked instead").isNull();
        VerifiedCognitoToken token = verifier(pool).verifyAccessToken(access);
        assertThat(token.subject()).isEqualTo(claims(access).path("sub").asText());
        assertThat(token.tokenUse()).isEqualTo("access");
        assertThat(token.groups()).as("cognito:groups become the token's groups").containsExactly(UserPoolDefinition.ADMIN_GROUP);
        assertThat(token.expiresAt()).isEqualTo(Instant.ofEpochSecond(claims(access).path("exp").asLong()));
    }

    @Test
    @DisplayName("Accepts this pool's ID token as an ID token, checked by its aud")
    void acceptsIdToken(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        String id = pool.login("ada@example.com").idToken();

        VerifiedCognitoToken token = verifier(pool).verifyIdToken(id);

        assertThat(token.tokenUse()).isEqualTo("id");
        assertThat(token.email()).isEqualTo("ada@example.com");
    }

    @Test
    @DisplayName("Attack: token_use swap, an ID token presented as an access token and the reverse")
    void tokenUseSwap(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        AuthenticationResultType tokens = pool.login("ada@example.com");
        CognitoTokenVerifier verifier = verifier(pool);

        assertRefused(() -> verifier.verifyAccessToken(tokens.idToken()),
                "an ID token is not an access token: check token_use, whatever client claim the token carries");
        assertRefused(() -> verifier.verifyIdToken(tokens.accessToken()),
                "an access token is not an ID token: check token_use");
    }

    @Test
    @DisplayName("Attack: a token of another user pool")
    void anotherPool(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        Pool other = Pool.plain(cognito, cloud, resources);
        other.confirmedUser("eve@example.com");
        String foreign = other.login("eve@example.com").accessToken();

        assertRefused(() -> verifier(pool).verifyAccessToken(foreign), "another pool's token: iss must be this pool's, exactly");
        // Keys and client id right for the token, issuer not: only the iss check can refuse it (a key set shared by
        // mistake, or a JWKS URL taken from configuration that someone pointed elsewhere).
        CognitoTokenVerifier trustingTheirKeys = new CognitoTokenVerifier(pool.issuer(), other.clientId(),
                PoolKeys.fromUrl(other.config().jwksUri(), Clock.systemUTC()), Clock.systemUTC());
        assertRefused(() -> trustingTheirKeys.verifyAccessToken(foreign),
                "signed by a key we trust, for a client id we accept, but issued by another pool: iss must be this pool's");
    }

    @Test
    @DisplayName("Attack: an access token of another app client of the same pool")
    void otherAppClient(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        String console = pool.otherClient();
        AuthenticationResultType tokens = pool.login("ada@example.com", console);

        assertRefused(() -> verifier(pool).verifyAccessToken(tokens.accessToken()),
                "another app client's access token: client_id must be ours");
        assertRefused(() -> verifier(pool).verifyIdToken(tokens.idToken()),
                "another app client's ID token: aud must be ours");
    }

    @Test
    @DisplayName("Attack: an expired token, refused once exp and the 30 s of skew have passed, accepted just before")
    void expired(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        String access = pool.login("ada@example.com").accessToken();
        Instant exp = Instant.ofEpochSecond(claims(access).path("exp").asLong());
        MutableClock clock = MutableClock.of(exp.plus(JwtVerifier.CLOCK_SKEW).minusSeconds(2), ZoneOffset.UTC);
        CognitoTokenVerifier verifier = verifier(pool, clock);

        Throwable justBefore = catchThrowable(() -> verifier.verifyAccessToken(access));
        assertThat(justBefore).as("within the clock skew after exp the token still verifies").isNull();
        clock.add(java.time.Duration.ofSeconds(4));
        assertRefused(() -> verifier.verifyAccessToken(access), "expired beyond the skew: exp must be checked against the clock");
    }

    @Test
    @DisplayName("Attack: a token issued in the future, by a clock gone wrong or a forger")
    void issuedInTheFuture(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        cloud.cognitoUserPools().advanceClock(pool.id(), java.time.Duration.ofMinutes(10));
        String fromTheFuture = pool.login("ada@example.com").accessToken();

        assertRefused(() -> verifier(pool).verifyAccessToken(fromTheFuture),
                "iat ten minutes ahead of our clock: refuse a token issued in the future beyond the skew");
    }

    @Test
    @DisplayName("Attack: alg none, and HS256 signed with the pool's public key as the secret")
    void algorithmAttacks(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) throws Exception {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        String access = pool.login("ada@example.com").accessToken();
        byte[] jwks = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(pool.config().jwksUri()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body().getBytes(StandardCharsets.UTF_8);
        CognitoTokenVerifier verifier = verifier(pool);

        assertRefused(() -> verifier.verifyAccessToken(Forgery.unsigned(access)), "alg none: only RS256 is accepted");
        assertRefused(() -> verifier.verifyAccessToken(Forgery.hs256(access, jwks)),
                "alg HS256 with public material as the secret: the algorithm is ours (RS256), never the token's");
    }

    @Test
    @DisplayName("Attack: a token signed with the attacker's own key under an unknown kid")
    void unknownKid(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) throws Exception {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        String access = pool.login("ada@example.com").accessToken();
        CognitoTokenVerifier verifier = verifier(pool);

        assertRefused(() -> verifier.verifyAccessToken(Forgery.ownKey(access, "attacker-kid")),
                "an unknown kid: the key must come from the pool's JWKS");
        String realKid = Forgery.header(access).path("kid").asText();
        assertRefused(() -> verifier.verifyAccessToken(Forgery.ownKey(access, realKid)),
                "the pool's kid with the attacker's signature: the signature must be checked");
        assertRefused(() -> verifier.verifyAccessToken("not.a.token"), "garbage");
        assertRefused(() -> verifier.verifyAccessToken(null), "no token");
    }

    @Test
    @DisplayName("GET /users/me answers from the verified access token; without one, or with an ID token, 401")
    void usersMe(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        AuthenticationResultType tokens = pool.login("ada@example.com");
        Api api = new Api(new CognitoAuthHandler(pool.config(), cognito, PoolKeys.fromUrl(pool.config().jwksUri(),
                Clock.systemUTC()), Clock.systemUTC()));

        APIGatewayV2HTTPResponse me = api.get("/users/me", tokens.accessToken());
        assertThat(me.getStatusCode()).as("GET /users/me with a valid access token: 200; body %s", me.getBody()).isEqualTo(200);
        assertThat(body(me).path("id").asText()).isEqualTo(claims(tokens.accessToken()).path("sub").asText());
        assertThat(api.get("/users/me", null).getStatusCode()).as("no token: 401").isEqualTo(401);
        assertThat(api.get("/users/me", tokens.idToken()).getStatusCode()).as("an ID token on the API: 401").isEqualTo(401);
        assertThat(api.getAuthorized("/users/me", "Basic " + tokens.accessToken()).getStatusCode())
                .as("a token under another scheme than Bearer: 401").isEqualTo(401);
        assertThat(CognitoAuthHandler.routeTable()).extracting(r -> r.method() + " " + r.path())
                .contains("GET /users/me", "GET /users", "POST /logout");
    }

    @Test
    @DisplayName("GET /users is for the admin group only: 403 for a user, 200 with the list for an admin")
    void adminOnly(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("bob@example.com");
        pool.admin("ada@example.com");
        Api api = new Api(new CognitoAuthHandler(pool.config(), cognito, PoolKeys.fromUrl(pool.config().jwksUri(),
                Clock.systemUTC()), Clock.systemUTC()));

        APIGatewayV2HTTPResponse asUser = api.get("/users", pool.login("bob@example.com").accessToken());
        assertThat(asUser.getStatusCode()).as("a user outside the admin group: 403; body %s", asUser.getBody()).isEqualTo(403);
        APIGatewayV2HTTPResponse asAdmin = api.get("/users", pool.login("ada@example.com").accessToken());
        assertThat(asAdmin.getStatusCode()).as("cognito:groups contains admin: 200; body %s", asAdmin.getBody()).isEqualTo(200);
        assertThat(body(asAdmin).path("users").findValuesAsText("email"))
                .containsExactlyInAnyOrder("ada@example.com", "bob@example.com");
    }
}
