package dev.sjl.localcloud.gateway.samples;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.List;
import java.util.Map;

/** A typical typed handler: reads a path parameter, answers JSON with a structured response and a cookie. */
public final class GreetingHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String name = event.getPathParameters().get("name");
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(200)
                .withHeaders(Map.of("content-type", "application/json", "x-function", context.getFunctionName()))
                .withCookies(List.of("visited=yes; Path=/; HttpOnly", "theme=dark"))
                .withBody("{\"greeting\":\"Hello, " + name.replace("\"", "") + "\"}")
                .build();
    }
}
