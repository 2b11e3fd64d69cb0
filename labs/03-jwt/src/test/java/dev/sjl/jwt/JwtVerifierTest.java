package dev.sjl.jwt;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static dev.sjl.jwt.ForgedTokens.header;
import static dev.sjl.jwt.ForgedTokens.hs256;
import static dev.sjl.jwt.ForgedTokens.validClaims;
import static dev.sjl.jwt.Outcomes.rejected;
import static dev.sjl.jwt.Outcomes.returned;
import static dev.sjl.jwt.TestKeys.AUDIENCE;
import static dev.sjl.jwt.TestKeys.ISSUER;
import static dev.sjl.jwt.TestKeys.NOW;
import static dev.sjl.jwt.TestKeys.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every token here is made by hand ({@link ForgedTokens}), so these tests need nothing from task 2 and show exactly
 * what an attacker can send.
 */
@DisplayName("Task 3: verify tokens and reject the attacks")
class JwtVerifierTest {

    private static final String KID = "rsa-1";

    /** RSA key generation takes a noticeable fraction of a second: once per class, and never changed. */
    private static KeyPair rsa;

    private final JwtVerifier verifier = new JwtVerifier(TrustedKeys.hs256(TestKeys.hmacKey(SECRET)), ISSUER, AUDIENCE,
            Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeAll
    static void generateKey() {
        rsa = TestKeys.rsa(2048);
    }

    private static String signed(Map<String, Object> claims) {
        return hs256(header("HS256", null), claims, SECRET);
    }

    private void assertRejected(String token, String why) {
        rejected(why + ": throw InvalidTokenException (catch the library's exceptions and drop their message)",
                () -> verifier.verify(token));
    }

    /** What {@code verifier} makes of a token it must accept; {@code rule} says why it must. */
    private static VerifiedToken accepted(JwtVerifier verifier, String token, String rule) {
        return returned(rule + ": verify refused a valid token", () -> verifier.verify(token));
    }

    private VerifiedToken accepted(String token, String rule) {
        return accepted(verifier, token, rule);
    }

    @Test
    @Tag("task:3")
    @DisplayName("Accepts a valid token and returns its subject, expiry and id")
    void acceptsAValidToken() {
        Map<String, Object> claims = validClaims("user-42", NOW);

        VerifiedToken verified = accepted(signed(claims), "a token signed with the secret, from the issuer, for the "
                + "audience, with token_use=access and typ at+jwt, issued a minute ago");

        assertThat(verified.subject()).as("the subject is the sub claim").isEqualTo("user-42");
        assertThat(verified.expiresAt().getEpochSecond()).as("expiresAt is the exp claim").isEqualTo(claims.get("exp"));
        assertThat(verified.tokenId()).as("tokenId is the jti claim").isEqualTo(claims.get("jti"));
    }

    @Test
    @Tag("task:3")
    @DisplayName("Accepts a token whose audience is a list that includes this API")
    void acceptsAnAudienceList() {
        Map<String, Object> claims = validClaims("user-42", NOW);
        claims.put("aud", List.of("billing-api", AUDIENCE));

        assertThat(accepted(signed(claims), "aud may be a string or an array (RFC 7519): require that it contains "
                + "the audience").subject()).isEqualTo("user-42");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Reads the time from the injected clock, not from the system's")
    void usesTheInjectedClock() {
        Instant in2090 = Instant.parse("2090-01-01T00:00:00Z");
        JwtVerifier verifierIn2090 = new JwtVerifier(TrustedKeys.hs256(TestKeys.hmacKey(SECRET)), ISSUER, AUDIENCE,
                Clock.fixed(in2090, ZoneOffset.UTC));

        accepted(verifierIn2090, signed(validClaims("user-42", in2090)), "this token is valid in 2090, and the "
                + "verifier's clock says 2090: read the time from the injected clock (parser .clock(...)), not the system's");
        rejected("this token expired in 2026, and the verifier's clock says 2090: read the time from the injected clock",
                () -> verifierIn2090.verify(signed(validClaims("user-42", NOW))));
    }

    // tag::test-attacks[]
    @Test
    @Tag("task:3")
    @DisplayName("Rejects a token whose alg is none")
    void rejectsAlgNone() {
        assertRejected(ForgedTokens.unsigned(validClaims("user-42", NOW)),
                "alg=none means 'no signature': anyone can write one, so never accept it");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects a token whose payload was tampered with")
    void rejectsATamperedPayload() {
        String genuine = signed(validClaims("user-42", NOW));

        assertRejected(ForgedTokens.withClaims(genuine, validClaims("admin", NOW)),
                "new claims under the old signature: the signature no longer matches");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects a token signed with another secret")
    void rejectsAnotherSecret() {
        byte[] other = "an-attackers-own-secret-32-bytes".getBytes(StandardCharsets.US_ASCII);

        assertRejected(hs256(header("HS256", null), validClaims("user-42", NOW), other),
                "a well-formed token signed with a key we do not trust");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects a token whose signature was cut off")
    void rejectsAMissingSignature() {
        String genuine = signed(validClaims("user-42", NOW));

        assertRejected(genuine.substring(0, genuine.lastIndexOf('.') + 1),
                "header.claims. with alg HS256 and an empty signature");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects a token signed by the trusted key with another algorithm (RS384, RS512, PS256)")
    void pinsTheAlgorithm() {
        JwtVerifier rs256Verifier = new JwtVerifier(TrustedKeys.rs256(Map.of(KID, rsa.getPublic())), ISSUER, AUDIENCE,
                Clock.fixed(NOW, ZoneOffset.UTC));
        accepted(rs256Verifier, ForgedTokens.rsa("RS256", header("RS256", KID), validClaims("user-42", NOW),
                rsa.getPrivate()), "the same key under RS256, the algorithm these keys are for");

        for (String algorithm : List.of("RS384", "RS512", "PS256")) {
            String token = ForgedTokens.rsa(algorithm, header(algorithm, KID), validClaims("admin", NOW), rsa.getPrivate());
            rejected("the verifier, not the token, picks the algorithm: this " + algorithm + " token is signed by the "
                    + "trusted key itself, and must still be refused (accept only trustedKeys.algorithm(); a key "
                    + "locator that returns the key whatever the header's alg lets the token choose)",
                    () -> rs256Verifier.verify(token));
        }
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects an expired token")
    void rejectsAnExpiredToken() {
        Map<String, Object> claims = validClaims("user-42", NOW);
        claims.put("exp", NOW.minusSeconds(31).getEpochSecond());

        assertRejected(signed(claims), "exp is 31 s ago, beyond the 30 s allowed for clock skew");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Accepts a token that expired, or was issued, less than 30 seconds off (clock skew)")
    void allowsThirtySecondsOfSkew() {
        Map<String, Object> expiredJustNow = validClaims("user-42", NOW);
        expiredJustNow.put("exp", NOW.minusSeconds(20).getEpochSecond());
        Map<String, Object> issuedJustAhead = validClaims("user-42", NOW);
        issuedJustAhead.put("iat", NOW.plusSeconds(20).getEpochSecond());
        issuedJustAhead.put("nbf", NOW.plusSeconds(20).getEpochSecond());

        accepted(signed(expiredJustNow), "clocks of issuer and verifier differ a little: allow JwtVerifier.CLOCK_SKEW "
                + "(30 s) past exp, no more");
        accepted(signed(issuedJustAhead), "an issuer whose clock is 20 s ahead: allow CLOCK_SKEW before iat and nbf too");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects a token that is not valid yet")
    void rejectsATokenFromTheFuture() {
        Map<String, Object> claims = validClaims("user-42", NOW);
        claims.put("nbf", NOW.plusSeconds(60).getEpochSecond());

        assertRejected(signed(claims), "nbf is a minute ahead, beyond the clock skew");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects a token from another issuer")
    void rejectsAnotherIssuer() {
        Map<String, Object> claims = validClaims("user-42", NOW);
        claims.put("iss", "https://evil.example");

        assertRejected(signed(claims), "iss must be exactly the configured issuer");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects a token for another audience")
    void rejectsAnotherAudience() {
        Map<String, Object> claims = validClaims("user-42", NOW);
        claims.put("aud", "billing-api");

        assertRejected(signed(claims), "a token for another API must not open this one");
    }
    // end::test-attacks[]

    // tag::test-typed[]
    @Test
    @Tag("task:3")
    @DisplayName("Rejects a JWT that is not typed as an access token (typ at+jwt)")
    void rejectsOtherTypes() {
        Map<String, Object> typedJwt = header("HS256", null);
        typedJwt.put("typ", "JWT");
        Map<String, Object> untyped = header("HS256", null);
        untyped.remove("typ");

        assertRejected(hs256(typedJwt, validClaims("user-42", NOW), SECRET), "typ JWT: the same key may sign ID "
                + "tokens, reset links, anything; only typ at+jwt is an access token (RFC 9068, RFC 8725 explicit typing)");
        assertRejected(hs256(untyped, validClaims("user-42", NOW), SECRET), "no typ at all: require typ at+jwt");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects an empty or unknown crit header")
    void rejectsCrit() {
        Map<String, Object> emptyCrit = header("HS256", null);
        emptyCrit.put("crit", List.of());
        Map<String, Object> unknownCrit = header("HS256", null);
        unknownCrit.put("crit", List.of("sjl-geo"));
        unknownCrit.put("sjl-geo", "eu");

        assertRejected(hs256(emptyCrit, validClaims("user-42", NOW), SECRET), "crit: [] is forbidden (RFC 7515, "
                + "section 4.1.11: when present, crit lists at least one extension); the library lets the empty "
                + "list through, so refuse a crit header that names nothing yourself");
        assertRejected(hs256(unknownCrit, validClaims("user-42", NOW), SECRET), "crit names an extension this "
                + "verifier does not understand: the token must be refused");
        for (Object malformed : new Object[] {"", Map.of()}) {
            Map<String, Object> header = header("HS256", null);
            header.put("crit", malformed);
            assertRejected(hs256(header, validClaims("user-42", NOW), SECRET), "crit: " + (malformed instanceof Map
                    ? "{}" : "\"\"") + " is no list of extensions (RFC 7515, section 4.1.11), and the library drops it "
                    + "as silently as an empty crit: refuse any crit that is not a non-empty list");
        }
    }
    // end::test-typed[]

    // tag::test-times[]
    @Test
    @Tag("task:3")
    @DisplayName("Rejects a token issued in the future, beyond the clock skew")
    void rejectsIssuedInTheFuture() {
        Map<String, Object> claims = validClaims("user-42", NOW);
        claims.put("iat", NOW.plus(Duration.ofDays(365)).getEpochSecond());
        claims.remove("nbf");
        claims.put("exp", NOW.plus(Duration.ofDays(365)).plusSeconds(600).getEpochSecond());

        assertRejected(signed(claims), "issued in the future: iat a year ahead comes from a broken clock or a forger "
                + "(the gateway's JWT authorizer refuses it as 'issued in the future' too): refuse iat later than "
                + "now + CLOCK_SKEW");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects a token that lives longer than the issuer ever lets a token live")
    void boundsTheLifetime() {
        Map<String, Object> seventyFiveYears = validClaims("user-42", NOW);
        seventyFiveYears.put("exp", NOW.plus(Duration.ofDays(75 * 365)).getEpochSecond());
        Map<String, Object> justOverAnHour = validClaims("user-42", NOW);
        justOverAnHour.put("exp", NOW.minusSeconds(60).plus(JwtVerifier.MAX_TOKEN_LIFETIME).plusSeconds(31).getEpochSecond());
        Map<String, Object> noIssuedAt = validClaims("user-42", NOW);
        noIssuedAt.remove("iat");

        assertRejected(signed(seventyFiveYears), "a token lifetime (exp - iat) of 75 years: this issuer never mints "
                + "one longer than its access token lifetime, so refuse exp - iat beyond maxLifetime + CLOCK_SKEW");
        assertRejected(signed(justOverAnHour), "a token lifetime (exp - iat) of an hour and 31 s: beyond "
                + "MAX_TOKEN_LIFETIME + CLOCK_SKEW");
        assertRejected(signed(noIssuedAt), "without iat nobody can tell the token lifetime: require it");
        Map<String, Object> anHourAndTheSkew = validClaims("user-42", NOW);
        anHourAndTheSkew.put("exp", NOW.minusSeconds(60).plus(JwtVerifier.MAX_TOKEN_LIFETIME).plusSeconds(30).getEpochSecond());
        accepted(signed(anHourAndTheSkew), "a token lifetime (exp - iat) of exactly MAX_TOKEN_LIFETIME + CLOCK_SKEW "
                + "is still allowed: refuse only beyond it");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Bounds the lifetime by the one it is given")
    void boundsTheLifetimeItIsGiven() {
        JwtVerifier fifteenMinutes = new JwtVerifier(TrustedKeys.hs256(TestKeys.hmacKey(SECRET)), ISSUER, AUDIENCE,
                Duration.ofMinutes(15), Clock.fixed(NOW, ZoneOffset.UTC));
        Map<String, Object> twentyMinutes = validClaims("user-42", NOW);
        twentyMinutes.put("exp", NOW.minusSeconds(60).plus(Duration.ofMinutes(20)).getEpochSecond());

        accepted(fifteenMinutes, signed(validClaims("user-42", NOW)), "a 15-minute token, for an issuer of 15-minute tokens");
        rejected("a token lifetime (exp - iat) of 20 minutes from an issuer of 15-minute tokens (ACCESS_TOKEN_TTL): "
                + "compare with the maxLifetime given to the constructor, not a constant", () -> fifteenMinutes.verify(signed(twentyMinutes)));
    }
    // end::test-times[]

    @Test
    @Tag("task:3")
    @DisplayName("Rejects a token without an expiry")
    void rejectsATokenWithoutExpiry() {
        Map<String, Object> claims = validClaims("user-42", NOW);
        claims.remove("exp");

        assertRejected(signed(claims), "the library checks exp only when it is present; a token without one "
                + "would be valid forever, so require it yourself");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects a token without a subject")
    void rejectsATokenWithoutSubject() {
        Map<String, Object> claims = validClaims("user-42", NOW);
        claims.remove("sub");

        assertRejected(signed(claims), "no sub, no user: nothing downstream may guess one");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects a token that is not an access token")
    void rejectsOtherTokenUses() {
        Map<String, Object> idToken = validClaims("user-42", NOW);
        idToken.put("token_use", "id");
        Map<String, Object> noUse = validClaims("user-42", NOW);
        noUse.remove("token_use");

        assertRejected(signed(idToken), "token_use=id is an identity token, not an API credential");
        assertRejected(signed(noUse), "a token without token_use was not issued as an access token");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "not-a-jwt", "a.b.c", "eyJhbGciOiJIUzI1NiJ9..", "Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig"})
    @Tag("task:3")
    @DisplayName("Rejects input that is not a JWT with InvalidTokenException, never another exception")
    void rejectsGarbage(String input) {
        assertRejected(input, "whatever a client sends, the answer is InvalidTokenException: "
                + "null and blank included, before the parser sees them");
    }
}
