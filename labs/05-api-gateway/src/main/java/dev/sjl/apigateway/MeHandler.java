package dev.sjl.apigateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.cognito.CognitoAuthHandler;
import dev.sjl.http.HttpResponses;

/**
 * {@code GET /users/me}: the caller as the gateway verified them. No key, no JWKS, no verifier here: the gateway
 * answered 401 before this function could run on a bad token.
 */
public final class MeHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            Caller caller = Caller.from(event);
            return HttpResponses.json(200, new CognitoAuthHandler.Me(caller.id(), caller.email(), caller.groups()));
        } catch (RuntimeException e) {
            return HttpResponses.fromException(e, Events.requestId(event));
        }
    }
}
