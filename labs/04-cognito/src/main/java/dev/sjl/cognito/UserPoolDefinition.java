package dev.sjl.cognito;

import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateGroupRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolClientRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CreateUserPoolRequest;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LambdaConfigType;

import java.time.Duration;

/**
 * The user pool and its app client, defined once. The tests create the pool in the local cloud from these requests,
 * and lab 09's CDK stack reads the same constants, so the pool that is tested is the pool that is deployed.
 */
public final class UserPoolDefinition {

    /** NIST SP 800-63B asks for length first; 12 is lab 03's rule, kept so a migrated user's password still fits. */
    public static final int MIN_PASSWORD_LENGTH = 12;

    /** Access and ID tokens: short, because a stolen one works until it expires (Cognito's default, 1 hour). */
    public static final Duration ACCESS_TOKEN_VALIDITY = Duration.ofHours(1);
    public static final Duration ID_TOKEN_VALIDITY = Duration.ofHours(1);

    /** A login lasts 30 days (Cognito's default); logout revokes it earlier. */
    public static final Duration REFRESH_TOKEN_VALIDITY = Duration.ofDays(30);

    /**
     * How long a rotated-out refresh token still works. Zero: a second use is then always a reuse, the signal of a
     * stolen token, never mistaken for a retry. The price is that a client must not refresh twice at once (the web
     * client refreshes one request at a time); up to 60 s would forgive that, and a thief for as long.
     */
    public static final int REFRESH_RETRY_GRACE_SECONDS = 0;

    /** The group whose members may list every user: {@code cognito:groups} in the access token. */
    public static final String ADMIN_GROUP = "admin";

    /** What a client is told when the pool refuses a password: the rule, in words, never Cognito's own text. */
    public static final String PASSWORD_RULE = "Use at least " + MIN_PASSWORD_LENGTH
            + " characters, with a lower-case letter, an upper-case letter and a digit.";

    private UserPoolDefinition() {
    }

    // tag::pool[]
    /**
     * The pool: users sign in with their email (the pool generates the username, so an address can change later),
     * the email is verified by a code, recovery goes through the verified email only.
     *
     * @param triggers the pool's Lambda triggers (PreSignUp, PostConfirmation, PreTokenGeneration), or null
     */
    public static CreateUserPoolRequest pool(String name, LambdaConfigType triggers) {
        // TODO: email as the sign-in name (usernameAttributes), verified by a code (autoVerifiedAttributes), a password
        //  policy of MIN_PASSWORD_LENGTH with lower case, upper case and a digit, recovery through the verified email
        //  only, and the triggers given.
        throw new UnsupportedOperationException("Task 1: define the user pool");
    }
    // end::pool[]

    // tag::app-client[]
    /**
     * The app client the API signs users in through. No client secret: the same client serves a browser or a mobile
     * app, which cannot keep one. USER_PASSWORD_AUTH because the API receives the password (over TLS) and calls
     * Cognito server-side; a browser talking to Cognito itself would use SRP instead, which never sends the password.
     */
    public static CreateUserPoolClientRequest appClient(String poolId, String clientName) {
        // TODO: no client secret; only the password flow (refresh comes with rotation); unknown users must look like wrong passwords
        //  (preventUserExistenceErrors); revocable refresh tokens, rotated on every refresh with a grace period of
        //  REFRESH_RETRY_GRACE_SECONDS; the three validities above, with their units.
        throw new UnsupportedOperationException("Task 1: define the app client");
    }
    // end::app-client[]

    /** The group whose members are administrators. */
    public static CreateGroupRequest adminGroup(String poolId) {
        return CreateGroupRequest.builder().userPoolId(poolId).groupName(ADMIN_GROUP)
                .description("May list every user").build();
    }
}
