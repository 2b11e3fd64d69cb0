package dev.sjl.attacks;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import dev.sjl.apigateway.MeHandler;
import dev.sjl.apigateway.UserApi;
import dev.sjl.localcloud.gateway.Authorization;
import dev.sjl.localcloud.gateway.Integration;
import dev.sjl.localcloud.gateway.JwtAuthorizer;
import dev.sjl.localcloud.gateway.LocalHttpApi;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jwt.JWTClaimsSet;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens an attacker sends to a route behind the JWT authorizer ({@code GET /users/me}). What AWS's HTTP API JWT
 * authorizer does is documented in "Control access to HTTP APIs with JWT authorizers in API Gateway"
 * (docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html): the token alone or after
 * {@code Bearer}; decoded; its algorithm and signature checked against the issuer's JWKS ("API Gateway supports only
 * RSA-based algorithms"), the key found by {@code kid}; then {@code iss}, {@code aud} or {@code client_id}, {@code exp},
 * {@code nbf}, {@code iat} and, for a route with scopes, the scope. Any failure: 401 {@code {"message":"Unauthorized"}}
 * (403 {@code Forbidden} for a missing scope) before the function runs. Each case below is one of those steps.
 */
@ExtendWith(Target.class)
@DisplayName("Token attacks on a route behind the JWT authorizer")
class TokenAttacksTest {

    private static Target target;
    private static HttpServer attackerSite;
    /**
     * The same gateway code, the same {@code me} function and route scope, trusting {@link Forge#TRUSTED_ISSUER}, whose
     * key the test holds. The local Cognito keeps each pool's private key to itself (as AWS does), so a token whose only
     * fault is one claim (expired, not yet valid, another issuer, a {@code crit} header) can be signed validly only for
     * an issuer like this one.
     */
    private static LocalHttpApi claimsGateway;
    private static final AtomicInteger ATTACKER_FETCHES = new AtomicInteger();

    @BeforeAll
    static void setUp() throws IOException {
        target = Target.get();
        // Where jku/x5u point: the attacker's JWKS. The gateway must never fetch it; the counter says whether it did.
        attackerSite = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attackerSite.createContext("/", exchange -> {
            ATTACKER_FETCHES.incrementAndGet();
            byte[] jwks = new JWKSet(Forge.ATTACKER_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        attackerSite.createContext("/trusted/jwks.json", exchange -> {
            byte[] jwks = new JWKSet(Forge.TRUSTED_KEY.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        attackerSite.start();
        JwtAuthorizer trusted = JwtAuthorizer.builder().issuer(Forge.TRUSTED_ISSUER).audience(target.service.clientId())
                .jwksUri(attacker("/trusted/jwks.json")).build();
        claimsGateway = LocalHttpApi.builder()
                .route(UserApi.ME, Integration.handler(UserApi.ME_FUNCTION, new MeHandler()),
                        Authorization.jwt(trusted, UserApi.USER_SCOPE))
                .build().start();
    }

    @AfterAll
    static void tearDown() {
        if (claimsGateway != null) {
            claimsGateway.close();
        }
        attackerSite.stop(0);
    }

    private static String alice() {
        return target.alice.accessToken();
    }

    private static HttpResponse<String> me(String token) {
        return target.get("users/me", token);
    }

    /** Alice's claims as the trusted issuer would sign them, changed by {@code edit}. */
    private static HttpResponse<String> meAtClaimsGateway(java.util.function.UnaryOperator<JWTClaimsSet.Builder> edit) {
        String token = Forge.trustedSigned(Forge.edited(alice(), c -> edit.apply(c.issuer(Forge.TRUSTED_ISSUER))));
        return Target.send(java.net.http.HttpRequest.newBuilder(claimsGateway.baseUri().resolve("users/me"))
                .header("authorization", "Bearer " + token).GET().build());
    }

    /** The pool's current signing key, public half, from its JWKS as anyone can read it. */
    private static RSAKey poolPublicKey() {
        try {
            String kid = com.nimbusds.jwt.SignedJWT.parse(alice()).getHeader().getKeyID();
            String jwks = Target.send(java.net.http.HttpRequest.newBuilder(
                    URI.create(target.service.issuer() + "/.well-known/jwks.json")).GET().build()).body();
            return (RSAKey) JWKSet.parse(jwks).getKeyByKeyId(kid);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static URI attacker(String path) {
        return URI.create("http://127.0.0.1:" + attackerSite.getAddress().getPort() + path);
    }

    @Test
    @DisplayName("200 · control: alice's claims validly signed by a trusted issuer pass (so each claims refusal is for its one fault)")
    void controlReSignedGenuineClaimsPass() {
        HttpResponse<String> response = meAtClaimsGateway(c -> c);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Target.json(response).path("id").asText()).isEqualTo(target.alice.sub());
    }

    @Test
    @DisplayName("401 · alg none: an unsigned token is never accepted (only RSA signatures are)")
    void algNone() {
        Expect.gatewayRefusal(me(Forge.unsigned(Forge.claimsOf(alice()))), 401, "Unauthorized");
    }

    @Test
    @DisplayName("401 · HS256 keyed with the pool's RSA public key: no HMAC algorithm is accepted")
    void hmacWithThePublicKey() {
        Expect.gatewayRefusal(me(Forge.hmacWithPublicKey(Forge.claimsOf(alice()), poolPublicKey())), 401, "Unauthorized");
    }

    @Test
    @DisplayName("401 · jku header naming the attacker's JWKS: keys come only from the issuer's JWKS, never fetched from the token")
    void jkuHeader() {
        int before = ATTACKER_FETCHES.get();
        String token = Forge.signed(Forge.attackerHeader().jwkURL(attacker("/jwks.json")).build(),
                Forge.claimsOf(alice()), Forge.ATTACKER_KEY);
        Expect.gatewayRefusal(me(token), 401, "Unauthorized");
        assertThat(ATTACKER_FETCHES.get()).as("the gateway never called the attacker's URL").isEqualTo(before);
    }

    @Test
    @DisplayName("401 · x5u header naming the attacker's certificate URL: never fetched, never trusted")
    void x5uHeader() {
        int before = ATTACKER_FETCHES.get();
        String token = Forge.signed(Forge.attackerHeader().x509CertURL(attacker("/cert.pem")).build(),
                Forge.claimsOf(alice()), Forge.ATTACKER_KEY);
        Expect.gatewayRefusal(me(token), 401, "Unauthorized");
        assertThat(ATTACKER_FETCHES.get()).as("the gateway never called the attacker's URL").isEqualTo(before);
    }

    @Test
    @DisplayName("401 · embedded jwk header carrying the attacker's public key: a key inside the token is ignored")
    void embeddedJwk() {
        String token = Forge.signed(Forge.attackerHeader().jwk(Forge.ATTACKER_KEY.toPublicJWK()).build(),
                Forge.claimsOf(alice()), Forge.ATTACKER_KEY);
        Expect.gatewayRefusal(me(token), 401, "Unauthorized");
    }

    @Test
    @DisplayName("401 · embedded jwk with the pool's kid, signed by the attacker: the pool's JWKS key is used, the signature fails")
    void embeddedJwkWithThePoolsKid() {
        String token = Forge.signed(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
                .keyID(poolPublicKey().getKeyID()).jwk(Forge.ATTACKER_KEY.toPublicJWK()).build(),
                Forge.claimsOf(alice()), Forge.ATTACKER_KEY);
        Expect.gatewayRefusal(me(token), 401, "Unauthorized");
    }

    @Test
    @DisplayName("401 · kid with path traversal (../../dev/null): a kid only selects among the JWKS's keys")
    void kidPathTraversal() {
        String token = Forge.signed(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
                .keyID("../../../../../../dev/null").build(), Forge.claimsOf(alice()), Forge.ATTACKER_KEY);
        Expect.gatewayRefusal(me(token), 401, "Unauthorized");
    }

    @Test
    @DisplayName("401 · kid with SQL (' OR '1'='1): a kid only selects among the JWKS's keys")
    void kidSqlInjection() {
        String token = Forge.signed(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
                .keyID("x' UNION SELECT 'secret' --' OR '1'='1").build(), Forge.claimsOf(alice()), Forge.ATTACKER_KEY);
        Expect.gatewayRefusal(me(token), 401, "Unauthorized");
    }

    @Test
    @DisplayName("401 · crit naming an unknown extension, otherwise valid (trusted issuer): RFC 7515 §4.1.11 says reject")
    void critUnknownExtension() {
        String token = Forge.signed(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
                .keyID(Forge.TRUSTED_KEY.getKeyID()).criticalParams(Set.of("x-must-understand"))
                .customParam("x-must-understand", true).build(),
                Forge.edited(alice(), c -> c.issuer(Forge.TRUSTED_ISSUER)), Forge.TRUSTED_KEY);
        Expect.gatewayRefusal(Target.send(java.net.http.HttpRequest.newBuilder(claimsGateway.baseUri().resolve("users/me"))
                .header("authorization", "Bearer " + token).GET().build()), 401, "Unauthorized");
    }

    @Test
    @DisplayName("401 · expired ten minutes ago, validly signed (trusted issuer): exp is checked")
    void expired() {
        Date past = new Date(System.currentTimeMillis() - 600_000);
        Expect.gatewayRefusal(meAtClaimsGateway(c -> c.expirationTime(past)
                .issueTime(new Date(past.getTime() - 3_600_000))), 401, "Unauthorized");
    }

    @Test
    @DisplayName("401 · nbf an hour in the future, validly signed (trusted issuer): not valid yet")
    void notBeforeInTheFuture() {
        Date later = new Date(System.currentTimeMillis() + 3_600_000);
        Expect.gatewayRefusal(meAtClaimsGateway(c -> c.notBeforeTime(later)
                .expirationTime(new Date(later.getTime() + 3_600_000))), 401, "Unauthorized");
    }

    @Test
    @DisplayName("401 · iat an hour in the future, validly signed (trusted issuer): a token from the future is refused")
    void issuedInTheFuture() {
        Date later = new Date(System.currentTimeMillis() + 3_600_000);
        Expect.gatewayRefusal(meAtClaimsGateway(c -> c.issueTime(later)
                .expirationTime(new Date(later.getTime() + 3_600_000))), 401, "Unauthorized");
    }

    @Test
    @DisplayName("401 · iss with a trailing slash, validly signed by that issuer's key: the issuer must match exactly")
    void wrongIssuer() {
        String token = Forge.trustedSigned(Forge.edited(alice(), c -> c.issuer(Forge.TRUSTED_ISSUER + "/")));
        Expect.gatewayRefusal(Target.send(java.net.http.HttpRequest.newBuilder(claimsGateway.baseUri().resolve("users/me"))
                .header("authorization", "Bearer " + token).GET().build()), 401, "Unauthorized");
    }

    @Test
    @DisplayName("401 · client_id of another app client, validly signed (trusted issuer): the audience is the web client only")
    void wrongClientIdForged() {
        Expect.gatewayRefusal(meAtClaimsGateway(c -> c.claim("client_id", "another-client")), 401, "Unauthorized");
    }

    @Test
    @DisplayName("401 · a genuine access token of another app client of the same pool: wrong client_id")
    void genuineTokenOfAnotherAppClient() {
        Expect.gatewayRefusal(me(target.accessTokenOfAnotherAppClient(target.alice)), 401, "Unauthorized");
    }

    @Test
    @DisplayName("401 · a genuine access token of another user pool (same emulator, same signing key): wrong iss")
    void genuineTokenOfAnotherPool() {
        Expect.gatewayRefusal(me(target.accessTokenOfAnotherPool()), 401, "Unauthorized");
    }

    @Test
    @DisplayName("403 · alice's genuine ID token where an access token belongs: it has no scope (AWS's own advice)")
    void idTokenAsAccessToken() {
        Expect.gatewayRefusal(me(target.alice.idToken()), 403, "Forbidden");
    }

    @Test
    @DisplayName("401 · alice's token with sub changed to bob's, her signature kept: the signature covers the claims")
    void tamperedPayload() {
        String[] parts = alice().split("\\.");
        JWTClaimsSet claims = Forge.edited(alice(), c -> c.subject(target.bob.sub()).claim("username", target.bob.sub()));
        String tampered = parts[0] + "." + Base64.encode(claims.toString()).toString()
                .replace('+', '-').replace('/', '_').replace("=", "") + "." + parts[2];
        Expect.gatewayRefusal(me(tampered), 401, "Unauthorized");
    }

    @Test
    @DisplayName("401 · a refresh token revoked by POST /logout cannot refresh")
    void revokedRefreshToken() {
        Target.User session = target.logIn(target.bob.email(), Target.PASSWORD);
        assertThat(target.post("logout", Map.of("refreshToken", session.refreshToken()), null).statusCode()).isEqualTo(204);
        Expect.functionRefusal(target.post("token/refresh", Map.of("refreshToken", session.refreshToken()), null),
                401, "invalid_refresh_token");
    }

    @Test
    @DisplayName("401 · a refresh token used twice: refused, and every login of its owner ends (the thief's too)")
    void reusedRefreshToken() {
        // The app client rotates refresh tokens: a refresh spends the one sent and answers a new one. A spent one sent
        // again means two parties held it; whoever refreshed first may be the thief, so the service signs the owner
        // out everywhere (lab 04's CognitoAccounts.refresh).
        // A user of its own: the reuse signs the owner out everywhere, which must not end another test's logins.
        Target.User session = target.signUpAndLogIn("reused");
        Target.User otherDevice = target.logIn(session.email(), Target.PASSWORD);
        HttpResponse<String> first = target.post("token/refresh", Map.of("refreshToken", session.refreshToken()), null);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        String rotated = Target.json(first).path("refreshToken").asText();
        assertThat(rotated).as("a refresh answers a new refresh token").isNotEmpty().isNotEqualTo(session.refreshToken());

        Expect.functionRefusal(target.post("token/refresh", Map.of("refreshToken", session.refreshToken()), null),
                401, "invalid_refresh_token");
        Expect.functionRefusal(target.post("token/refresh", Map.of("refreshToken", rotated), null),
                401, "invalid_refresh_token");
        Expect.functionRefusal(target.post("token/refresh", Map.of("refreshToken", otherDevice.refreshToken()), null),
                401, "invalid_refresh_token");
    }

    @Test
    @DisplayName("4xx · a 100 KB token: refused before any function runs, no 5xx")
    void hundredKilobyteToken() {
        String huge = alice() + "A".repeat(100 * 1024);
        HttpResponse<String> response = me(huge);
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("dev.sjl");
    }

    @Test
    @DisplayName("401 · two Authorization headers (alice's token and bob's): combined with a comma as AWS does, not a token")
    void twoAuthorizationHeaders() {
        HttpResponse<String> response = target.send("GET", "users/me", null, List.of(
                "authorization", "Bearer " + alice(), "authorization", "Bearer " + target.bob.accessToken()));
        Expect.gatewayRefusal(response, 401, "Unauthorized");
    }

    @Test
    @DisplayName("200 · 'bearer' in lower case: the auth scheme is case-insensitive (RFC 7235 §2.1), the token is alice's")
    void lowerCaseBearer() {
        HttpResponse<String> response = target.send("GET", "users/me", null, List.of("authorization", "bearer " + alice()));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(Target.json(response).path("id").asText()).isEqualTo(target.alice.sub());
    }

    @Test
    @DisplayName("403 · validly signed access token (trusted issuer) without the route's scope: scopes are enforced per route")
    void missingScope() {
        Expect.gatewayRefusal(meAtClaimsGateway(c -> c.claim("scope", "openid")), 403, "Forbidden");
    }

    @Test
    @DisplayName("401 · signed with the key cognito-local publishes in its npm package: each pool has keys of its own")
    void cognitoLocalsPublishedKey() {
        Expect.gatewayRefusal(me(Forge.cognitoLocalSigned(Forge.claimsOf(alice()))), 401, "Unauthorized");
    }
}
