package dev.sjl.apigateway;

import java.time.Duration;
import java.util.List;

/**
 * The user service's HTTP API, defined once (see {@link ApiDefinition}). The account routes of lab 04 stay one
 * function behind public routes; each protected route gets its own small function that trusts the gateway's
 * verdict; machine clients reach the internal route with an API key checked by a Lambda authorizer.
 */
public final class UserApi {

    // The routes.
    public static final String SIGNUP = "POST /signup";
    public static final String CONFIRM = "POST /signup/confirm";
    public static final String LOGIN = "POST /login";
    public static final String REFRESH = "POST /token/refresh";
    public static final String LOGOUT = "POST /logout";
    public static final String ME = "GET /users/me";
    public static final String USERS = "GET /users";
    public static final String INTERNAL_USER = "GET /internal/users/{id}";

    // The functions behind them (lab 09 creates one Lambda function per name).
    /** Lab 04's {@code CognitoAuthHandler}: the account routes, one function with its own small router. */
    public static final String ACCOUNTS_FUNCTION = "accounts";
    public static final String ME_FUNCTION = "me";
    public static final String USERS_FUNCTION = "users";
    public static final String INTERNAL_USERS_FUNCTION = "internal-users";
    public static final String API_KEY_AUTHORIZER_FUNCTION = "api-key-authorizer";

    // The authorizers.
    public static final String COGNITO = "cognito";
    public static final String API_KEY = "api-key";

    /** The scope every Cognito access token from a user sign-in carries; an ID token carries no scope at all. */
    public static final String USER_SCOPE = "aws.cognito.signin.user.admin";

    /** Where a machine client sends its key. */
    public static final String API_KEY_HEADER = "x-api-key";

    private UserApi() {
    }

    // tag::definition[]
    /**
     * The API for a user pool: the issuer is {@code https://cognito-idp.<region>.amazonaws.com/<poolId>} on AWS (the
     * local cloud's endpoint and pool id in the tests), the audience the app client's id.
     */
    public static ApiDefinition definition(String issuer, String appClientId) {
        return new ApiDefinition(routes(), cognitoAuthorizer(issuer, appClientId), apiKeyAuthorizer());
    }
    // end::definition[]

    // tag::routes[]
    static List<ApiDefinition.Route> routes() {
        // BEGIN TASK 1
        List<String> scopes = userScopes();
        return List.of(
                new ApiDefinition.Route(SIGNUP, ACCOUNTS_FUNCTION, ApiDefinition.PUBLIC, List.of()),
                new ApiDefinition.Route(CONFIRM, ACCOUNTS_FUNCTION, ApiDefinition.PUBLIC, List.of()),
                new ApiDefinition.Route(LOGIN, ACCOUNTS_FUNCTION, ApiDefinition.PUBLIC, List.of()),
                new ApiDefinition.Route(REFRESH, ACCOUNTS_FUNCTION, ApiDefinition.PUBLIC, List.of()),
                new ApiDefinition.Route(LOGOUT, ACCOUNTS_FUNCTION, ApiDefinition.PUBLIC, List.of()),
                new ApiDefinition.Route(ME, ME_FUNCTION, COGNITO, scopes),
                new ApiDefinition.Route(USERS, USERS_FUNCTION, COGNITO, scopes),
                new ApiDefinition.Route(INTERNAL_USER, INTERNAL_USERS_FUNCTION, API_KEY, List.of()));
        // STARTER
        //| // TODO: one route per constant above. The five account routes go to ACCOUNTS_FUNCTION and are public; ME and
        //| //  USERS go to their own functions behind the COGNITO authorizer with userScopes(); INTERNAL_USER goes to
        //| //  INTERNAL_USERS_FUNCTION behind the API_KEY authorizer. No catch-all route: an unknown path is a 404.
        //| throw new UnsupportedOperationException("Task 1: list the API's routes");
        // END TASK 1
    }
    // end::routes[]

    // tag::jwt-authorizer[]
    /**
     * The gateway verifies Cognito's tokens before any function runs: the signature by the pool's JWKS (found
     * through the issuer's OpenID discovery document), {@code iss} exactly the pool's, {@code exp}, and the audience.
     * A Cognito access token has no {@code aud}: its {@code client_id} is compared with the audience instead.
     */
    static ApiDefinition.JwtAuthorizerSpec cognitoAuthorizer(String issuer, String appClientId) {
        // BEGIN TASK 1
        return new ApiDefinition.JwtAuthorizerSpec(COGNITO, issuer, List.of(appClientId),
                "$request.header.Authorization");
        // STARTER
        //| // TODO: named COGNITO; the pool's exact issuer; the audience is this app client only (not every client
        //| //  of the pool); the token in the Authorization header.
        //| throw new UnsupportedOperationException("Task 1: define the Cognito JWT authorizer");
        // END TASK 1
    }
    // end::jwt-authorizer[]

    // tag::scopes[]
    /**
     * The scopes a user route requires: the token must carry at least one. An ID token has the same issuer and an
     * {@code aud} equal to the app client id, so a JWT authorizer accepts it as well; requiring a scope keeps it
     * out, because only access tokens carry {@code scope}.
     */
    static List<String> userScopes() {
        // BEGIN TASK 3
        return List.of(USER_SCOPE);
        // STARTER
        //| // TODO: an ID token must not open a user route: require the scope only access tokens carry.
        //| return List.of();
        // END TASK 3
    }
    // end::scopes[]

    // tag::api-key-authorizer[]
    /**
     * The machine clients' authorizer. The gateway caches its decision per identity-source value for the TTL: a
     * revoked key keeps working until its cached allow expires, the price of not calling the function (and SSM) on
     * every request. Five minutes is API Gateway's default; keep it short for keys you may have to revoke in a hurry.
     */
    static ApiDefinition.LambdaAuthorizerSpec apiKeyAuthorizer() {
        // BEGIN TASK 4
        return new ApiDefinition.LambdaAuthorizerSpec(API_KEY, API_KEY_AUTHORIZER_FUNCTION,
                List.of("$request.header." + API_KEY_HEADER), Duration.ofMinutes(5));
        // STARTER
        //| // TODO: the identity source is the key's header (it is also the cache key: every key its own decision);
        //| //  cache decisions for five minutes.
        //| return new ApiDefinition.LambdaAuthorizerSpec(API_KEY, API_KEY_AUTHORIZER_FUNCTION, List.of(), Duration.ZERO);
        // END TASK 4
    }
    // end::api-key-authorizer[]
}
