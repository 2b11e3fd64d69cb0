package dev.sjl.jwt;

import dev.sjl.lambda.ConfigurationException;
import dev.sjl.lambda.Env;
import dev.sjl.lambda.EnvVar;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The auth function's configuration, read once at init. There is no default secret and no default key: a function
 * without one fails to start, with a message naming the variable, instead of signing tokens anyone could forge.
 *
 * @param bcryptCost at least 10 in any deployment; tests pass a cheaper hasher to the handler directly
 */
public record AuthConfig(String issuer, String audience, SigningKey signingKey, Duration accessTokenTtl,
                         Duration refreshTokenTtl, int bcryptCost) {

    public static final EnvVar JWT_ISSUER = new EnvVar("JWT_ISSUER", true, false,
            "The iss claim of every token, e.g. https://auth.example.com; verifiers require this exact value");
    public static final EnvVar JWT_AUDIENCE = new EnvVar("JWT_AUDIENCE", true, false,
            "The aud claim: the API the tokens are for, e.g. sjl-users-api");
    public static final EnvVar JWT_ALGORITHM = new EnvVar("JWT_ALGORITHM", true, false,
            "HS256 (shared secret) or RS256 (private key here, public key in the JWKS)");
    public static final EnvVar JWT_HS256_SECRET = new EnvVar("JWT_HS256_SECRET", false, true,
            "With HS256: at least 32 random bytes, base64-encoded (openssl rand -base64 32)");
    public static final EnvVar JWT_RS256_PRIVATE_KEY = new EnvVar("JWT_RS256_PRIVATE_KEY", false, true,
            "With RS256: an RSA private key of at least 2048 bits, PKCS#8 PEM (BEGIN PRIVATE KEY)");
    public static final EnvVar JWT_KEY_ID = new EnvVar("JWT_KEY_ID", false, false,
            "With RS256: the kid of the key, put in token headers and in the JWKS");
    public static final EnvVar ACCESS_TOKEN_TTL = new EnvVar("ACCESS_TOKEN_TTL", false, false,
            "Access token lifetime, ISO-8601, from PT1M to PT1H; default PT15M");
    public static final EnvVar REFRESH_TOKEN_TTL = new EnvVar("REFRESH_TOKEN_TTL", false, false,
            "How long a login lasts through refreshes, ISO-8601, longer than the access token's, at most P90D; default P30D");
    public static final EnvVar BCRYPT_COST = new EnvVar("BCRYPT_COST", false, false,
            "bcrypt work factor (2^cost rounds), from 10 to 16; default 12");

    public static final List<EnvVar> ENVIRONMENT = List.of(JWT_ISSUER, JWT_AUDIENCE, JWT_ALGORITHM, JWT_HS256_SECRET,
            JWT_RS256_PRIVATE_KEY, JWT_KEY_ID, ACCESS_TOKEN_TTL, REFRESH_TOKEN_TTL, BCRYPT_COST);

    /** Below 10 an offline attack on a stolen hash gets cheap; above 16 a single login takes seconds. */
    public static final int MIN_BCRYPT_COST = 10;
    public static final int MAX_BCRYPT_COST = 16;

    private static final Duration MIN_ACCESS_TTL = Duration.ofMinutes(1);
    private static final Duration MAX_ACCESS_TTL = Duration.ofHours(1);
    private static final Duration MAX_REFRESH_TTL = Duration.ofDays(90);

    // tag::config[]
    public static AuthConfig from(Env env) {
        int cost = env.intInRange(BCRYPT_COST, MIN_BCRYPT_COST, MAX_BCRYPT_COST, BcryptPasswordHasher.DEFAULT_COST);
        String algorithm = env.require(JWT_ALGORITHM).strip();
        SigningKey key = switch (algorithm) {
            case "HS256" -> hs256(env);
            case "RS256" -> rs256(env);
            default -> throw new ConfigurationException(JWT_ALGORITHM.name(),
                    JWT_ALGORITHM.name() + " must be HS256 or RS256, but is \"" + algorithm + "\".");
        };
        Duration accessTtl = env.duration(ACCESS_TOKEN_TTL, TokenIssuer.DEFAULT_ACCESS_TOKEN_TTL);
        if (accessTtl.compareTo(MIN_ACCESS_TTL) < 0 || accessTtl.compareTo(MAX_ACCESS_TTL) > 0) {
            throw new ConfigurationException(ACCESS_TOKEN_TTL.name(),
                    ACCESS_TOKEN_TTL.name() + " must be from PT1M to PT1H: a stolen access token works until it expires.");
        }
        Duration refreshTtl = env.duration(REFRESH_TOKEN_TTL, RefreshTokenService.DEFAULT_TTL);
        if (refreshTtl.compareTo(accessTtl) <= 0 || refreshTtl.compareTo(MAX_REFRESH_TTL) > 0) {
            throw new ConfigurationException(REFRESH_TOKEN_TTL.name(),
                    REFRESH_TOKEN_TTL.name() + " must be longer than " + ACCESS_TOKEN_TTL.name() + " and at most P90D.");
        }
        return new AuthConfig(env.require(JWT_ISSUER).strip(), env.require(JWT_AUDIENCE).strip(), key,
                accessTtl, refreshTtl, cost);
    }
    // end::config[]

    private static SigningKey hs256(Env env) {
        byte[] secret;
        try {
            secret = Base64.getDecoder().decode(env.require(JWT_HS256_SECRET).strip());
        } catch (IllegalArgumentException notBase64) {
            throw new ConfigurationException(JWT_HS256_SECRET.name(), JWT_HS256_SECRET.name()
                    + " must be base64, e.g. the output of: openssl rand -base64 32 (the value is not shown: it is a secret).");
        }
        try {
            return SigningKey.hs256(secret);
        } catch (IllegalArgumentException tooShort) {
            // SigningKey's message states the rule and the length, never the secret.
            throw new ConfigurationException(JWT_HS256_SECRET.name(), JWT_HS256_SECRET.name() + ": " + tooShort.getMessage()
                    + " Generate one with: openssl rand -base64 32");
        }
    }

    private static SigningKey rs256(Env env) {
        String keyId = env.require(JWT_KEY_ID).strip();
        String pem = env.require(JWT_RS256_PRIVATE_KEY);
        KeyPair keyPair;
        try {
            byte[] der = Base64.getMimeDecoder().decode(pem
                    .replace("-----BEGIN PRIVATE KEY-----", "")
                    .replace("-----END PRIVATE KEY-----", "")
                    .replaceAll("\\s", ""));
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(der));
            // The public key is part of the private one; deriving it saves a second variable that could disagree.
            PublicKey publicKey = rsa.generatePublic(new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            keyPair = new KeyPair(publicKey, privateKey);
        } catch (GeneralSecurityException | IllegalArgumentException | ClassCastException notAKey) {
            throw new ConfigurationException(JWT_RS256_PRIVATE_KEY.name(), JWT_RS256_PRIVATE_KEY.name()
                    + " must be an RSA private key in PKCS#8 PEM (-----BEGIN PRIVATE KEY-----); convert a PKCS#1 key with "
                    + "openssl pkcs8 -topk8 -nocrypt (the value is not shown: it is a secret).");
        }
        try {
            return SigningKey.rs256(keyId, keyPair);
        } catch (IllegalArgumentException weak) {
            throw new ConfigurationException(JWT_RS256_PRIVATE_KEY.name(), JWT_RS256_PRIVATE_KEY.name() + ": " + weak.getMessage());
        }
    }
}
