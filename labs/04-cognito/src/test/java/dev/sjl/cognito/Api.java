package dev.sjl.cognito;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** Calls a {@link CognitoAuthHandler} the way API Gateway's HTTP API does (payload format 2.0). */
final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CognitoAuthHandler handler;

    Api(CognitoAuthHandler handler) {
        this.handler = handler;
    }

    APIGatewayV2HTTPResponse post(String path, Map<String, String> body) {
        try {
            return send("POST", path, JSON.writeValueAsString(body), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code GET path} with this bearer token, or no Authorization header when it is null. */
    APIGatewayV2HTTPResponse get(String path, String accessToken) {
        return send("GET", path, null, accessToken == null ? null : "Bearer " + accessToken);
    }

    /** {@code GET path} with this Authorization header as it is. */
    APIGatewayV2HTTPResponse getAuthorized(String path, String authorization) {
        return send("GET", path, null, authorization);
    }

    APIGatewayV2HTTPResponse signup(String email, String password) {
        return post("/signup", Map.of("email", email, "password", password));
    }

    APIGatewayV2HTTPResponse confirm(String email, String code) {
        return post("/signup/confirm", Map.of("email", email, "code", code));
    }

    APIGatewayV2HTTPResponse login(String email, String password) {
        return post("/login", Map.of("email", email, "password", password));
    }

    APIGatewayV2HTTPResponse refresh(String refreshToken) {
        return post("/token/refresh", Map.of("refreshToken", refreshToken));
    }

    APIGatewayV2HTTPResponse logout(String refreshToken) {
        return post("/logout", Map.of("refreshToken", refreshToken));
    }

    private APIGatewayV2HTTPResponse send(String method, String path, String body, String authorization) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        if (authorization != null) {
            headers.put("authorization", authorization);
        }
        APIGatewayV2HTTPEvent event = APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(path)
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("test-request")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath(path).build())
                        .build())
                .build();
        return handler.handleRequest(event, null);
    }

    static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return JSON.readTree(response.getBody() == null ? "null" : response.getBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode claims(String jwt) {
        try {
            return JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
