package dev.sjl.apigateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.http.HttpException;
import dev.sjl.http.HttpResponses;
import dev.sjl.users.InMemoryUserRepository;
import dev.sjl.users.UserProfile;
import dev.sjl.users.UserRepository;

import java.util.Map;

/**
 * {@code GET /internal/users/{id}} for machine clients (a billing job, a support tool): a profile by id, with the
 * client the API-key authorizer named. Like the user routes, it trusts only what the gateway's authorizer put in the
 * event ({@code requestContext.authorizer.lambda}).
 */
public final class InternalUsersHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /** A profile as a machine client sees it, and who asked (for the client's own audit trail). */
    public record InternalProfile(String id, String email, String createdAt, String requestedBy) {
    }

    private final UserRepository users;

    /** Lambda's constructor: profiles in memory until lab 06 moves them to DynamoDB (the stage's usersTable). */
    public InternalUsersHandler() {
        this(new InMemoryUserRepository());
    }

    public InternalUsersHandler(UserRepository users) {
        this.users = users;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            String client = client(event);
            String id = event.getPathParameters() == null ? null : event.getPathParameters().get("id");
            UserProfile profile = users.findById(id == null ? "" : id).map(UserProfile::of)
                    .orElseThrow(() -> HttpException.notFound("user_not_found", "No user has this id."));
            return HttpResponses.json(200, new InternalProfile(profile.id(), profile.email(), profile.createdAt(), client));
        } catch (RuntimeException e) {
            return HttpResponses.fromException(e, Events.requestId(event));
        }
    }

    /** The client the authorizer named; without it the function was reached some other way than the gateway. */
    static String client(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = event == null ? null : event.getRequestContext();
        Map<String, Object> lambda = context == null || context.getAuthorizer() == null ? null
                : context.getAuthorizer().getLambda();
        Object client = lambda == null ? null : lambda.get(ApiKeyAuthorizer.CLIENT);
        if (!(client instanceof String name) || name.isBlank()) {
            throw HttpException.unauthorized("unauthorized",
                    "This function answers only requests verified by the API's authorizer.");
        }
        return name;
    }
}
