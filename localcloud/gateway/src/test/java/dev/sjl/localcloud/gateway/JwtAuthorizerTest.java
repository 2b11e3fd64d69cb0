package dev.sjl.localcloud.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sjl.localcloud.gateway.samples.CallerHandler;
import io.jsonwebtoken.Jwts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The gateway verifies JWTs itself: a bad token is a 401 (or 403 for scopes) before any function runs. */
class JwtAuthorizerTest {

    private final TestIdentityProvider idp = new TestIdentityProvider();
    private final RecordingFunction function = new RecordingFunction();

    @AfterEach
    void stopIdentityProvider() {
        idp.close();
    }

    private JwtAuthorizer authorizer() {
        return JwtAuthorizer.builder().issuer(idp.issuer()).audience(TestIdentityProvider.AUDIENCE).build();
    }

    private LocalHttpApi api(Authorization authorization) {
        return LocalHttpApi.builder()
                .route("GET /me", Integration.function("me", function), authorization)
                .build()
                .start();
    }

    private static HttpResponse<String> callWith(LocalHttpApi api, String authorization) {
        return Http.get(api.baseUri().resolve("me"), "Authorization", authorization);
    }

    private void assertUnauthorized(HttpResponse<String> response, String why) {
        assertThat(response.statusCode()).as("%s: the gateway must answer 401", why).isEqualTo(401);
        assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
        assertThat(response.headers().firstValue("www-authenticate")).as("a 401 says why in www-authenticate")
                .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer ").contains("invalid_token"));
        assertThat(function.invocations()).as("%s: the function must not run", why).isZero();
    }

    // tag::jwt-claims-test[]
    @Test
    @Tag("task:5")
    @DisplayName("Invokes the function with the verified claims as strings in requestContext.authorizer.jwt")
    void passesClaimsToFunction() {
        try (LocalHttpApi api = api(Authorization.jwt(authorizer()))) {
            String token = idp.token(Instant.now())
                    .claim("cognito:groups", List.of("admin", "users"))
                    .claim("email_verified", true)
                    .compact();

            HttpResponse<String> response = callWith(api, "Bearer " + token);

            assertThat(response.statusCode()).as("a valid token passes").isEqualTo(200);
            JsonNode jwt = function.lastEvent().path("requestContext").path("authorizer").path("jwt");
            JsonNode claims = jwt.path("claims");
            assertThat(claims.path("sub").asText()).isEqualTo("user-1");
            assertThat(claims.path("iss").asText()).isEqualTo(idp.issuer());
            assertThat(claims.path("exp").isTextual()).as("numeric claims arrive as strings").isTrue();
            assertThat(claims.path("exp").asText()).matches("\\d{10}");
            assertThat(claims.path("email_verified").asText()).as("booleans arrive as strings").isEqualTo("true");
            assertThat(claims.path("cognito:groups").asText())
                    .as("arrays arrive in API Gateway's bracketed, space-separated form").isEqualTo("[admin users]");
            assertThat(jwt.has("scopes") && jwt.path("scopes").isNull())
                    .as("scopes is null on a route that requires none").isTrue();
        }
    }
    // end::jwt-claims-test[]

    @Test
    @Tag("task:5")
    @DisplayName("Hands the claims to a typed handler through APIGatewayV2HTTPEvent")
    void typedHandlerReadsClaims() {
        try (LocalHttpApi api = LocalHttpApi.builder()
                .route("GET /me", Integration.handler("caller", new CallerHandler()), Authorization.jwt(authorizer()))
                .build()
                .start()) {
            String token = idp.token(Instant.now()).claim("cognito:groups", List.of("admin")).compact();

            JsonNode caller = Http.json(callWith(api, token).body());

            assertThat(caller.path("subject").asText()).as("a token without 'Bearer ' is accepted too")
                    .isEqualTo("user-1");
            assertThat(caller.path("groups").asText()).isEqualTo("[admin]");
        }
    }

    @Test
    @Tag("task:5")
    @DisplayName("Answers 401 to a request without a token")
    void rejectsMissingToken() {
        try (LocalHttpApi api = api(Authorization.jwt(authorizer()))) {
            assertUnauthorized(Http.get(api.baseUri().resolve("me")), "no Authorization header");
        }
    }

    @Test
    @Tag("task:5")
    @DisplayName("Answers 401 to an expired token, a token not yet valid, and one issued in the future")
    void rejectsTokenOutsideItsLifetime() {
        try (LocalHttpApi api = api(Authorization.jwt(authorizer()))) {
            Instant now = Instant.now();
            String expired = idp.token(now.minus(Duration.ofHours(1))).compact();
            String notYet = idp.token(now).notBefore(Date.from(now.plus(Duration.ofMinutes(10)))).compact();
            String fromTheFuture = idp.token(now.plus(Duration.ofMinutes(2))).compact();

            HttpResponse<String> expiredResponse = callWith(api, "Bearer " + expired);
            assertUnauthorized(expiredResponse, "expired");
            assertThat(expiredResponse.headers().firstValue("www-authenticate").orElseThrow())
                    .contains("error_description=\"the token has expired\"");
            assertUnauthorized(callWith(api, "Bearer " + notYet), "nbf in the future");
            assertUnauthorized(callWith(api, "Bearer " + fromTheFuture), "iat in the future");
        }
    }

    @Test
    @Tag("task:5")
    @DisplayName("Answers 401 to a token from another issuer, even one differing by a trailing slash")
    void rejectsWrongIssuer() {
        try (LocalHttpApi api = api(Authorization.jwt(authorizer()))) {
            String trailingSlash = idp.token(Instant.now()).issuer(idp.issuer() + "/").compact();

            HttpResponse<String> response = callWith(api, "Bearer " + trailingSlash);

            assertUnauthorized(response, "issuer with a trailing slash");
            assertThat(response.headers().firstValue("www-authenticate").orElseThrow())
                    .contains("error_description=\"the token does not have a valid issuer\"");
        }
    }

    @Test
    @Tag("task:5")
    @DisplayName("Answers 401 with API Gateway's www-authenticate text to a token for another audience")
    void rejectsWrongAudience() {
        try (LocalHttpApi api = api(Authorization.jwt(authorizer()))) {
            String otherAudience = idp.token(Instant.now()).audience().single("some-other-client").compact();

            HttpResponse<String> response = callWith(api, "Bearer " + otherAudience);

            assertUnauthorized(response, "wrong audience");
            assertThat(response.headers().firstValue("www-authenticate")).as("the header AWS documents, verbatim")
                    .contains("Bearer scope=\"\" error=\"invalid_token\" "
                            + "error_description=\"the token does not have a valid audience\"");
        }
    }

    @Test
    @Tag("task:5")
    @DisplayName("Accepts a Cognito access token: no aud, the app client in client_id")
    void acceptsClientIdWithoutAud() {
        try (LocalHttpApi api = api(Authorization.jwt(authorizer()))) {
            String accessToken = idp.token(Instant.now())
                    .audience().clear().and()
                    .claim("client_id", TestIdentityProvider.AUDIENCE)
                    .claim("token_use", "access")
                    .compact();

            assertThat(callWith(api, "Bearer " + accessToken).statusCode())
                    .as("client_id is checked when aud is absent").isEqualTo(200);
        }
    }

    @Test
    @Tag("task:5")
    @DisplayName("Answers 401 to a token with neither aud nor client_id")
    void rejectsTokenWithoutAudience() {
        try (LocalHttpApi api = api(Authorization.jwt(authorizer()))) {
            String neither = idp.token(Instant.now()).audience().clear().and().compact();

            assertUnauthorized(callWith(api, "Bearer " + neither), "neither aud nor client_id");
        }
    }

    @Test
    @Tag("task:5")
    @DisplayName("Reads scopes from scp when the token has no scope claim")
    void readsScpClaim() {
        try (LocalHttpApi api = api(Authorization.jwt(authorizer(), "users/read"))) {
            String token = idp.token(Instant.now()).claim("scp", List.of("users/read")).compact();

            assertThat(callWith(api, "Bearer " + token).statusCode()).as("scp is the other scope claim AWS reads")
                    .isEqualTo(200);
        }
    }

    @Test
    @Tag("task:5")
    @DisplayName("Answers 401 to a forged signature, an HS256 token, an unsigned token and an unknown kid")
    void rejectsUntrustedSignatures() {
        try (LocalHttpApi api = api(Authorization.jwt(authorizer()))) {
            Instant now = Instant.now();
            KeyPair attacker = Jwts.SIG.RS256.keyPair().build();
            String forged = idp.token(now).signWith(attacker.getPrivate(), Jwts.SIG.RS256).compact();
            String hmac = idp.token(now).signWith(Jwts.SIG.HS256.key().build(), Jwts.SIG.HS256).compact();
            String valid = idp.token(now).compact();
            String noneHeader = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString("{\"alg\":\"none\",\"kid\":\"key-1\"}".getBytes(StandardCharsets.UTF_8));
            String unsigned = noneHeader + valid.substring(valid.indexOf('.'), valid.lastIndexOf('.') + 1);
            String unknownKid = idp.token(now).header().keyId("not-published").and().compact();

            HttpResponse<String> forgedResponse = callWith(api, "Bearer " + forged);
            assertUnauthorized(forgedResponse, "signed by another key");
            assertThat(forgedResponse.headers().firstValue("www-authenticate").orElseThrow())
                    .contains("the token signature is invalid");
            assertUnauthorized(callWith(api, "Bearer " + hmac), "HS256");
            assertUnauthorized(callWith(api, "Bearer " + unsigned), "alg none");
            HttpResponse<String> unknownKidResponse = callWith(api, "Bearer " + unknownKid);
            assertUnauthorized(unknownKidResponse, "unknown kid");
            assertThat(unknownKidResponse.headers().firstValue("www-authenticate").orElseThrow())
                    .contains("the token's kid is not in the issuer's JWKS");
            assertUnauthorized(callWith(api, "Bearer not.a.jwt"), "garbage");
        }
    }

    // tag::jwt-scopes-test[]
    @Test
    @Tag("task:5")
    @DisplayName("Answers 403 when the token has none of the route's scopes, and passes the scopes when it has one")
    void enforcesRouteScopes() {
        try (LocalHttpApi api = api(Authorization.jwt(authorizer(), "users/read", "users/admin"))) {
            Instant now = Instant.now();
            String reader = idp.token(now).claim("scope", "openid users/read").compact();
            String openIdOnly = idp.token(now).claim("scope", "openid").compact();
            String noScope = idp.token(now).compact();

            HttpResponse<String> forbidden = callWith(api, "Bearer " + openIdOnly);
            assertThat(forbidden.statusCode()).as("a valid token without a route scope is forbidden, not unauthorized")
                    .isEqualTo(403);
            assertThat(forbidden.body()).isEqualTo("{\"message\":\"Forbidden\"}");
            assertThat(forbidden.headers().firstValue("www-authenticate").orElseThrow())
                    .contains("error=\"insufficient_scope\"");
            assertThat(callWith(api, "Bearer " + noScope).statusCode()).as("no scope claim at all").isEqualTo(403);
            assertThat(function.invocations()).isZero();

            assertThat(callWith(api, "Bearer " + reader).statusCode()).as("one matching scope is enough")
                    .isEqualTo(200);
            assertThat(Http.JSON.convertValue(function.lastEvent().path("requestContext").path("authorizer")
                    .path("jwt").path("scopes"), List.class)).containsExactly("openid", "users/read");
        }
    }
    // end::jwt-scopes-test[]

    @Test
    @Tag("task:5")
    @DisplayName("Downloads the JWKS once and reuses it for later requests")
    void cachesJwks() {
        try (LocalHttpApi api = api(Authorization.jwt(authorizer()))) {
            for (int i = 0; i < 3; i++) {
                assertThat(callWith(api, "Bearer " + idp.token(Instant.now()).compact()).statusCode()).isEqualTo(200);
            }

            assertThat(idp.jwksDownloads()).as("three requests, one JWKS download").isEqualTo(1);
        }
    }

    @Test
    @Tag("task:5")
    @DisplayName("Picks up a rotated signing key, refetching the JWKS for an unknown kid at most every 30 seconds")
    void followsKeyRotation() {
        MutableClock clock = MutableClock.of(Instant.now(), ZoneOffset.UTC);
        JwtAuthorizer authorizer = JwtAuthorizer.builder()
                .issuer(idp.issuer())
                .audience(TestIdentityProvider.AUDIENCE)
                .jwksUri(idp.jwksUri())
                .build();
        try (LocalHttpApi api = LocalHttpApi.builder()
                .clock(clock)
                .route("GET /me", Integration.function("me", function), Authorization.jwt(authorizer))
                .build()
                .start()) {
            assertThat(callWith(api, "Bearer " + idp.token(clock.instant()).compact()).statusCode()).isEqualTo(200);

            idp.rotateKey();
            HttpResponse<String> tooSoon = callWith(api, "Bearer " + idp.token(clock.instant()).compact());
            clock.add(Duration.ofSeconds(31));
            HttpResponse<String> later = callWith(api, "Bearer " + idp.token(clock.instant()).compact());

            assertThat(tooSoon.statusCode()).as("an unknown kid right after a download does not trigger another")
                    .isEqualTo(401);
            assertThat(later.statusCode()).as("after the refetch interval the new key is fetched and accepted")
                    .isEqualTo(200);
            assertThat(idp.jwksDownloads()).isEqualTo(2);
        }
    }

    @Test
    @Tag("task:5")
    @DisplayName("Reads the token from the configured identity source")
    void readsConfiguredIdentitySource() {
        JwtAuthorizer fromQuery = JwtAuthorizer.builder()
                .issuer(idp.issuer())
                .audience(TestIdentityProvider.AUDIENCE)
                .identitySource("$request.querystring.access_token")
                .build();
        try (LocalHttpApi api = api(Authorization.jwt(fromQuery))) {
            String token = idp.token(Instant.now()).compact();

            assertThat(Http.get(api.baseUri().resolve("me?access_token=" + token)).statusCode()).isEqualTo(200);
            assertThat(Http.get(api.baseUri().resolve("me"), "Authorization", "Bearer " + token).statusCode())
                    .as("the header is not where this authorizer looks").isEqualTo(401);
        }
    }

    @Test
    @Tag("task:5")
    @DisplayName("Passes a token valid for one route of a shared authorizer, and keeps public routes public")
    void sharesAuthorizerAcrossRoutes() {
        JwtAuthorizer shared = authorizer();
        try (LocalHttpApi api = LocalHttpApi.builder()
                .route("GET /me", Integration.function("me", function), Authorization.jwt(shared))
                .route("GET /orders", Integration.function("orders", function), Authorization.jwt(shared))
                .route("GET /health", Integration.function("health", function))
                .build()
                .start()) {
            String token = "Bearer " + idp.token(Instant.now()).compact();
            Map<String, Integer> statuses = Map.of(
                    "me", Http.get(api.baseUri().resolve("me"), "Authorization", token).statusCode(),
                    "orders", Http.get(api.baseUri().resolve("orders"), "Authorization", token).statusCode(),
                    "health", Http.get(api.baseUri().resolve("health")).statusCode());

            assertThat(statuses).containsEntry("me", 200).containsEntry("orders", 200).containsEntry("health", 200);
            assertThat(Http.get(api.baseUri().resolve("orders")).statusCode()).isEqualTo(401);
        }
    }
}
