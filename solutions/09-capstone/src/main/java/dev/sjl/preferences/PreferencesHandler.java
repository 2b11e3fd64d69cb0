package dev.sjl.preferences;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.apigateway.Caller;
import dev.sjl.dynamodb.StaleVersionException;
import dev.sjl.http.HttpException;
import dev.sjl.http.HttpRequest;
import dev.sjl.http.HttpResponses;
import dev.sjl.http.Router;
import dev.sjl.lambda.Env;
import dev.sjl.lambda.EnvVar;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;

/**
 * The {@code preferences} function behind {@code GET} and {@code PUT /users/me/preferences}. The gateway's JWT
 * authorizer has verified the token before this runs; the caller is the {@code sub} it verified, read from the
 * event's claims and from nowhere else.
 */
public final class PreferencesHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    public static final EnvVar USERS_TABLE = new EnvVar("USERS_TABLE", true, false,
            "the name of lab 06's users table, which holds each user's preferences item");
    public static final List<EnvVar> ENVIRONMENT = List.of(USERS_TABLE);

    private final PreferencesStore store;
    private final Router router;

    /** For the Lambda runtime: one client per container, the table from the environment. */
    public PreferencesHandler() {
        this(new PreferencesStore(DynamoDbClient.create(), Env.system().require(USERS_TABLE)));
    }

    public PreferencesHandler(PreferencesStore store) {
        this.store = store;
        this.router = new Router()
                .route("GET", "/users/me/preferences", "JWT", this::read)
                .route("PUT", "/users/me/preferences", "JWT", this::write);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return router.handle(event);
    }

    /** The routes as the handbook lists them. */
    public static List<Router.RouteInfo> routeTable() {
        return new PreferencesHandler(null).router.routes();
    }

    // tag::handler[]
    private APIGatewayV2HTTPResponse read(HttpRequest request) {
        // BEGIN TASK 4
        Caller caller = Caller.from(request.event());
        return HttpResponses.json(200, store.load(caller.id()));
        // STARTER
        //| // TODO: the caller is Caller.from(request.event()) (lab 05): the claims the gateway verified, never a path
        //| //  parameter, a header or the query. Answer 200 with the caller's stored preferences.
        //| throw new UnsupportedOperationException("Task 4: answer the caller's preferences");
        // END TASK 4
    }

    private APIGatewayV2HTTPResponse write(HttpRequest request) {
        // BEGIN TASK 4
        Caller caller = Caller.from(request.event());
        PreferencesUpdate update = PreferencesUpdate.from(request);
        try {
            return HttpResponses.json(200, store.save(caller.id(), update.preferences(), update.expectedVersion()));
        } catch (StaleVersionException e) {
            // The client's view is out of date: it reads again and decides, rather than overwrite a change it never saw.
            throw HttpException.conflict("stale_version", "The preferences changed since you read them: GET them "
                    + "again, then send your change with the new version.");
        }
        // STARTER
        //| // TODO: the caller as in read(); the update from PreferencesUpdate.from(request); save it under the caller's id
        //| //  and answer 200 with what was stored. A StaleVersionException is the client's to resolve: a 409
        //| //  stale_version (HttpException.conflict), never a 500.
        //| throw new UnsupportedOperationException("Task 4: save the caller's preferences");
        // END TASK 4
    }
    // end::handler[]
}
