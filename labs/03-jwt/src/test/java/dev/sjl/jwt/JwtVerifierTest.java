package dev.sjl.jwt;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static dev.sjl.jwt.ForgedTokens.header;
import static dev.sjl.jwt.ForgedTokens.hs256;
import static dev.sjl.jwt.ForgedTokens.validClaims;
import static dev.sjl.jwt.TestKeys.AUDIENCE;
import static dev.sjl.jwt.TestKeys.ISSUER;
import static dev.sjl.jwt.TestKeys.NOW;
import static dev.sjl.jwt.TestKeys.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every token here is made by hand ({@link ForgedTokens}), so these tests need nothing from task 2 and show exactly
 * what an attacker can send.
 */
@DisplayName("Task 3: verify tokens and reject the attacks")
class JwtVerifierTest {

    private final JwtVerifier verifier = new JwtVerifier(TrustedKeys.hs256(TestKeys.hmacKey(SECRET)), ISSUER, AUDIENCE,
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static String signed(Map<String, Object> claims) {
        return hs256(header("HS256", null), claims, SECRET);
    }

    private void assertRejected(String token, String why) {
        assertThatThrownBy(() -> verifier.verify(token))
                .as(why + ": throw InvalidTokenException (catch the library's exceptions and drop their message)")
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    @Tag("task:3")
    @DisplayName("Accepts a valid token and returns its subject, expiry and id")
    void acceptsAValidToken() {
        Map<String, Object> claims = validClaims("user-42", NOW);

        VerifiedToken verified = verifier.verify(signed(claims));

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

        assertThat(verifier.verify(signed(claims)).subject())
                .as("aud may be a string or an array (RFC 7519): require that it contains the audience")
                .isEqualTo("user-42");
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
    @DisplayName("Rejects an expired token")
    void rejectsAnExpiredToken() {
        Map<String, Object> claims = validClaims("user-42", NOW);
        claims.put("exp", NOW.minusSeconds(31).getEpochSecond());

        assertRejected(signed(claims), "exp is 31 s ago, beyond the 30 s allowed for clock skew");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Accepts a token that expired less than 30 seconds ago (clock skew)")
    void allowsThirtySecondsOfSkew() {
        Map<String, Object> claims = validClaims("user-42", NOW);
        claims.put("exp", NOW.minusSeconds(20).getEpochSecond());

        assertThat(verifier.verify(signed(claims)).subject())
                .as("clocks of issuer and verifier differ a little: allow JwtVerifier.CLOCK_SKEW (30 s), no more")
                .isEqualTo("user-42");
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
