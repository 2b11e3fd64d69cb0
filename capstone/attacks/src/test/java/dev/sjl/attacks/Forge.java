package dev.sjl.attacks;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.sjl.localcloud.CognitoLocalSigningKey;

import java.text.ParseException;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Tokens made by an attacker, with Nimbus JOSE+JWT: a library the kit's verifiers (jjwt) do not share, so a parsing
 * quirk common to forger and verifier cannot hide a hole.
 */
final class Forge {

    /** The key cognito-local publishes in its npm package. The kit's local Cognito gives each pool keys of its own. */
    static final RSAKey COGNITO_LOCAL_KEY = cognitoLocalKey();
    /** The key of {@link #TRUSTED_ISSUER}, an issuer whose JWKS the test serves: lets a test sign any claims validly. */
    static final RSAKey TRUSTED_KEY = generated("trusted-key");
    static final String TRUSTED_ISSUER = "https://issuer.attacks.test/pool";
    /** A key the attacker made: not in the pool's JWKS. */
    static final RSAKey ATTACKER_KEY = generated("attacker-key");

    private Forge() {
    }

    static JWTClaimsSet claimsOf(String token) {
        try {
            return SignedJWT.parse(token).getJWTClaimsSet();
        } catch (ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The claims of a genuine token, changed by {@code edit}. */
    static JWTClaimsSet edited(String genuine, UnaryOperator<JWTClaimsSet.Builder> edit) {
        return edit.apply(new JWTClaimsSet.Builder(claimsOf(genuine))).build();
    }

    static String signed(JWSHeader header, JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Validly signed by the trusted issuer: a token whose only fault is whatever {@code claims} says. */
    static String trustedSigned(JWTClaimsSet claims) {
        return signed(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(TRUSTED_KEY.getKeyID()).build(), claims, TRUSTED_KEY);
    }

    static String cognitoLocalSigned(JWTClaimsSet claims) {
        return signed(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(COGNITO_LOCAL_KEY.getKeyID()).build(), claims,
                COGNITO_LOCAL_KEY);
    }

    static JWSHeader.Builder attackerHeader() {
        return new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(ATTACKER_KEY.getKeyID());
    }

    static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    /** HS256 keyed with the bytes of an RSA public key the verifier trusts: the classic RS/HS confusion. */
    static String hmacWithPublicKey(JWTClaimsSet claims, RSAKey trusted) {
        try {
            byte[] publicKey = trusted.toRSAPublicKey().getEncoded();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(trusted.getKeyID())
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new MACSigner(publicKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey cognitoLocalKey() {
        try {
            Map<String, Object> file = JSONObjectUtils.parse(CognitoLocalSigningKey.privateJwkFile());
            return RSAKey.parse(JSONObjectUtils.getJSONObject(file, "jwk"));
        } catch (ParseException e) {
            throw new IllegalStateException("cognito-local's key file is not a JWK", e);
        }
    }

    private static RSAKey generated(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
