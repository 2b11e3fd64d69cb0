package dev.sjl.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.apigateway.InternalUsersHandler;
import dev.sjl.dynamodb.DynamoDbUserRepository;
import dev.sjl.lambda.Env;
import dev.sjl.lambda.EnvVar;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;

/**
 * The {@code internal-users} function (machine clients, behind the API key authorizer): lab 05's
 * {@link InternalUsersHandler} on lab 06's {@link DynamoDbUserRepository}, where the profiles the post-confirmation
 * trigger writes are. The reference's no-argument constructor reads an empty in-memory store.
 */
public final class InternalUsersFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    public static final List<EnvVar> ENVIRONMENT = List.of(Clients.USERS_TABLE);

    private final InternalUsersHandler handler;

    public InternalUsersFunction() {
        this(Env.system());
    }

    InternalUsersFunction(Env env) {
        String table = env.require(Clients.USERS_TABLE);
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(Clients.http()).build();
        this.handler = new InternalUsersHandler(new DynamoDbUserRepository(dynamo, table, Clients.containerCursorKey()));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return handler.handleRequest(event, context);
    }
}
