package dev.sjl.apigateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import dev.sjl.lambda.Env;
import software.amazon.awssdk.services.ssm.SsmClient;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The Lambda REQUEST authorizer of machine clients (payload 2.0, simple responses). It answers
 * {@code {"isAuthorized": true, "context": {"client": "..."}}} for a known key and {@code {"isAuthorized": false}}
 * for any other; the gateway turns a "no" into 403, and this function throwing (SSM unreachable) into 500: an
 * outage must not look like a wrong key, nor let anyone in.
 */
public final class ApiKeyAuthorizer implements RequestHandler<APIGatewayV2CustomAuthorizerEvent, Map<String, Object>> {

    /** The context key that names the client; the integration reads it from {@code requestContext.authorizer.lambda}. */
    public static final String CLIENT = "client";

    private final ApiKeys keys;

    public ApiKeyAuthorizer() {
        this(new ApiKeys(SsmClient.create(), Env.system().require(ApiKeys.API_KEYS_PATH)));
    }

    public ApiKeyAuthorizer(ApiKeys keys) {
        this.keys = keys;
    }

    // tag::authorize[]
    @Override
    public Map<String, Object> handleRequest(APIGatewayV2CustomAuthorizerEvent event, Context context) {
        // BEGIN TASK 4
        Map<String, String> headers = event == null ? null : event.getHeaders();
        String key = headers == null ? null : headers.get(UserApi.API_KEY_HEADER);
        Optional<String> client = keys.client(key);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("isAuthorized", client.isPresent());
        client.ifPresent(name -> answer.put("context", Map.of(CLIENT, name)));
        return answer;
        // STARTER
        //| // TODO: the key from the API_KEY_HEADER header (HTTP API headers arrive lower-case); a simple response:
        //| //  isAuthorized, and for a known key a context naming the client. Never log the key; let an SSM failure throw.
        //| throw new UnsupportedOperationException("Task 4: decide on the API key");
        // END TASK 4
    }
    // end::authorize[]
}
