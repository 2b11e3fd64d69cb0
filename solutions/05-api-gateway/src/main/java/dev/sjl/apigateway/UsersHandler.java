package dev.sjl.apigateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.cognito.CognitoConfig;
import dev.sjl.cognito.UserPoolDefinition;
import dev.sjl.http.HttpException;
import dev.sjl.http.HttpResponses;
import dev.sjl.lambda.Env;
import dev.sjl.lambda.EnvVar;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.UserType;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /users}: the pool's users, for the {@code admin} group only. A JWT authorizer checks scopes, not
 * groups, so the group is this function's check, on the claims the gateway verified.
 */
public final class UsersHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /** One user as an administrator sees them: never a password, a token or an attribute the list does not need. */
    public record UserSummary(String id, String email, String status) {
    }

    /** Only the pool: the gateway verified the token, so the function needs no client id, issuer or keys. */
    public static final List<EnvVar> ENVIRONMENT = List.of(CognitoConfig.USER_POOL_ID);

    private final CognitoIdentityProviderClient cognito;
    private final String poolId;

    public UsersHandler() {
        this(CognitoIdentityProviderClient.create(), Env.system().require(CognitoConfig.USER_POOL_ID));
    }

    public UsersHandler(CognitoIdentityProviderClient cognito, String poolId) {
        this.cognito = cognito;
        this.poolId = poolId;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            Caller caller = Caller.from(event);
            requireAdmin(caller);
            List<UserSummary> users = cognito.listUsers(b -> b.userPoolId(poolId).limit(60)).users().stream()
                    .map(UsersHandler::summary).toList();
            return HttpResponses.json(200, Map.of("users", users));
        } catch (RuntimeException e) {
            return HttpResponses.fromException(e, Events.requestId(event));
        }
    }

    // tag::admin-group[]
    static void requireAdmin(Caller caller) {
        // BEGIN TASK 3
        if (!caller.inGroup(UserPoolDefinition.ADMIN_GROUP)) {
            throw HttpException.forbidden("forbidden", "Only administrators may list users.");
        }
        // STARTER
        //| // TODO: only members of the pool's admin group (cognito:groups, verified by the gateway) list users;
        //| //  anyone else gets 403 in this service's words.
        //| throw new UnsupportedOperationException("Task 3: allow the admin group only");
        // END TASK 3
    }
    // end::admin-group[]

    private static UserSummary summary(UserType user) {
        String sub = null;
        String email = null;
        for (AttributeType attribute : user.attributes()) {
            if ("sub".equals(attribute.name())) {
                sub = attribute.value();
            } else if ("email".equals(attribute.name())) {
                email = attribute.value();
            }
        }
        return new UserSummary(sub, email, user.userStatusAsString());
    }
}
