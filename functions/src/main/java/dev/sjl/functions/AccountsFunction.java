package dev.sjl.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.cognito.CognitoAuthHandler;
import dev.sjl.cognito.CognitoConfig;
import dev.sjl.cognito.PoolKeys;
import dev.sjl.cognito.UserPoolDefinition;
import dev.sjl.lambda.Env;
import dev.sjl.lambda.EnvVar;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code accounts} function: lab 04's {@link CognitoAuthHandler} with its refresh tokens' owners in lab 06's users
 * table ({@link DynamoDbRefreshTokenOwners}). The reference's no-argument constructor keeps them in memory, where a
 * token refreshed in one container and reused in another would end nothing.
 */
public final class AccountsFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    public static final List<EnvVar> ENVIRONMENT;

    static {
        List<EnvVar> environment = new ArrayList<>(CognitoConfig.ENVIRONMENT);
        environment.add(Clients.USERS_TABLE);
        ENVIRONMENT = List.copyOf(environment);
    }

    private final CognitoAuthHandler handler;

    public AccountsFunction() {
        this(Env.system());
    }

    AccountsFunction(Env env) {
        CognitoConfig config = CognitoConfig.from(env);
        String table = env.require(Clients.USERS_TABLE);
        Clock clock = Clock.systemUTC();
        CognitoIdentityProviderClient cognito = CognitoIdentityProviderClient.builder().httpClient(Clients.http()).build();
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(Clients.http()).build();
        this.handler = new CognitoAuthHandler(config, cognito, PoolKeys.fromUrl(config.jwksUri(), clock), clock,
                new DynamoDbRefreshTokenOwners(dynamo, table, UserPoolDefinition.REFRESH_TOKEN_VALIDITY, clock));
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return handler.handleRequest(event, context);
    }
}
