package dev.sjl.preferences;

import dev.sjl.apigateway.ApiDefinition;
import dev.sjl.apigateway.UserApi;

import java.util.ArrayList;
import java.util.List;

/**
 * The two routes of the notification preferences, as lab 05's {@link ApiDefinition} data: the capstone adds them to
 * the user service's API, and its stack turns the same values into routes on the HTTP API, so the routes the tests
 * serve are the routes that are deployed.
 */
public final class PreferencesApi {

    public static final String GET_PREFERENCES = "GET /users/me/preferences";
    public static final String PUT_PREFERENCES = "PUT /users/me/preferences";

    /** One Lambda function behind both routes: they read and write one item, with one grant. */
    public static final String FUNCTION = "preferences";

    private PreferencesApi() {
    }

    /** Lab 05's API for this pool with the preferences routes added: what the capstone serves. */
    public static ApiDefinition definition(String issuer, String appClientId) {
        ApiDefinition users = UserApi.definition(issuer, appClientId);
        List<ApiDefinition.Route> all = new ArrayList<>(users.routes());
        all.addAll(routes());
        return new ApiDefinition(all, users.jwt(), users.apiKey());
    }

    // tag::routes[]
    /**
     * Both routes behind the Cognito JWT authorizer, with the scope only access tokens carry: the gateway answers
     * 401 to no token or a bad one and 403 to an ID token before the function runs (and before it costs anything).
     * The path says {@code me}, never an id: whose preferences they are is the token's business.
     */
    public static List<ApiDefinition.Route> routes() {
        // TODO: GET_PREFERENCES and PUT_PREFERENCES, both to FUNCTION, both behind lab 05's COGNITO authorizer with
        //  the scope only an access token carries (an ID token must not open them). Neither route is public.
        throw new UnsupportedOperationException("Task 1: define the preferences routes");
    }
    // end::routes[]
}
