package dev.sjl.apigateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

final class Events {

    private Events() {
    }

    /** The gateway's request id, which the client also got in {@code apigw-requestid}; "unknown" on a direct invoke. */
    static String requestId(APIGatewayV2HTTPEvent event) {
        return event == null || event.getRequestContext() == null || event.getRequestContext().getRequestId() == null
                ? "unknown" : event.getRequestContext().getRequestId();
    }
}
