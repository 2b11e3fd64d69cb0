package dev.sjl.jwt;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sjl.http.Router;
import dev.sjl.lambda.ConfigurationException;
import dev.sjl.lambda.Env;
import dev.sjl.users.InMemoryUserRepository;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;

import static dev.sjl.jwt.Fixtures.body;
import static dev.sjl.jwt.Fixtures.header;
import static dev.sjl.jwt.Fixtures.json;
import static dev.sjl.jwt.ForgedTokens.header;
import static dev.sjl.jwt.ForgedTokens.validClaims;
import static dev.sjl.jwt.TestKeys.AUDIENCE;
import static dev.sjl.jwt.TestKeys.ISSUER;
import static dev.sjl.jwt.TestKeys.NOW;
import static dev.sjl.jwt.Outcomes.refused;
import static dev.sjl.jwt.Outcomes.rejected;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Task 7: sign with RS256 and publish a JWKS")
class Rs256JwksTest {

    private static final String KID = "sjl-2026-11";

    /** RSA key generation takes a noticeable fraction of a second: once per class, and never changed. */
    private static KeyPair keyPair;
    private static KeyPair otherKeyPair;
    private static KeyPair weakKeyPair;

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @BeforeAll
    static void generateKeys() {
        keyPair = TestKeys.rsa(2048);
        otherKeyPair = TestKeys.rsa(2048);
        weakKeyPair = TestKeys.rsa(1024);
    }

    private static RSAPublicKey publicKey(KeyPair pair) {
        return (RSAPublicKey) pair.getPublic();
    }

    private JwtVerifier verifierTrusting(String jwks) {
        return new JwtVerifier(TrustedKeys.fromJwks(jwks), ISSUER, AUDIENCE, clock);
    }

    /** A verifier that knows only what this service publishes: the JWKS with {@code keyPair}'s public key. */
    private JwtVerifier verifier() {
        return verifierTrusting(JwksDocument.of(Map.of(KID, publicKey(keyPair))));
    }

    private void assertRejected(String token, String why) {
        JwtVerifier verifier = verifier();
        rejected(why + ": throw InvalidTokenException", () -> verifier.verify(token));
    }

    @Test
    @Tag("task:7")
    @DisplayName("Signs with RS256 and names the key in the header (kid)")
    void signsWithRs256() {
        SigningKey signingKey = SigningKey.rs256(KID, keyPair);
        String token = new TokenIssuer(signingKey, ISSUER, AUDIENCE, Duration.ofMinutes(15), clock).issueAccessToken("user-1");

        var jws = Jwts.parser().verifyWith(keyPair.getPublic()).clock(() -> Date.from(NOW)).build().parseSignedClaims(token);
        assertThat(jws.getHeader().getAlgorithm()).as("SigningKey.rs256 signs with the private key, RS256").isEqualTo("RS256");
        assertThat(jws.getHeader().getKeyId()).as("the kid tells verifiers which JWKS key to use").isEqualTo(KID);
        assertThat(jws.getPayload().getSubject()).isEqualTo("user-1");
        assertThat(signingKey.algorithm()).isEqualTo("RS256");
        assertThat(signingKey.keyId()).contains(KID);
        assertThat(signingKey.toString()).as("a logged key shows its algorithm and kid, nothing of the key")
                .contains("RS256").contains(KID).doesNotContain(publicKey(keyPair).getModulus().toString());
        assertThat(signingKey.trustedKeys().toString()).contains("RS256").contains(KID);
    }

    @Test
    @Tag("task:7")
    @DisplayName("Refuses an RSA key under 2048 bits and a blank key id")
    void refusesWeakKeys() {
        assertThat(refused(IllegalArgumentException.class, "RFC 7518: RS256 keys have at least 2048 bits; this one has 1024",
                () -> SigningKey.rs256(KID, weakKeyPair))).as("say the rule: 2048 bits").hasMessageContaining("2048");
        refused(IllegalArgumentException.class, "without a kid, verifiers cannot pick the key", () -> SigningKey.rs256(" ", keyPair));
    }

    // tag::test-jwks[]
    @Test
    @Tag("task:7")
    @DisplayName("Publishes the public key in a JWKS, and nothing private")
    void publishesAJwks() {
        JsonNode jwks = json(SigningKey.rs256(KID, keyPair).jwks());

        assertThat(jwks.path("keys").size()).as("one key in {\"keys\":[...]}").isEqualTo(1);
        JsonNode key = jwks.path("keys").get(0);
        assertThat(key.path("kty").asText()).isEqualTo("RSA");
        assertThat(key.path("kid").asText()).isEqualTo(KID);
        assertThat(key.path("alg").asText()).isEqualTo("RS256");
        assertThat(key.path("use").asText()).as("use=sig: a key for signatures").isEqualTo("sig");
        byte[] n = Base64.getUrlDecoder().decode(key.path("n").asText());
        assertThat(new BigInteger(1, n)).as("n is the modulus, base64url, big-endian").isEqualTo(publicKey(keyPair).getModulus());
        assertThat(n.length == 0 ? -1 : n[0])
                .as("n has no leading zero byte (RFC 7518, section 6.3.1.1): BigInteger.toByteArray() adds a sign byte "
                        + "in front of a 2048-bit modulus, which strict verifiers refuse; let the library write the JWK")
                .isNotZero();
        assertThat(n).as("a 2048-bit modulus is exactly 256 bytes in n, no leading zero").hasSize(256);
        assertThat(key.path("e").asText()).as("e is the public exponent, 65537, as base64url of its minimal bytes").isEqualTo("AQAB");
        assertThat(key.has("d") || key.has("p") || key.has("q") || key.has("dp") || key.has("dq") || key.has("qi"))
                .as("never publish a private part: d, p, q, dp, dq, qi").isFalse();
        assertThat(json(SigningKey.hs256(TestKeys.SECRET).jwks()).path("keys").size())
                .as("an HS256 service publishes no key: its secret is not public").isZero();
    }

    @Test
    @Tag("task:7")
    @DisplayName("Verifies an RS256 token with the keys read from the JWKS")
    void verifiesWithTheJwks() {
        SigningKey signingKey = SigningKey.rs256(KID, keyPair);
        String token = new TokenIssuer(signingKey, ISSUER, AUDIENCE, Duration.ofMinutes(15), clock).issueAccessToken("user-1");

        assertThat(verifierTrusting(signingKey.jwks()).verify(token).subject())
                .as("TrustedKeys.fromJwks reads the document any verifier downloads (Cognito's too, in lab 04)")
                .isEqualTo("user-1");
    }
    // end::test-jwks[]

    @Test
    @Tag("task:7")
    @DisplayName("Trusts every key of a JWKS during a key rotation")
    void trustsSeveralKeys() {
        Map<String, RSAPublicKey> both = new LinkedHashMap<>();
        both.put("old", publicKey(otherKeyPair));
        both.put(KID, publicKey(keyPair));
        String jwks = JwksDocument.of(both);
        String oldToken = ForgedTokens.rs256(header("RS256", "old"), validClaims("user-1", NOW), otherKeyPair.getPrivate());
        String newToken = ForgedTokens.rs256(header("RS256", KID), validClaims("user-2", NOW), keyPair.getPrivate());

        assertThat(json(jwks).path("keys").size()).as("one JWKS entry per key").isEqualTo(2);
        assertThat(verifierTrusting(jwks).verify(oldToken).subject())
                .as("tokens signed with the old key still verify until they expire").isEqualTo("user-1");
        assertThat(verifierTrusting(jwks).verify(newToken).subject()).isEqualTo("user-2");
    }

    @Test
    @Tag("task:7")
    @DisplayName("Ignores JWKS keys that are not RS256 signing keys")
    void ignoresOtherKeys() {
        String encryptionOnly = "{\"keys\":[" + Jwks.json(Jwks.builder().key(publicKey(keyPair)).id("enc-key")
                .publicKeyUse("enc").build()) + "]}";

        refused(IllegalArgumentException.class, "a key marked use=enc is not for signatures: a JWKS with nothing else "
                + "is unusable", () -> TrustedKeys.fromJwks(encryptionOnly));
        String rs512Only = "{\"keys\":[" + Jwks.json(Jwks.builder().key(publicKey(keyPair)).id("rs512-key")
                .algorithm("RS512").build()) + "]}";
        refused(IllegalArgumentException.class, "a key published for RS512 must not verify RS256 tokens: keep only "
                + "keys whose alg is RS256 or absent", () -> TrustedKeys.fromJwks(rs512Only));
        String noKid = "{\"keys\":[" + Jwks.json(Jwks.builder().key(publicKey(keyPair)).algorithm("RS256").build()) + "]}";
        refused(IllegalArgumentException.class, "a key without a kid cannot be picked by a token's kid: leave it out",
                () -> TrustedKeys.fromJwks(noKid));
        refused(IllegalArgumentException.class, "a document that is not a JWKS", () -> TrustedKeys.fromJwks("{\"not\":\"a jwks\"}"));
    }

    // tag::test-key-confusion[]
    @Test
    @Tag("task:7")
    @DisplayName("Rejects an HS256 token signed with the RSA public key (key confusion)")
    void rejectsKeyConfusion() {
        byte[] publicDer = keyPair.getPublic().getEncoded();
        byte[] publicPem = ("-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(publicDer)
                + "\n-----END PUBLIC KEY-----\n").getBytes(StandardCharsets.US_ASCII);

        // The classic attack on libraries that hand the key's bytes to whatever alg the header names. jjwt refuses
        // an RSA key for HMAC on its own, so this test guards the whole chain; the pinning itself (the verifier picks
        // the algorithm) is task 3's test with RS384, RS512 and PS256 tokens signed by the trusted key.
        assertRejected(ForgedTokens.hs256(header("HS256", KID), validClaims("admin", NOW), publicDer),
                "the public key is public: an HS256 token whose HMAC key is the public key's DER bytes must be refused");
        assertRejected(ForgedTokens.hs256(header("HS256", KID), validClaims("admin", NOW), publicPem),
                "the same attack with the PEM text as the HMAC secret");
    }
    // end::test-key-confusion[]

    @Test
    @Tag("task:7")
    @DisplayName("Rejects a token whose kid is not in the JWKS, or that has none")
    void rejectsUnknownKid() {
        assertRejected(ForgedTokens.rs256(header("RS256", "unknown-kid"), validClaims("user-1", NOW), keyPair.getPrivate()),
                "a kid no trusted key has: no key, no verification");
        assertRejected(ForgedTokens.rs256(header("RS256", null), validClaims("user-1", NOW), keyPair.getPrivate()),
                "no kid: do not try every key, refuse");
    }

    @Test
    @Tag("task:7")
    @DisplayName("Rejects a token signed by another key under a trusted kid")
    void rejectsAnotherKeyUnderATrustedKid() {
        assertRejected(ForgedTokens.rs256(header("RS256", KID), validClaims("user-1", NOW), otherKeyPair.getPrivate()),
                "anyone can write a kid: the signature must match that kid's key");
    }

    @Test
    @Tag("task:7")
    @DisplayName("Serves GET /.well-known/jwks.json and signs logins with the configured RS256 key")
    void rs256OverHttp() {
        AuthApi api = new AuthApi(new AuthHandler(TestKeys.config(TestKeys.rs256Environment(keyPair, KID)),
                new InMemoryUserRepository(), new BcryptPasswordHasher(4), clock));
        api.signedUp("ada@example.com", "correct horse battery staple");
        String accessToken = api.loggedIn("ada@example.com", "correct horse battery staple").path("accessToken").asText();

        APIGatewayV2HTTPResponse jwks = api.jwks();

        assertThat(jwks.getStatusCode()).as("body: %s", jwks.getBody()).isEqualTo(200);
        assertThat(header(jwks, "Content-Type")).startsWith("application/json");
        assertThat(body(jwks).path("keys").get(0).path("kid").asText()).isEqualTo(KID);
        assertThat(ForgedTokens.decode(accessToken, 0)).as("the login's token names its key")
                .containsEntry("alg", "RS256").containsEntry("kid", KID);
        assertThat(verifierTrusting(jwks.getBody()).verify(accessToken).subject())
                .as("a verifier that knows only the published JWKS (an authorizer in lab 05) accepts the token")
                .isNotBlank();
        assertThat(api.me(accessToken).getStatusCode()).as("and GET /users/me accepts it").isEqualTo(200);
        assertThat(AuthHandler.routeTable())
                .as("the handbook's route table comes from the code that builds the live router")
                .contains(new Router.RouteInfo("GET", "/.well-known/jwks.json", "public"),
                        new Router.RouteInfo("GET", "/users/me", "JWT"));
    }

    @Test
    @Tag("task:7")
    @DisplayName("Fails init with a clear message for a missing, malformed or weak RS256 key")
    void rs256Configuration() {
        Map<String, String> missing = TestKeys.rs256Environment(keyPair, KID);
        missing.remove("JWT_RS256_PRIVATE_KEY");
        Map<String, String> garbage = TestKeys.rs256Environment(keyPair, KID);
        garbage.put("JWT_RS256_PRIVATE_KEY", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----");
        Map<String, String> weak = TestKeys.rs256Environment(weakKeyPair, KID);

        String rule = "each must stop init with a ConfigurationException naming JWT_RS256_PRIVATE_KEY, never its value "
                + "(a 1024-bit key too: SigningKey.rs256 refuses it)";
        for (Map<String, String> environment : java.util.List.of(missing, garbage, weak)) {
            ConfigurationException refused = refused(ConfigurationException.class, rule, () -> AuthConfig.from(new Env(environment)));
            assertThat(refused.variable()).as(rule).isEqualTo("JWT_RS256_PRIVATE_KEY");
            assertThat(refused).as(rule).hasMessageNotContaining("bm90IGEga2V5");
        }
    }
}
