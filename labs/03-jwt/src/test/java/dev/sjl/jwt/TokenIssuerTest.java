package dev.sjl.jwt;

import dev.sjl.lambda.ConfigurationException;
import dev.sjl.lambda.Env;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.SignatureException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.sjl.jwt.TestKeys.AUDIENCE;
import static dev.sjl.jwt.TestKeys.ISSUER;
import static dev.sjl.jwt.TestKeys.NOW;
import static dev.sjl.jwt.TestKeys.SECRET;
import static dev.sjl.jwt.Outcomes.completes;
import static dev.sjl.jwt.Outcomes.refused;
import static dev.sjl.jwt.Outcomes.returned;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Task 2: issue HS256 access tokens")
class TokenIssuerTest {

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    private TokenIssuer issuer(Duration ttl) {
        return new TokenIssuer(SigningKey.hs256(SECRET), ISSUER, AUDIENCE, ttl, clock);
    }

    /**
     * Reads a token the way any HS256 verifier holding the secret would, checking the signature and nothing of its
     * times (the tests look at those themselves, and say what is wrong with them).
     */
    private static Jws<Claims> parse(String token, byte[] secret) {
        return Jwts.parser().verifyWith(TestKeys.hmacKey(secret)).clockSkewSeconds(ONE_HUNDRED_YEARS).build()
                .parseSignedClaims(token);
    }

    /** The token as the configured secret verifies it; fails with {@code rule} when it does not verify. */
    private static Jws<Claims> verified(String token, String rule) {
        return returned(rule + ": the token must be a JWS that the configured secret verifies "
                + "(sign it with signingKey.sign(builder))", () -> parse(token, SECRET));
    }

    private static final long ONE_HUNDRED_YEARS = Duration.ofDays(36_525).toSeconds();

    @Test
    @Tag("task:2")
    @DisplayName("Signs an HS256 token that the secret verifies and another secret does not")
    void signsWithTheSecret() {
        String token = issuer(Duration.ofMinutes(15)).issueAccessToken("user-1");

        assertThat(token.split("\\.")).as("a signed JWT has three base64url parts: header.claims.signature").hasSize(3);
        assertThat(verified(token, "HS256 with the secret").getHeader().getAlgorithm())
                .as("sign with Jwts.SIG.HS256 and the SigningKey's secret").isEqualTo("HS256");
        byte[] otherSecret = "another-secret-of-32-bytes-long!".getBytes(StandardCharsets.US_ASCII);
        refused(SignatureException.class, "only the configured secret may verify the token", () -> parse(token, otherSecret));
    }

    // tag::test-typ[]
    @Test
    @Tag("task:2")
    @DisplayName("Types the token as an access token: header typ at+jwt")
    void typedAsAnAccessToken() {
        String token = issuer(Duration.ofMinutes(15)).issueAccessToken("user-1");

        assertThat(verified(token, "typ").getHeader().getType())
                .as("the header's typ is at+jwt (RFC 9068; RFC 8725 asks for explicit typing): a verifier that requires "
                        + "it cannot be handed another JWT the same key signs. Set it with "
                        + ".header().type(TokenIssuer.ACCESS_TOKEN_TYPE).and()")
                .isEqualTo(TokenIssuer.ACCESS_TOKEN_TYPE);
    }
    // end::test-typ[]

    // tag::test-claims[]
    @Test
    @Tag("task:2")
    @DisplayName("Says who, by whom, for whom and until when, with times from the injected clock")
    void standardClaims() {
        Claims claims = verified(issuer(Duration.ofMinutes(15)).issueAccessToken("user-1"), "claims").getPayload();

        assertThat(claims.getSubject()).as("sub is the user id").isEqualTo("user-1");
        assertThat(claims.getIssuer()).as("iss is the configured issuer").isEqualTo(ISSUER);
        assertThat(claims.getAudience()).as("aud holds the configured audience").containsExactly(AUDIENCE);
        assertThat(claims.getIssuedAt().toInstant())
                .as("iat comes from the clock given to the constructor (clock.instant()), not from the system clock")
                .isEqualTo(NOW);
        assertThat(claims.getNotBefore())
                .as("nbf (not before) is iat: a token is not valid before it was issued; set it with notBefore(...)")
                .isEqualTo(claims.getIssuedAt());
        assertThat(claims.getExpiration()).as("exp is iat plus the lifetime: 15 minutes here").isNotNull();
        assertThat(claims.getExpiration().toInstant()).as("exp is iat plus the lifetime: 15 minutes here")
                .isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(claims.get("token_use", String.class))
                .as("token_use=access tells an access token from any other token signed with this key")
                .isEqualTo("access");
    }
    // end::test-claims[]

    @Test
    @Tag("task:2")
    @DisplayName("Expires a token after the lifetime it is given")
    void usesTheGivenLifetime() {
        Claims claims = verified(issuer(Duration.ofMinutes(5)).issueAccessToken("user-1"), "lifetime").getPayload();

        assertThat(claims.getExpiration()).as("use the issuer's ttl, not a constant").isNotNull();
        assertThat(Duration.between(claims.getIssuedAt().toInstant(), claims.getExpiration().toInstant()))
                .as("use the issuer's ttl, not a constant: this issuer was given 5 minutes").isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    @Tag("task:2")
    @DisplayName("Reads the token lifetimes from configuration, within safe bounds")
    void lifetimesFromConfiguration() {
        AuthConfig defaults = TestKeys.config(TestKeys.hs256Environment());
        AuthConfig shortest = TestKeys.config(lifetimes("PT1M", "PT2M"));
        AuthConfig longest = TestKeys.config(lifetimes("PT1H", "P90D"));

        assertThat(defaults.accessTokenTtl()).as("15 minutes unless configured").isEqualTo(Duration.ofMinutes(15));
        assertThat(defaults.refreshTokenTtl()).as("30 days unless configured").isEqualTo(Duration.ofDays(30));
        assertThat(defaults.signingKey().algorithm()).isEqualTo("HS256");
        assertThat(shortest.accessTokenTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(longest.accessTokenTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(longest.refreshTokenTtl()).isEqualTo(Duration.ofDays(90));
        Claims claims = verified(new TokenIssuer(shortest.signingKey(), ISSUER, AUDIENCE, shortest.accessTokenTtl(), clock)
                .issueAccessToken("user-1"), "the configured key").getPayload();
        assertThat(Duration.between(claims.getIssuedAt().toInstant(), claims.getExpiration().toInstant()))
                .as("ACCESS_TOKEN_TTL=PT1M: a token issued with this configuration lives one minute").isEqualTo(Duration.ofMinutes(1));
        for (Map<String, String> refused : List.of(lifetimes("PT59S", "P1D"), lifetimes("PT61M", "P1D"),
                lifetimes("PT15M", "PT15M"), lifetimes("PT15M", "P91D"))) {
            refused(ConfigurationException.class,
                    "access tokens live 1 to 60 minutes; a login lasts longer than one, at most 90 days: " + refused,
                    () -> TestKeys.config(refused));
        }
    }

    private static Map<String, String> lifetimes(String access, String refresh) {
        Map<String, String> environment = TestKeys.hs256Environment();
        environment.put("ACCESS_TOKEN_TTL", access);
        environment.put("REFRESH_TOKEN_TTL", refresh);
        return environment;
    }

    @Test
    @Tag("task:2")
    @DisplayName("Gives every token its own id (jti), so one token can be revoked alone")
    void uniqueTokenIds() {
        TokenIssuer issuer = issuer(Duration.ofMinutes(15));
        String first = verified(issuer.issueAccessToken("user-1"), "jti").getPayload().getId();
        String second = verified(issuer.issueAccessToken("user-1"), "jti").getPayload().getId();

        assertThat(first).as("set jti, e.g. to a random UUID").isNotBlank();
        assertThat(second).as("two tokens, two ids, even for the same user in the same second").isNotEqualTo(first);
    }

    @Test
    @Tag("task:2")
    @DisplayName("Puts no personal data in the token: anyone holding it can read its claims")
    void onlyTheClaimsItNeeds() {
        String token = issuer(Duration.ofMinutes(15)).issueAccessToken("user-1");

        assertThat(ForgedTokens.decode(token, 1).keySet())
                .as("a JWT is signed, not encrypted (base64url decodes it): keep to iss, sub, aud, iat, nbf, exp, jti "
                        + "and token_use; no email, no name")
                .isSubsetOf(Set.of("iss", "sub", "aud", "iat", "nbf", "exp", "jti", "token_use"));
    }

    @Test
    @Tag("task:2")
    @DisplayName("Refuses an HS256 secret shorter than 256 bits, without showing it")
    void refusesShortSecrets() {
        byte[] shortSecret = "only-31-bytes-of-test-secret!!!".getBytes(StandardCharsets.US_ASCII);

        assertThat(shortSecret).hasSize(31);
        assertThat(refused(IllegalArgumentException.class, "fewer than 32 bytes: throw IllegalArgumentException "
                + "stating the rule", () -> SigningKey.hs256(shortSecret)))
                .as("state the rule (32 bytes) and never the secret")
                .hasMessageContaining("32")
                .hasMessageNotContaining("only-31-bytes");
        refused(IllegalArgumentException.class, "no secret at all is the shortest secret: the same refusal",
                () -> SigningKey.hs256(null));
        completes("32 bytes are enough", () -> SigningKey.hs256(SECRET));
        assertThat(SigningKey.hs256(SECRET).toString())
                .as("a key that ends up in a log line shows its algorithm, never its secret")
                .contains("HS256")
                .doesNotContain(new String(SECRET, StandardCharsets.US_ASCII))
                .doesNotContain(Base64.getEncoder().encodeToString(SECRET));
    }

    @Test
    @Tag("task:2")
    @DisplayName("Fails init with a clear message when the HS256 secret is missing or too short")
    void configurationWithoutAGoodSecret() {
        Map<String, String> missing = TestKeys.hs256Environment();
        missing.remove("JWT_HS256_SECRET");
        Map<String, String> tooShort = TestKeys.hs256Environment();
        String shortValue = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes(StandardCharsets.US_ASCII));
        tooShort.put("JWT_HS256_SECRET", shortValue);

        String noDefault = "no default secret, ever: a function without one must not start";
        assertThat(refused(ConfigurationException.class, noDefault, () -> AuthConfig.from(new Env(missing))).variable())
                .as(noDefault).isEqualTo("JWT_HS256_SECRET");
        String tooShortRule = "a 16-byte secret must fail init (SigningKey.hs256 refuses it), naming the variable, not its value";
        ConfigurationException refusedShort = refused(ConfigurationException.class, tooShortRule,
                () -> AuthConfig.from(new Env(tooShort)));
        assertThat(refusedShort.variable()).as(tooShortRule).isEqualTo("JWT_HS256_SECRET");
        assertThat(refusedShort).as(tooShortRule).hasMessageNotContaining(shortValue);
    }
}
