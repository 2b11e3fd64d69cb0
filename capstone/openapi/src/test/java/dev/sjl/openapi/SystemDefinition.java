package dev.sjl.openapi;

import dev.sjl.apigateway.ApiDefinition;
import dev.sjl.system.LocalUserService;
import dev.sjl.system.SystemApi;

/** The API the committed document describes: the whole system's, with the example issuer and app client. */
final class SystemDefinition {

    /** Where ./kit run's gateway listens ($default stage: the routes at the root). */
    static final String SERVER = "http://127.0.0.1:" + LocalUserService.GATEWAY_PORT;

    private SystemDefinition() {
    }

    static ApiDefinition api() {
        return SystemApi.definition(OpenApiDocument.EXAMPLE_ISSUER, OpenApiDocument.EXAMPLE_CLIENT_ID);
    }

    static String json() {
        return OpenApiDocument.toJson(OpenApiDocument.generate(api(), UserServiceOperations.all(), SERVER));
    }
}
