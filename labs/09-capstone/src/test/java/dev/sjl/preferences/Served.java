package dev.sjl.preferences;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.apigateway.ApiDefinition;
import dev.sjl.apigateway.MeHandler;
import dev.sjl.apigateway.UserApi;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.gateway.Authorization;
import dev.sjl.localcloud.gateway.Integration;
import dev.sjl.localcloud.gateway.JwtAuthorizer;
import dev.sjl.localcloud.gateway.LocalHttpApi;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@link PreferencesApi#definition} served on the local cloud's HTTP API gateway, as lab 05 serves its API: each
 * route with the authorizer the definition names, each function in a registry of its own that records every
 * invocation (so a test can prove the function did not run). The preferences function works on the given table.
 */
final class Served implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final FunctionRegistry functions = new FunctionRegistry();
    final LocalHttpApi api;

    Served(Pool pool, DynamoDbClient dynamo, String table) {
        functions.register(PreferencesApi.FUNCTION, Functions.handler(APIGatewayV2HTTPEvent.class,
                new PreferencesHandler(new PreferencesStore(dynamo, table))));
        functions.register(UserApi.ME_FUNCTION, Functions.handler(APIGatewayV2HTTPEvent.class, new MeHandler()));

        ApiDefinition definition = PreferencesApi.definition(pool.issuer(), pool.clientId());
        ApiDefinition.JwtAuthorizerSpec spec = definition.jwt();
        JwtAuthorizer jwt = JwtAuthorizer.builder().issuer(spec.issuer()).audience(spec.audience().toArray(String[]::new))
                .identitySource(spec.identitySource()).build();
        LocalHttpApi.Builder builder = LocalHttpApi.builder();
        for (ApiDefinition.Route route : definition.routes()) {
            // Lab 05's API key routes are served without their authorizer's function: nothing here calls them.
            Authorization authorization = switch (route.authorizer()) {
                case ApiDefinition.PUBLIC -> Authorization.none();
                case UserApi.COGNITO -> Authorization.jwt(jwt, route.scopes().toArray(String[]::new));
                default -> null;
            };
            if (authorization != null) {
                builder.route(route.routeKey(), Integration.registered(functions, route.function()), authorization);
            }
        }
        this.api = builder.build().start();
    }

    /** How many times the function ran, whatever it answered. */
    int invocations(String function) {
        return functions.invocations(function).size();
    }

    HttpResponse<String> get(String path, String... headerNamesAndValues) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), headerNamesAndValues);
    }

    HttpResponse<String> put(String path, String json, String... headerNamesAndValues) {
        return send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), headerNamesAndValues);
    }

    private java.net.URI uri(String path) {
        return api.baseUri().resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String... headerNamesAndValues) {
        for (int i = 0; i < headerNamesAndValues.length; i += 2) {
            request.header(headerNamesAndValues[i], headerNamesAndValues[i + 1]);
        }
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body().isEmpty() ? "null" : response.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON (status " + response.statusCode() + "): " + response.body(), e);
        }
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    /** A JWT's payload, unverified: only to know the sub the gateway will verify. */
    static String sub(String jwt) {
        try {
            return JSON.readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1])).path("sub").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        api.close();
        functions.close();
    }
}
