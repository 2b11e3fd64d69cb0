package dev.sjl.jwt;

import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.RsaPublicJwk;

import java.security.interfaces.RSAPublicKey;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A JSON Web Key Set (RFC 7517): the public halves of the signing keys, served at {@code /.well-known/jwks.json}
 * so that any verifier (an API Gateway JWT authorizer, another service) can check tokens without a shared secret.
 */
public final class JwksDocument {

    /** What an HS256 service publishes: a shared secret is never public, so there is nothing to show. */
    public static final String EMPTY = "{\"keys\":[]}";

    private JwksDocument() {
    }

    // tag::jwks[]
    /**
     * One entry per key: {@code kty}, {@code kid}, {@code alg}, {@code use} and the RSA modulus {@code n} and
     * exponent {@code e}, base64url-encoded. During a key rotation the map holds the old key and the new one, so
     * tokens signed before the switch keep verifying until they expire.
     */
    public static String of(Map<String, RSAPublicKey> publicKeysById) {
        // BEGIN TASK 7
        StringJoiner keys = new StringJoiner(",", "{\"keys\":[", "]}");
        publicKeysById.forEach((keyId, publicKey) -> {
            RsaPublicJwk jwk = Jwks.builder().key(publicKey).id(keyId).algorithm("RS256").publicKeyUse("sig").build();
            keys.add(Jwks.json(jwk));
        });
        return keys.toString();
        // STARTER
        //| // TODO: {"keys":[...]} with one entry per key: kty RSA, its kid, alg RS256, use sig, and the public n and e,
        //| //  base64url. Nothing private may appear. Let the library write each JWK rather than hand-formatting numbers.
        //| throw new UnsupportedOperationException("Task 7: publish the public keys as a JWKS document");
        // END TASK 7
    }
    // end::jwks[]
}
