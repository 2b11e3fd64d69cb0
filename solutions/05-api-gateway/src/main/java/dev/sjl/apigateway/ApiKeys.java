package dev.sjl.apigateway;

import dev.sjl.lambda.EnvVar;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Machine clients' API keys. A key is 32 random bytes, shown once to whoever issues it; the store (SSM Parameter
 * Store) keeps only its SHA-256, as the parameter's name, with the client's name as the value. A leaked parameter
 * list, a backup or a log of the store opens nothing.
 *
 * <p>SHA-256, not bcrypt: a password is short and guessable, so its hash must be slow; a key of 256 random bits
 * cannot be guessed however fast the hash, and the authorizer must look it up in one step.
 */
public final class ApiKeys {

    public static final EnvVar API_KEYS_PATH = new EnvVar("API_KEYS_PATH", true, false,
            "The SSM folder of this stage's API key hashes, e.g. /user-service/prod/api-keys.");
    public static final List<EnvVar> ENVIRONMENT = List.of(API_KEYS_PATH);

    /** Keys start with this, so a secret scanner (and a human) can tell one in a log or a commit. */
    public static final String PREFIX = "sjlk_";

    private static final Pattern CLIENT = Pattern.compile("[a-z0-9-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SsmClient ssm;
    private final String path;

    /** @param path the parameters' folder, e.g. {@code /user-service/prod/api-keys} */
    public ApiKeys(SsmClient ssm, String path) {
        if (!path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("The path is a folder such as /user-service/prod/api-keys: " + path);
        }
        this.ssm = ssm;
        this.path = path;
    }

    // tag::issue[]
    /** A new key for {@code client}: returned once, stored only as its hash. */
    public String issue(String client) {
        // BEGIN TASK 4
        if (client == null || !CLIENT.matcher(client).matches()) {
            throw new IllegalArgumentException("A client name is 1-64 lower-case letters, digits or '-'");
        }
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String key = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        ssm.putParameter(b -> b.name(parameter(key)).value(client).type(ParameterType.STRING).overwrite(false));
        return key;
        // STARTER
        //| // TODO: 32 bytes from a SecureRandom, URL-safe base64 after PREFIX; store only parameter(key) -> client in
        //| //  SSM (never the key itself, not even in the value or a tag), and return the key once.
        //| throw new UnsupportedOperationException("Task 4: issue an API key stored as a hash");
        // END TASK 4
    }
    // end::issue[]

    /** The client a key belongs to; empty for an unknown or revoked key. SSM failing is an exception, not a "no". */
    public Optional<String> client(String key) {
        if (key == null || !key.startsWith(PREFIX) || key.length() > 128) {
            return Optional.empty();
        }
        try {
            return Optional.of(ssm.getParameter(b -> b.name(parameter(key))).parameter().value());
        } catch (ParameterNotFoundException unknown) {
            return Optional.empty();
        }
    }

    public void revoke(String key) {
        try {
            ssm.deleteParameter(b -> b.name(parameter(key)));
        } catch (ParameterNotFoundException alreadyGone) {
            // Revoking twice is not an error.
        }
    }

    /** Where a key's record lives: the folder and the key's SHA-256 in hex. */
    String parameter(String key) {
        return path + "/" + sha256(key);
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JDK has SHA-256", e);
        }
    }
}
