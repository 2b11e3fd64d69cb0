package dev.sjl.openapi;

import dev.sjl.apigateway.ApiDefinition;
import dev.sjl.apigateway.UserApi;

import java.util.ArrayList;
import java.util.List;

/** The API the document describes, with the example issuer and client the committed file names. */
final class SystemDefinition {

    /** Where ./kit run's gateway listens. */
    static final String SERVER = "http://127.0.0.1:8080";

    private SystemDefinition() {
    }

    static ApiDefinition api() {
        // Until capstone/system's SystemApi is merged: lab 05's API and lab 06's avatar routes, as the system adds them.
        ApiDefinition users = UserApi.definition(OpenApiDocument.EXAMPLE_ISSUER, OpenApiDocument.EXAMPLE_CLIENT_ID);
        List<ApiDefinition.Route> routes = new ArrayList<>(users.routes());
        routes.add(new ApiDefinition.Route(UserServiceOperations.AVATAR_UPLOAD, "avatars", UserApi.COGNITO,
                List.of(UserApi.USER_SCOPE)));
        routes.add(new ApiDefinition.Route(UserServiceOperations.AVATAR, "avatars", UserApi.COGNITO,
                List.of(UserApi.USER_SCOPE)));
        return new ApiDefinition(routes, users.jwt(), users.apiKey());
    }

    static String json() {
        return OpenApiDocument.toJson(OpenApiDocument.generate(api(), UserServiceOperations.all(), SERVER));
    }
}
