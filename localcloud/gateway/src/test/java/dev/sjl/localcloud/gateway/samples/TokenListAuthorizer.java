package dev.sjl.localcloud.gateway.samples;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.SimpleIAMPolicyResponse;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Lambda REQUEST authorizer with simple responses: a known token maps to a user id passed on as context, any
 * other token is refused. It counts its invocations so tests can see the gateway's cache at work.
 */
public final class TokenListAuthorizer
        implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, SimpleIAMPolicyResponse> {

    private final Map<String, String> userIdByToken;
    private final AtomicInteger invocations = new AtomicInteger();

    public TokenListAuthorizer(Map<String, String> userIdByToken) {
        this.userIdByToken = Map.copyOf(userIdByToken);
    }

    @Override
    public SimpleIAMPolicyResponse handleRequest(APIGatewayV2CustomAuthorizerEvent event, Context context) {
        invocations.incrementAndGet();
        String token = event.getIdentitySource().get(0);
        String userId = userIdByToken.get(token);
        return userId == null
                ? SimpleIAMPolicyResponse.builder().withIsAuthorized(false).build()
                : SimpleIAMPolicyResponse.builder().withIsAuthorized(true)
                        .withContext(Map.of("userId", userId)).build();
    }

    public int invocations() {
        return invocations.get();
    }
}
