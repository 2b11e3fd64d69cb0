package dev.sjl.system;

import dev.sjl.apigateway.ApiDefinition;
import dev.sjl.apigateway.Stages;
import dev.sjl.apigateway.UserApi;
import dev.sjl.preferences.PreferencesApi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every route the user service serves, as one {@link ApiDefinition}: lab 05's user API (accounts, {@code /users/me},
 * the admin list, the internal route behind an API key), lab 06's avatar routes and lab 09's preferences routes, behind
 * the same Cognito JWT authorizer. The local gateway ({@link LocalUserService}) and the deploy stack read this one definition.
 *
 * <p>Local-only helpers (the Cognito inbox, the fake providers' deliveries, the web client's files) are deliberately
 * not here: they are served by {@link LocalConsole} on a port of their own, so nothing deployed can grow them.
 */
public final class SystemApi {

    // Lab 06's avatar routes (AvatarApi routes both itself).
    public static final String AVATAR_UPLOAD = "POST /users/me/avatar";
    public static final String AVATAR = "GET /users/me/avatar";

    // The functions, by the names every part of the capstone uses (UserApi.*_FUNCTION for lab 05's).
    public static final String AVATARS_FUNCTION = "avatars";
    public static final String THUMBNAILS_FUNCTION = "thumbnails";
    public static final String SIGNUP_PUBLISHER_FUNCTION = "signup-publisher";
    public static final String EMAIL_WORKER_FUNCTION = "email-worker";
    public static final String SMS_WORKER_FUNCTION = "sms-worker";
    public static final String PRE_SIGN_UP_FUNCTION = "pre-sign-up";
    public static final String POST_CONFIRMATION_FUNCTION = "post-confirmation";
    public static final String PRE_TOKEN_FUNCTION = "pre-token-generation";

    private SystemApi() {
    }

    // tag::system-api[]
    /** The whole API for a user pool: lab 05's routes and authorizers, plus the avatar and preferences routes. */
    public static ApiDefinition definition(String issuer, String appClientId) {
        ApiDefinition users = UserApi.definition(issuer, appClientId);
        List<ApiDefinition.Route> routes = new ArrayList<>(users.routes());
        List<String> scopes = List.of(UserApi.USER_SCOPE);
        routes.add(new ApiDefinition.Route(AVATAR_UPLOAD, AVATARS_FUNCTION, UserApi.COGNITO, scopes));
        routes.add(new ApiDefinition.Route(AVATAR, AVATARS_FUNCTION, UserApi.COGNITO, scopes));
        routes.addAll(PreferencesApi.routes());
        return new ApiDefinition(routes, users.jwt(), users.apiKey());
    }
    // end::system-api[]

    /**
     * The local stage: lab 05's settings (login throttled on its own, the access log) with CORS for the one origin the
     * web client is served from. {@code $default}, so the API answers at the root as the curl walkthrough shows.
     */
    public static ApiDefinition.Stage localStage(String webOrigin) {
        ApiDefinition.Stage dev = Stages.dev();
        ApiDefinition.Cors cors = new ApiDefinition.Cors(List.of(webOrigin), List.of("GET", "POST", "PUT"),
                List.of("authorization", "content-type"), false, Duration.ofHours(1));
        return new ApiDefinition.Stage("$default", Map.of(Stages.USERS_TABLE, LocalUserService.USERS_TABLE),
                dev.defaultThrottle(), dev.routeThrottles(), cors, Stages.ACCESS_LOG_FORMAT);
    }
}
