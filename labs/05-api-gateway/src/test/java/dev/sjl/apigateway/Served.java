package dev.sjl.apigateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2CustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.cognito.CognitoAuthHandler;
import dev.sjl.cognito.CognitoConfig;
import dev.sjl.cognito.PoolKeys;
import dev.sjl.lambda.Env;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.gateway.AccessLog;
import dev.sjl.localcloud.gateway.Authorization;
import dev.sjl.localcloud.gateway.CorsConfiguration;
import dev.sjl.localcloud.gateway.Integration;
import dev.sjl.localcloud.gateway.JwtAuthorizer;
import dev.sjl.localcloud.gateway.LambdaAuthorizer;
import dev.sjl.localcloud.gateway.LocalHttpApi;
import dev.sjl.localcloud.gateway.Throttle;
import dev.sjl.users.InMemoryUserRepository;
import dev.sjl.users.UserRepository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The lab's {@link ApiDefinition} served on the local cloud's HTTP API gateway, as lab 09's stack deploys it on AWS:
 * one route, authorizer and stage setting for each in the definition, each function registered in a function
 * registry of its own, which records every invocation (so a test can prove a function did not run).
 */
final class Served implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    final FunctionRegistry functions = new FunctionRegistry();
    final List<String> accessLog = new CopyOnWriteArrayList<>();
    final UserRepository users = new InMemoryUserRepository();
    final LocalHttpApi api;

    private Served(Pool pool, ApiDefinition definition, ApiDefinition.Stage stage, ApiKeys keys, Clock clock) {
        CognitoConfig config = CognitoConfig.from(new Env(Map.of("USER_POOL_ID", pool.id(), "USER_POOL_CLIENT_ID",
                pool.clientId(), "AWS_REGION", "us-east-1", "COGNITO_ISSUER", pool.issuer())));
        functions.register(UserApi.ACCOUNTS_FUNCTION, Functions.handler(APIGatewayV2HTTPEvent.class,
                new CognitoAuthHandler(config, pool.cognito(), PoolKeys.fromUrl(config.jwksUri(), Clock.systemUTC()),
                        Clock.systemUTC())));
        functions.register(UserApi.ME_FUNCTION, Functions.handler(APIGatewayV2HTTPEvent.class, new MeHandler()));
        functions.register(UserApi.USERS_FUNCTION, Functions.handler(APIGatewayV2HTTPEvent.class,
                new UsersHandler(pool.cognito(), pool.id())));
        functions.register(UserApi.INTERNAL_USERS_FUNCTION, Functions.handler(APIGatewayV2HTTPEvent.class,
                new InternalUsersHandler(users)));
        if (keys != null) {
            functions.register(UserApi.API_KEY_AUTHORIZER_FUNCTION,
                    Functions.handler(APIGatewayV2CustomAuthorizerEvent.class, new ApiKeyAuthorizer(keys)));
        }

        ApiDefinition.JwtAuthorizerSpec jwtSpec = definition.jwt();
        JwtAuthorizer jwt = JwtAuthorizer.builder().issuer(jwtSpec.issuer())
                .audience(jwtSpec.audience().toArray(String[]::new))
                .identitySource(jwtSpec.identitySource()).build();
        ApiDefinition.LambdaAuthorizerSpec keySpec = definition.apiKey();
        LambdaAuthorizer apiKey = LambdaAuthorizer.builder().registered(functions, keySpec.function())
                .identitySource(keySpec.identitySources().toArray(String[]::new))
                .resultTtl(keySpec.resultTtl()).build();

        LocalHttpApi.Builder builder = LocalHttpApi.builder().clock(clock);
        for (ApiDefinition.Route route : definition.routes()) {
            Authorization authorization = switch (route.authorizer()) {
                case ApiDefinition.PUBLIC -> Authorization.none();
                case UserApi.COGNITO -> Authorization.jwt(jwt, route.scopes().toArray(String[]::new));
                case UserApi.API_KEY -> Authorization.lambda(apiKey);
                default -> throw new IllegalArgumentException("Route " + route.routeKey()
                        + " names an authorizer the API does not define: " + route.authorizer());
            };
            builder.route(route.routeKey(), Integration.registered(functions, route.function()), authorization);
        }
        if (stage != null) {
            builder.stage(stage.name());
            stage.variables().forEach(builder::stageVariable);
            builder.throttle(Throttle.of(stage.defaultThrottle().rate(), stage.defaultThrottle().burst()));
            stage.routeThrottles().forEach((route, limit) -> builder.routeThrottle(route,
                    Throttle.of(limit.rate(), limit.burst())));
            ApiDefinition.Cors cors = stage.cors();
            builder.cors(CorsConfiguration.builder()
                    .allowOrigins(cors.allowOrigins().toArray(String[]::new))
                    .allowMethods(cors.allowMethods().toArray(String[]::new))
                    .allowHeaders(cors.allowHeaders().toArray(String[]::new))
                    .allowCredentials(cors.allowCredentials())
                    .maxAge(cors.maxAge()).build());
            builder.accessLog(AccessLog.of(stage.accessLogFormat(), accessLog::add));
        }
        this.api = builder.build().start();
    }

    /** The API on the {@code $default} stage, without stage settings. */
    static Served start(Pool pool) {
        return new Served(pool, UserApi.definition(pool.issuer(), pool.clientId()), null, null, Clock.systemUTC());
    }

    static Served start(Pool pool, ApiDefinition.Stage stage, ApiKeys keys, Clock clock) {
        return new Served(pool, UserApi.definition(pool.issuer(), pool.clientId()), stage, keys, clock);
    }

    /** How many times the function ran, whatever it answered. */
    int invocations(String function) {
        return functions.invocations(function).size();
    }

    /** The event the function got last, as JSON. */
    JsonNode lastEvent(String function) {
        List<dev.sjl.localcloud.functions.Invocation> all = functions.invocations(function);
        try {
            return JSON.readTree(all.get(all.size() - 1).payload());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    URI uri(String path) {
        return api.baseUri().resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    HttpResponse<String> get(String path, String... headerNamesAndValues) {
        return send(HttpRequest.newBuilder(uri(path)).GET(), headerNamesAndValues);
    }

    HttpResponse<String> post(String path, String json, String... headerNamesAndValues) {
        return send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), headerNamesAndValues);
    }

    HttpResponse<String> send(HttpRequest.Builder request, String... headerNamesAndValues) {
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

    @Override
    public void close() {
        api.close();
        functions.close();
    }
}
