package dev.sjl.jwt;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PublicJwk;

import javax.crypto.SecretKey;
import java.security.Key;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The keys a {@link JwtVerifier} accepts signatures from, and the one algorithm they are for. Pinning the algorithm
 * here, rather than believing a token's {@code alg} header, is what defeats {@code alg=none} and key confusion.
 */
public final class TrustedKeys {

    private final String algorithm;
    private final SecretKey secret;
    private final Map<String, PublicKey> publicKeysById;

    private TrustedKeys(String algorithm, SecretKey secret, Map<String, PublicKey> publicKeysById) {
        this.algorithm = algorithm;
        this.secret = secret;
        this.publicKeysById = Map.copyOf(publicKeysById);
    }

    /** Tokens signed with HMAC-SHA256 and this shared secret; a {@code kid} in the header is ignored. */
    public static TrustedKeys hs256(SecretKey secret) {
        if (secret == null) {
            throw new IllegalArgumentException("An HS256 verifier needs the secret");
        }
        return new TrustedKeys("HS256", secret, Map.of());
    }

    /** Tokens signed with RS256 by the private half of one of these public keys, chosen by the token's {@code kid}. */
    public static TrustedKeys rs256(Map<String, ? extends PublicKey> publicKeysById) {
        if (publicKeysById == null || publicKeysById.isEmpty()) {
            throw new IllegalArgumentException("An RS256 verifier needs at least one public key with a key id");
        }
        return new TrustedKeys("RS256", null, new LinkedHashMap<>(publicKeysById));
    }

    // tag::trusted-keys-from-jwks[]
    /**
     * The RS256 signing keys of a JWKS document, such as {@code /.well-known/jwks.json} here or a Cognito user pool's
     * (lab 04). Keys without a {@code kid}, for another algorithm or marked for encryption are left out: a verifier
     * must never pick a key the publisher did not mean for signatures.
     *
     * @throws IllegalArgumentException when the document is not a JWKS or holds no usable key
     */
    public static TrustedKeys fromJwks(String jwksJson) {
        // BEGIN TASK 7
        JwkSet set;
        try {
            set = Jwks.setParser().build().parse(jwksJson);
        } catch (RuntimeException notJwks) {
            throw new IllegalArgumentException("Not a JWKS document", notJwks);
        }
        Map<String, PublicKey> keys = new LinkedHashMap<>();
        for (Jwk<?> jwk : set) {
            if (jwk instanceof PublicJwk<?> publicJwk
                    && publicJwk.toKey() instanceof RSAPublicKey rsa
                    && publicJwk.getId() != null
                    && (publicJwk.getAlgorithm() == null || "RS256".equals(publicJwk.getAlgorithm()))
                    && (publicJwk.getPublicKeyUse() == null || "sig".equals(publicJwk.getPublicKeyUse()))) {
                keys.put(publicJwk.getId(), rsa);
            }
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("The JWKS document holds no RS256 signing key with a key id");
        }
        return rs256(keys);
        // STARTER
        //| // TODO: keep only RSA public keys that have a kid, whose alg is RS256 or absent and whose use is sig or absent.
        //| //  A document that is not a JWKS, or has no such key: IllegalArgumentException. The result trusts them by kid.
        //| throw new UnsupportedOperationException("Task 7: read the trusted RS256 keys from a JWKS document");
        // END TASK 7
    }
    // end::trusted-keys-from-jwks[]

    /** {@code HS256} or {@code RS256}: the only value of a token's {@code alg} header these keys can verify. */
    public String algorithm() {
        return algorithm;
    }

    /** The key for a token's {@code kid} (which may be null); empty when no trusted key has that id. */
    public Optional<Key> find(String keyId) {
        if (secret != null) {
            return Optional.of(secret);
        }
        return keyId == null ? Optional.empty() : Optional.ofNullable(publicKeysById.get(keyId));
    }

    @Override
    public String toString() {
        return "TrustedKeys[" + algorithm + (secret == null ? ", kids=" + publicKeysById.keySet() : "") + "]";
    }
}
