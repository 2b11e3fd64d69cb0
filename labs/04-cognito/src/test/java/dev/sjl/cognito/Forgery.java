package dev.sjl.cognito;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.util.Base64;

/** Tokens an attacker can make from a real one: same claims, a header and a signature of their choosing. */
final class Forgery {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private Forgery() {
    }

    static ObjectNode header(String jwt) throws Exception {
        return (ObjectNode) JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]));
    }

    /** The same header and claims, {@code alg: none}, no signature. */
    static String unsigned(String jwt) throws Exception {
        ObjectNode header = header(jwt).put("alg", "none");
        return B64.encodeToString(JSON.writeValueAsBytes(header)) + "." + jwt.split("\\.")[1] + ".";
    }

    /** The same claims, {@code alg: HS256}, signed with a secret the attacker knows (e.g. the public key's bytes). */
    static String hs256(String jwt, byte[] secret) throws Exception {
        ObjectNode header = header(jwt).put("alg", "HS256");
        String signingInput = B64.encodeToString(JSON.writeValueAsBytes(header)) + "." + jwt.split("\\.")[1];
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    }

    /** The same claims, RS256, signed by the attacker's own key under this kid. */
    static String ownKey(String jwt, String kid) throws Exception {
        KeyPair attacker = Attacker.KEY;
        ObjectNode header = header(jwt).put("kid", kid);
        String signingInput = B64.encodeToString(JSON.writeValueAsBytes(header)) + "." + jwt.split("\\.")[1];
        Signature rs256 = Signature.getInstance("SHA256withRSA");
        rs256.initSign(attacker.getPrivate());
        rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + B64.encodeToString(rs256.sign());
    }

    /**
     * One attacker key per run, made on first use. 1,024 bits: the verifier checks the signature with the pool's key,
     * never with this one, so its size changes nothing the tests show, and it is found in a tenth of the time of a
     * 2,048-bit key (up to seconds on a busy machine, once per lab-engine variant and PIT minion).
     */
    private static final class Attacker {
        static final KeyPair KEY = generate();

        private static KeyPair generate() {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(1024);
                return generator.generateKeyPair();
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
