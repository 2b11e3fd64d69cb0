package dev.sjl.jwt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * JWTs made by hand, byte by byte, the way an attacker makes them: no library in the way to refuse a bad idea.
 * A JWT is {@code base64url(header) . base64url(claims) . base64url(signature)}, the signature being over the
 * first two parts as ASCII.
 */
final class ForgedTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private ForgedTokens() {
    }

    /** The claims of a good access token for {@code sub} at {@code now}: tests change one thing at a time. */
    static Map<String, Object> validClaims(String subject, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", TestKeys.ISSUER);
        claims.put("sub", subject);
        claims.put("aud", TestKeys.AUDIENCE);
        claims.put("iat", now.minusSeconds(60).getEpochSecond());
        claims.put("nbf", now.minusSeconds(60).getEpochSecond());
        claims.put("exp", now.plusSeconds(14 * 60).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("token_use", "access");
        return claims;
    }

    /** The header of an access token ({@code typ: at+jwt}, RFC 9068), with {@code kid} when it is not null. */
    static Map<String, Object> header(String alg, String kid) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "at+jwt");
        if (kid != null) {
            header.put("kid", kid);
        }
        return header;
    }

    /** HMAC-SHA256 over the token with any bytes as the key: the right secret, a wrong one, or a public key. */
    static String hs256(Map<String, Object> header, Map<String, Object> claims, byte[] key) {
        String signingInput = part(header) + "." + part(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String rs256(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
        return rsa("RS256", header, claims, key);
    }

    /**
     * Signed with an RSA private key under any of the JWS RSA algorithms, {@code RS256}, {@code RS384},
     * {@code RS512} or {@code PS256}: the header's {@code alg} should say which (the caller sets it).
     */
    static String rsa(String jwsAlgorithm, Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
        String signingInput = part(header) + "." + part(claims);
        try {
            Signature rsa = switch (jwsAlgorithm) {
                case "RS256" -> Signature.getInstance("SHA256withRSA");
                case "RS384" -> Signature.getInstance("SHA384withRSA");
                case "RS512" -> Signature.getInstance("SHA512withRSA");
                case "PS256" -> {
                    Signature pss = Signature.getInstance("RSASSA-PSS");
                    pss.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                    yield pss;
                }
                default -> throw new IllegalArgumentException("Not an RSA JWS algorithm: " + jwsAlgorithm);
            };
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none} and an empty signature: RFC 7519's "unsecured JWT". */
    static String unsigned(Map<String, Object> claims) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "none");
        header.put("typ", "at+jwt");
        return part(header) + "." + part(claims) + ".";
    }

    /** The same token with its claims replaced and its signature kept, as a tampering client would send it. */
    static String withClaims(String token, Map<String, Object> claims) {
        String[] parts = token.split("\\.", -1);
        return parts[0] + "." + part(claims) + "." + parts[2];
    }

    /** The decoded JSON of one part (0 header, 1 claims) of a compact token. */
    static Map<String, Object> decode(String token, int index) {
        try {
            byte[] json = Base64.getUrlDecoder().decode(token.split("\\.")[index]);
            @SuppressWarnings("unchecked")
            Map<String, Object> map = JSON.readValue(json, Map.class);
            return map;
        } catch (java.io.IOException e) {
            throw new AssertionError("Not a JWT part: " + e.getMessage(), e);
        }
    }

    private static String part(Map<String, Object> json) {
        try {
            return B64.encodeToString(JSON.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
