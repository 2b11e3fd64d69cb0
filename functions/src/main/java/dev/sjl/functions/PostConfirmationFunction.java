package dev.sjl.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;
import dev.sjl.cognito.PostConfirmationHandler;
import dev.sjl.dynamodb.DynamoDbUserRepository;
import dev.sjl.lambda.Env;
import dev.sjl.lambda.EnvVar;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.List;

/**
 * The {@code post-confirmation} trigger: lab 04's {@link PostConfirmationHandler} on lab 06's
 * {@link DynamoDbUserRepository}. The reference's no-argument constructor keeps profiles in memory, which on Lambda
 * would lose every profile with its container.
 */
public final class PostConfirmationFunction
        implements RequestHandler<CognitoUserPoolPostConfirmationEvent, CognitoUserPoolPostConfirmationEvent> {

    public static final List<EnvVar> ENVIRONMENT = List.of(Clients.USERS_TABLE);

    private final PostConfirmationHandler handler;

    public PostConfirmationFunction() {
        this(Env.system());
    }

    PostConfirmationFunction(Env env) {
        String table = env.require(Clients.USERS_TABLE);
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(Clients.http()).build();
        this.handler = new PostConfirmationHandler(
                new DynamoDbUserRepository(dynamo, table, Clients.containerCursorKey()), Clock.systemUTC());
    }

    @Override
    public CognitoUserPoolPostConfirmationEvent handleRequest(CognitoUserPoolPostConfirmationEvent event,
                                                              Context context) {
        return handler.handleRequest(event, context);
    }
}
