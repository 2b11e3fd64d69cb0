package dev.sjl.jwt;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;

import javax.crypto.SecretKey;
import java.security.Key;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Optional;

/**
 * The key this service signs access tokens with, and what others need to verify them: the same secret (HS256)
 * or the public key in a JWKS (RS256). It prints neither.
 */
public final class SigningKey {

    /** HS256 is only as strong as its key: RFC 7518 asks for at least the hash size, 256 bits. */
    public static final int MIN_HS256_SECRET_BYTES = 32;

    /** RFC 7518 asks for at least 2048-bit RSA keys for RS256. */
    public static final int MIN_RSA_BITS = 2048;

    private final String algorithm;
    private final String keyId;
    private final Key key;
    private final TrustedKeys trustedKeys;
    private final String jwks;

    private SigningKey(String algorithm, String keyId, Key key, TrustedKeys trustedKeys, String jwks) {
        this.algorithm = algorithm;
        this.keyId = keyId;
        this.key = key;
        this.trustedKeys = trustedKeys;
        this.jwks = jwks;
    }

    // tag::hs256-key[]
    /**
     * A shared HMAC secret: every service that verifies the tokens holds it, and so can also mint them.
     *
     * @throws IllegalArgumentException when the secret has fewer than 32 bytes (the message states the rule, never
     *                                  the secret)
     */
    public static SigningKey hs256(byte[] secret) {
        // TODO: refuse fewer than MIN_HS256_SECRET_BYTES with an IllegalArgumentException that states the rule (never the
        //  secret); then build an HMAC-SHA256 SecretKey and call the constructor: no key id, TrustedKeys.hs256(key), and
        //  JwksDocument.EMPTY (a shared secret is never published).
        throw new UnsupportedOperationException("Task 2: build an HS256 signing key from a secret of at least 32 bytes");
    }
    // end::hs256-key[]

    // tag::rs256-key[]
    /**
     * An RSA key pair: the private key signs here, the public key (published in the JWKS under {@code keyId})
     * lets anyone verify, and no verifier can mint a token.
     *
     * @throws IllegalArgumentException for a blank key id, a non-RSA key pair or a modulus under 2048 bits
     */
    public static SigningKey rs256(String keyId, KeyPair keyPair) {
        // TODO: refuse a blank key id, a key pair that is not RSA, or a modulus under MIN_RSA_BITS. Sign with the private
        //  key; verifiers trust the public key under keyId; the JWKS publishes that public key.
        throw new UnsupportedOperationException("Task 7: build an RS256 signing key with a key id and a JWKS");
    }
    // end::rs256-key[]

    /** {@code HS256} or {@code RS256}. */
    public String algorithm() {
        return algorithm;
    }

    /** The {@code kid} put in every token's header; empty for HS256. */
    public Optional<String> keyId() {
        return Optional.ofNullable(keyId);
    }

    /** What a verifier of this service's tokens must trust. */
    public TrustedKeys trustedKeys() {
        return trustedKeys;
    }

    /** The JWKS document to publish: the public key for RS256, no key at all for HS256. */
    public String jwks() {
        return jwks;
    }

    /** Signs with this key and its algorithm, set explicitly: jjwt would otherwise pick RS512 for a 4096-bit key. */
    JwtBuilder sign(JwtBuilder builder) {
        if (key instanceof SecretKey secret) {
            return builder.signWith(secret, Jwts.SIG.HS256);
        }
        return builder.header().keyId(keyId).and().signWith((PrivateKey) key, Jwts.SIG.RS256);
    }

    @Override
    public String toString() {
        return "SigningKey[" + algorithm + (keyId == null ? "" : ", kid=" + keyId) + "]";
    }
}
