package dev.sjl.cognito;

import dev.sjl.http.HttpException;
import dev.sjl.users.Emails;
import dev.sjl.users.UserServiceException;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthenticationResultType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.CognitoIdentityProviderException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.NotAuthorizedException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.RefreshTokenReuseException;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserNotFoundException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/**
 * Sign-up, confirmation, login, refresh and logout through the user pool. Cognito holds the passwords; this class
 * turns every refusal into an HTTP answer the service chose, in its own words: a library message can name an
 * operation, a parameter or whether an account exists.
 */
public final class CognitoAccounts {

    /** One answer for a new email and a registered one: see {@link #signup}. */
    public static final String SIGNUP_ACCEPTED = "If this email can be registered, a confirmation code is on its way to it.";
    public static final String INVALID_CREDENTIALS = "Incorrect email or password.";
    public static final String NOT_CONFIRMED = "Confirm your email address with the code we sent before logging in.";
    public static final String INVALID_CODE = "This confirmation code is wrong or has expired.";
    public static final String INVALID_REFRESH_TOKEN = "The refresh token is invalid, expired or revoked: log in again.";
    public static final String SIGNUP_REFUSED = "This email address can't be used to sign up.";
    public static final String TRY_LATER = "Too many attempts: try again later.";
    public static final String UNAVAILABLE = "Sign-in is unavailable right now: try again later.";

    /** What the caller of {@code POST /signup} is told, whatever happened. */
    public record SignupAccepted(String status, String message) {
    }

    private static final System.Logger LOG = System.getLogger(CognitoAccounts.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CognitoIdentityProviderClient cognito;
    private final String userPoolId;
    private final String clientId;
    private final String clientSecret;
    private final RefreshTokenOwners owners;

    /**
     * @param clientSecret the app client's secret, or null for a public client (the kit's pool): a client with a
     *                     secret needs a {@code SECRET_HASH} with each call
     * @param owners       whose each refresh token is, so that a reused one can end its owner's logins
     */
    public CognitoAccounts(CognitoIdentityProviderClient cognito, String userPoolId, String clientId, String clientSecret,
                           RefreshTokenOwners owners) {
        if (cognito == null || userPoolId == null || clientId == null || owners == null) {
            throw new IllegalArgumentException("Accounts need a Cognito client, the pool and app client ids, and owners");
        }
        this.cognito = cognito;
        this.userPoolId = userPoolId;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.owners = owners;
    }

    // tag::signup[]
    /**
     * Registers the email and has Cognito send it a code. A registered email gets the same answer as a new one:
     * {@code PreventUserExistenceErrors} does not cover SignUp, and "already registered" would let anyone test which
     * emails have an account. The owner of that account has nothing to lose: login and password reset still work.
     */
    public SignupAccepted signup(String email, String password) {
        String username = normalise(email);
        // TODO: SignUp with the email as username and as the email attribute (with secretHash(username)). A registered
        //  email must not be revealed: answer it exactly as a new one. Every other refusal goes through refusal(...).
        throw new UnsupportedOperationException("Task 2: sign the user up through Cognito");
    }
    // end::signup[]

    /** Confirms the sign-up with the code Cognito emailed; the PostConfirmation trigger then creates the profile. */
    public void confirm(String email, String code) {
        String username = normalise(email);
        // TODO: ConfirmSignUp; a blank code is refused before calling Cognito; refusals through refusal(...), except
        //  NotAuthorizedException (the account is already confirmed): a wrong code like any other, 400 invalid_code,
        //  or a bogus code would tell which emails have a confirmed account.
        throw new UnsupportedOperationException("Task 2: confirm the sign-up with its code");
    }

    // tag::login[]
    public CognitoTokens login(String email, String password) {
        String username;
        try {
            username = normalise(email);
        } catch (HttpException notAnEmail) {
            // Not even an address: the same 401 as any failed login, so the answer never depends on the account.
            throw HttpException.unauthorized("invalid_credentials", INVALID_CREDENTIALS);
        }
        // TODO: InitiateAuth with USER_PASSWORD_AUTH (and SECRET_HASH when the client has a secret), then tokens(...),
        //  then remembered(...) so a reuse of this login's refresh token can be traced to its owner. An unknown email
        //  and a wrong password must get the very same answer.
        throw new UnsupportedOperationException("Task 2: log the user in through Cognito");
    }
    // end::login[]

    // tag::refresh[]
    /**
     * New tokens, and a new refresh token: the app client rotates them ({@link UserPoolDefinition#appClient}), so the
     * presented one is spent. A spent one coming back means two parties hold the login (the user and a thief, and no
     * one can tell which is which), so every login of its owner ends and both must sign in again (OAuth 2.0 Security
     * BCP, RFC 9700, section 4.14.2).
     */
    public CognitoTokens refresh(String refreshToken) {
        // TODO: GetTokensFromRefreshToken (the client rotates refresh tokens: InitiateAuth's REFRESH_TOKEN_AUTH is refused),
        //  then remembered(...). RefreshTokenReuseException means a spent token came back: signOutOwnerOf(the token),
        //  then 401. Unknown, expired, revoked or reused: 401 invalid_refresh_token (not
        //  invalid_credentials: the client must log in again, not retype a password).
        throw new UnsupportedOperationException("Task 2: refresh the tokens");
    }
    // end::refresh[]

    /** Revokes the refresh token and the access tokens issued from it. Logging out twice is not an error. */
    public void logout(String refreshToken) {
        // TODO: RevokeToken. A token that is already revoked or unknown is not an error: the session is over either way.
        throw new UnsupportedOperationException("Task 2: revoke the refresh token");
    }

    // tag::refusal[]
    /** Every Cognito refusal as the answer this service chose, never Cognito's own message. */
    static HttpException refusal(CognitoIdentityProviderException refused) {
        // TODO: map each refusal to an HttpException with a message of this class: unknown user and wrong password are
        //  one 401; not confirmed a 403; a weak password a 400 naming UserPoolDefinition.PASSWORD_RULE; a wrong or
        //  expired code a 400; a refusal by the PreSignUp trigger a 400; throttling 429; anything else 503.
        throw new UnsupportedOperationException("Task 2: turn a Cognito refusal into a deliberate HTTP answer");
    }
    // end::refusal[]

    /**
     * Records whose the new refresh token is. A store that fails costs only the reuse check of this one token, so the
     * user still gets the tokens Cognito has already issued (and spent the old token for).
     */
    private CognitoTokens remembered(CognitoTokens tokens) {
        if (tokens.refreshToken() != null) {
            try {
                owners.remember(tokens.refreshToken(), usernameOf(tokens.idToken()));
            } catch (RuntimeException unavailable) {
                LOG.log(System.Logger.Level.WARNING, "Could not record a refresh token's owner: its reuse will go unnoticed ("
                        + unavailable.getClass().getSimpleName() + ")");
            }
        }
        return tokens;
    }

    /**
     * Ends every login of the owner of a reused refresh token, the thief's among them, and the access tokens issued
     * with them. If the owners' store or Cognito cannot do it now, the caller gets a 503, and its retry (the same
     * reused token) tries again; an owner the store does not know (a token older than the store) ends nothing more.
     */
    private void signOutOwnerOf(String refreshToken) {
        Optional<String> owner;
        try {
            owner = owners.ownerOf(refreshToken);
        } catch (RuntimeException unavailable) {
            LOG.log(System.Logger.Level.WARNING, "Refresh token reuse, owner unknown for now ("
                    + unavailable.getClass().getSimpleName() + "): answering 503");
            throw new HttpException(503, "identity_provider_unavailable", UNAVAILABLE);
        }
        owner.ifPresent(this::signOutEverywhere);
    }

    private void signOutEverywhere(String username) {
        try {
            cognito.adminUserGlobalSignOut(b -> b.userPoolId(userPoolId).username(username));
            LOG.log(System.Logger.Level.WARNING, "Refresh token reuse: signed out every login of user " + username);
        } catch (UserNotFoundException deleted) {
            // No user, no login left to end.
        } catch (CognitoIdentityProviderException refused) {
            throw refusal(refused);
        }
    }

    /**
     * The pool username in an ID token Cognito has just returned to this service. It came straight from Cognito over
     * TLS, so its signature need not be checked here (OpenID Connect Core 1.0, section 3.1.3.7); it is never taken from
     * a client.
     */
    private static String usernameOf(String idToken) {
        String[] parts = idToken == null ? new String[0] : idToken.split("\\.", -1);
        try {
            JsonNode claims = parts.length == 3 ? JSON.readTree(Base64.getUrlDecoder().decode(parts[1])) : null;
            String username = claims == null ? null : claims.path("cognito:username").textValue();
            if (username != null && !username.isBlank()) {
                return username;
            }
        } catch (IOException | IllegalArgumentException unreadable) {
            // Below: the same answer as a token without the claim.
        }
        throw new IllegalStateException("Cognito's ID token names no cognito:username");
    }

    private static String normalise(String email) {
        try {
            return Emails.normalise(email);
        } catch (UserServiceException invalid) {
            throw HttpException.badRequest("invalid_email", invalid.getMessage());
        }
    }

    private static void requirePassword(String password) {
        if (password == null || password.isEmpty()) {
            throw HttpException.badRequest("weak_password", UserPoolDefinition.PASSWORD_RULE);
        }
    }

    private static CognitoTokens tokens(AuthenticationResultType result) {
        if (result == null) {
            // A challenge (a new password, MFA) instead of tokens: not a flow this pool enables.
            throw new HttpException(503, "identity_provider_unavailable", UNAVAILABLE);
        }
        return new CognitoTokens(result.accessToken(), result.idToken(), result.refreshToken(),
                result.expiresIn() == null ? 0 : result.expiresIn(), result.tokenType());
    }

    /**
     * Base64(HMAC-SHA256(client secret, username + client id)), which a client with a secret must send; null for a
     * public client, which the SDK then leaves out of the request.
     */
    String secretHash(String username) {
        // TODO: null without a client secret; otherwise Base64 of HMAC-SHA256 keyed with the secret, over username + clientId.
        throw new UnsupportedOperationException("Task 2: compute the SECRET_HASH of a client with a secret");
    }
}
