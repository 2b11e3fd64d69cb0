package dev.sjl.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

/**
 * The code behind one route. It may throw: an {@link HttpException} becomes the response it describes,
 * anything else becomes a 500 that names only the request id (see {@link HttpResponses#fromException}).
 */
@FunctionalInterface
public interface Route {

    APIGatewayV2HTTPResponse handle(HttpRequest request) throws Exception;
}
