package dev.sjl.jwt;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sjl.kit.fuzz.StarterTodo;

import java.util.Map;

import static dev.sjl.jwt.Fixtures.body;
import static dev.sjl.jwt.Fixtures.event;
import static dev.sjl.jwt.Fixtures.withBearer;
import static dev.sjl.jwt.Fixtures.withBody;
import static org.assertj.core.api.Assertions.assertThat;

/** Calls an {@link AuthHandler} the way API Gateway does, one fixture event per route. */
final class AuthApi {

    private final AuthHandler handler;

    AuthApi(AuthHandler handler) {
        this.handler = handler;
    }

    /**
     * What the handler answers. A 500 caused by a starter's TODO (the router logs the exception and answers 500)
     * rethrows that TODO, so a test of a later task reads "Task N: ..." instead of a bare internal_error.
     */
    APIGatewayV2HTTPResponse send(APIGatewayV2HTTPEvent event) {
        try (LogCapture logs = LogCapture.kit()) {
            // The Context is unused by the handler: API Gateway's request id travels in the event.
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
            if (response.getStatusCode() >= 500) {
                logs.records().forEach(logRecord -> StarterTodo.rethrow(logRecord.getThrown()));
            }
            return response;
        }
    }

    /** Signs up and returns the new account's id; fails the test when sign-up does not answer 201. */
    String signedUp(String email, String password) {
        APIGatewayV2HTTPResponse response = signup(email, password);
        assertThat(response.getStatusCode()).as("POST /signup must answer 201 first (task 4); body: %s",
                response.getBody()).isEqualTo(201);
        return body(response).path("id").asText();
    }

    /** Logs in and returns the token response; fails the test when login does not answer 200. */
    JsonNode loggedIn(String email, String password) {
        APIGatewayV2HTTPResponse response = login(email, password);
        assertThat(response.getStatusCode()).as("POST /login must answer 200 first (task 5); body: %s",
                response.getBody()).isEqualTo(200);
        return body(response);
    }

    APIGatewayV2HTTPResponse signup(String email, String password) {
        return send(withBody(event("signup"), Map.of("email", email, "password", password)));
    }

    APIGatewayV2HTTPResponse login(String email, String password) {
        return send(withBody(event("login"), Map.of("email", email, "password", password)));
    }

    APIGatewayV2HTTPResponse refresh(String refreshToken) {
        return send(withBody(event("refresh"), Map.of("refreshToken", refreshToken)));
    }

    /** {@code GET /users/me} with this access token, or with no Authorization header when it is null. */
    APIGatewayV2HTTPResponse me(String accessToken) {
        return send(withBearer(event("users-me"), accessToken));
    }

    APIGatewayV2HTTPResponse jwks() {
        return send(event("jwks"));
    }
}
