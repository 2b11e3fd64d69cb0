package dev.sjl.cognito;

import dev.sjl.lambda.Env;
import dev.sjl.lambda.EnvVar;

import java.net.URI;
import java.util.List;

/**
 * The function's configuration, read once per container from the environment (lab 01's {@link Env}).
 *
 * @param issuer the pool's issuer: {@code https://cognito-idp.<region>.amazonaws.com/<poolId>} on AWS, the local
 *               cloud's URL for the pool in tests
 */
public record CognitoConfig(String userPoolId, String clientId, String issuer) {

    public static final EnvVar USER_POOL_ID = new EnvVar("USER_POOL_ID", true, false, "The Cognito user pool's id.");
    public static final EnvVar USER_POOL_CLIENT_ID = new EnvVar("USER_POOL_CLIENT_ID", true, false,
            "The app client the API signs users in through, and whose tokens it accepts.");
    public static final EnvVar AWS_REGION = new EnvVar("AWS_REGION", true, false, "Set by Lambda: the pool's region.");
    public static final EnvVar COGNITO_ISSUER = new EnvVar("COGNITO_ISSUER", false, false,
            "The issuer, when not Cognito's own URL for the pool (the local cloud).");
    public static final List<EnvVar> ENVIRONMENT = List.of(USER_POOL_ID, USER_POOL_CLIENT_ID, AWS_REGION, COGNITO_ISSUER);

    public CognitoConfig {
        if (userPoolId == null || clientId == null || issuer == null) {
            throw new IllegalArgumentException("The configuration needs a pool id, a client id and an issuer");
        }
    }

    public static CognitoConfig from(Env env) {
        String poolId = env.require(USER_POOL_ID);
        String issuer = env.optional(COGNITO_ISSUER)
                .orElse("https://cognito-idp." + env.require(AWS_REGION) + ".amazonaws.com/" + poolId);
        return new CognitoConfig(poolId, env.require(USER_POOL_CLIENT_ID), issuer);
    }

    /** Where the pool publishes its signing keys: under its issuer, as OpenID Connect discovery says. */
    public URI jwksUri() {
        return URI.create(issuer + "/.well-known/jwks.json");
    }
}
