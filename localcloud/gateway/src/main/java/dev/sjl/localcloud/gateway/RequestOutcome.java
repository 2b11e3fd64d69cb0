package dev.sjl.localcloud.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the pipeline learned about one request that the access log may print: the route it matched, why the gateway
 * answered itself, how long the integration took. Written by the one thread serving the request.
 */
final class RequestOutcome {

    String routeKey;
    String errorMessage;
    String authorizerError;
    long integrationLatencyMillis = -1;
    ObjectNode authorizer;
}
