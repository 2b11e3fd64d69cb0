package dev.sjl.jwt;

import dev.sjl.lambda.Env;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** Keys, names and configurations the tests share. Test-only material: no deployment ever sees these values. */
final class TestKeys {

    static final String ISSUER = "https://auth.sjl.test";
    static final String AUDIENCE = "sjl-users-api";
    static final Instant NOW = Instant.parse("2026-11-23T10:15:00Z");

    /** 32 bytes: the shortest HS256 secret allowed. */
    static final byte[] SECRET = "test-only-secret-32-bytes-long!!".getBytes(StandardCharsets.US_ASCII);

    private TestKeys() {
    }

    static SecretKey hmacKey(byte[] secret) {
        return new SecretKeySpec(secret, "HmacSHA256");
    }

    /** The environment of an HS256 deployment, as a map to change before building an {@link Env}. */
    static Map<String, String> hs256Environment() {
        Map<String, String> env = new HashMap<>();
        env.put("JWT_ISSUER", ISSUER);
        env.put("JWT_AUDIENCE", AUDIENCE);
        env.put("JWT_ALGORITHM", "HS256");
        env.put("JWT_HS256_SECRET", Base64.getEncoder().encodeToString(SECRET));
        return env;
    }

    /** The environment of an RS256 deployment that signs with {@code keyPair} under {@code keyId}. */
    static Map<String, String> rs256Environment(KeyPair keyPair, String keyId) {
        Map<String, String> env = new HashMap<>();
        env.put("JWT_ISSUER", ISSUER);
        env.put("JWT_AUDIENCE", AUDIENCE);
        env.put("JWT_ALGORITHM", "RS256");
        env.put("JWT_KEY_ID", keyId);
        env.put("JWT_RS256_PRIVATE_KEY", pem(keyPair.getPrivate()));
        return env;
    }

    static AuthConfig config(Map<String, String> environment) {
        return AuthConfig.from(new Env(environment));
    }

    static KeyPair rsa(int bits) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(bits);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** PKCS#8 PEM, what {@code openssl genpkey -algorithm RSA} writes. */
    static String pem(PrivateKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
        return "-----BEGIN PRIVATE KEY-----\n" + body + "\n-----END PRIVATE KEY-----\n";
    }
}
