package dev.sjl.localcloud.gateway.samples;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reports who the authorizer said the caller is, returning a plain Map: payload 2.0's simple response format
 * (200, application/json) applies, with no statusCode in sight.
 */
public final class CallerHandler implements RequestHandler<APIGatewayV2HTTPEvent, Map<String, Object>> {

    @Override
    public Map<String, Object> handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = event.getRequestContext().getAuthorizer();
        Map<String, Object> caller = new LinkedHashMap<>();
        if (authorizer != null && authorizer.getJwt() != null) {
            caller.put("subject", authorizer.getJwt().getClaims().get("sub"));
            caller.put("groups", authorizer.getJwt().getClaims().get("cognito:groups"));
            caller.put("scopes", authorizer.getJwt().getScopes());
        }
        if (authorizer != null && authorizer.getLambda() != null) {
            caller.put("userId", authorizer.getLambda().get("userId"));
        }
        return caller;
    }
}
