package dev.sjl.localcloud.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sjl.localcloud.gateway.samples.CallerHandler;
import dev.sjl.localcloud.gateway.samples.TokenListAuthorizer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.threeten.extra.MutableClock;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A Lambda REQUEST authorizer (payload 2.0, simple responses) decides before the integration runs. */
class LambdaAuthorizerTest {

    private final TokenListAuthorizer tokens =
            new TokenListAuthorizer(Map.of("token-ada", "u-ada", "token-bob", "u-bob"));
    private final RecordingFunction function = new RecordingFunction();

    private LambdaAuthorizer.Builder authorizer() {
        return LambdaAuthorizer.builder()
                .handler("token-authorizer", tokens)
                .identitySource("$request.header.Authorization");
    }

    private LocalHttpApi api(LambdaAuthorizer authorizer, MutableClock clock) {
        return LocalHttpApi.builder()
                .clock(clock)
                .route("GET /orders/{id}", Integration.function("orders", function), Authorization.lambda(authorizer))
                .route("GET /invoices", Integration.function("invoices", function), Authorization.lambda(authorizer))
                .build()
                .start();
    }

    private static HttpResponse<String> get(LocalHttpApi api, String path, String token) {
        return Http.get(api.baseUri().resolve(path), "Authorization", token);
    }

    @Test
    @Tag("task:6")
    @DisplayName("Invokes the integration with the authorizer's context in requestContext.authorizer.lambda")
    void passesContextOnAllow() {
        try (LocalHttpApi api = LocalHttpApi.builder()
                .route("GET /me", Integration.handler("caller", new CallerHandler()),
                        Authorization.lambda(authorizer().build()))
                .route("GET /raw", Integration.function("raw", function), Authorization.lambda(authorizer().build()))
                .build()
                .start()) {
            HttpResponse<String> typed = Http.get(api.baseUri().resolve("me"), "Authorization", "token-ada");
            HttpResponse<String> raw = Http.get(api.baseUri().resolve("raw"), "Authorization", "token-bob");

            assertThat(typed.statusCode()).isEqualTo(200);
            assertThat(Http.json(typed.body()).path("userId").asText())
                    .as("a typed handler reads the context through getAuthorizer().getLambda()").isEqualTo("u-ada");
            assertThat(raw.statusCode()).isEqualTo(200);
            assertThat(function.lastEvent().path("requestContext").path("authorizer").path("lambda")
                    .path("userId").asText()).as("the context sits in requestContext.authorizer.lambda")
                    .isEqualTo("u-bob");
        }
    }

    @Test
    @Tag("task:6")
    @DisplayName("Answers 403 {\"message\":\"Forbidden\"} when the authorizer says no, without invoking the route")
    void forbidsOnDeny() {
        try (LocalHttpApi api = api(authorizer().build(), MutableClock.of(Instant.now(), ZoneOffset.UTC))) {
            HttpResponse<String> response = get(api, "orders/1", "token-mallory");

            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.body()).isEqualTo("{\"message\":\"Forbidden\"}");
            assertThat(function.invocations()).isZero();
        }
    }

    @Test
    @Tag("task:6")
    @DisplayName("Answers 401 when an identity source is missing, without invoking the authorizer")
    void unauthorizedWithoutIdentity() {
        try (LocalHttpApi api = api(authorizer().build(), MutableClock.of(Instant.now(), ZoneOffset.UTC))) {
            HttpResponse<String> response = Http.get(api.baseUri().resolve("orders/1"));
            HttpResponse<String> blank = get(api, "orders/1", " ");

            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.body()).isEqualTo("{\"message\":\"Unauthorized\"}");
            assertThat(blank.statusCode()).as("a blank value counts as missing").isEqualTo(401);
            assertThat(tokens.invocations()).as("no identity, no authorizer call").isZero();
            assertThat(function.invocations()).isZero();
        }
    }

    // tag::authorizer-event-test[]
    @Test
    @Tag("task:6")
    @DisplayName("Sends the authorizer a payload 2.0 REQUEST event: identity values, route ARN, request parts, no body")
    void sendsRequestEventToAuthorizer() {
        RecordingFunction authorizerFunction = new RecordingFunction("{\"isAuthorized\":true}");
        LambdaAuthorizer authorizer = LambdaAuthorizer.builder()
                .function("raw-authorizer", authorizerFunction)
                .identitySource("$request.header.Authorization", "$request.querystring.tenant")
                .build();
        try (LocalHttpApi api = LocalHttpApi.builder()
                .stageVariable("env", "test")
                .route("POST /orders/{id}", Integration.function("orders", function), Authorization.lambda(authorizer))
                .build()
                .start()) {
            Http.send(Http.request(api.baseUri().resolve("orders/7?tenant=acme"))
                    .header("Authorization", "tok-1").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"secret\":\"card number\"}")));

            JsonNode event = authorizerFunction.lastEvent();
            assertThat(event.path("version").asText()).isEqualTo("2.0");
            assertThat(event.path("type").asText()).isEqualTo("REQUEST");
            assertThat(Http.JSON.convertValue(event.path("identitySource"), List.class))
                    .as("identitySource lists the values, in the configured order").containsExactly("tok-1", "acme");
            assertThat(event.path("routeArn").asText()).isEqualTo(
                    "arn:aws:execute-api:us-east-1:123456789012:" + api.apiId() + "/$default/POST/orders/7");
            assertThat(event.path("routeKey").asText()).isEqualTo("POST /orders/{id}");
            assertThat(event.path("headers").path("authorization").asText()).isEqualTo("tok-1");
            assertThat(event.path("pathParameters").path("id").asText()).isEqualTo("7");
            assertThat(event.path("requestContext").path("http").path("method").asText()).isEqualTo("POST");
            assertThat(event.path("stageVariables").path("env").asText()).isEqualTo("test");
            assertThat(event.has("body")).as("an authorizer never receives the request body").isFalse();
            assertThat(function.lastEvent().path("requestContext").has("authorizer"))
                    .as("an allow without context adds no authorizer block").isFalse();
        }
    }
    // end::authorizer-event-test[]

    @ParameterizedTest
    @Tag("task:6")
    @DisplayName("Answers 500 when the authorizer fails or answers in a shape other than a simple response")
    @ValueSource(strings = {"THROW", "{\"allow\":true}", "{\"isAuthorized\":\"yes\"}", "not json",
            "{\"isAuthorized\":true,\"context\":\"flat\"}"})
    void internalErrorOnBrokenAuthorizer(String answer) {
        LambdaAuthorizer broken = LambdaAuthorizer.builder()
                .function("broken-authorizer", event -> {
                    if ("THROW".equals(answer)) {
                        throw new IllegalStateException("authorizer crashed");
                    }
                    return answer;
                })
                .identitySource("$request.header.Authorization")
                .build();
        try (LocalHttpApi api = api(broken, MutableClock.of(Instant.now(), ZoneOffset.UTC))) {
            HttpResponse<String> response = get(api, "orders/1", "token-ada");

            assertThat(response.statusCode()).as("authorizer answer %s", answer).isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
            assertThat(function.invocations()).isZero();
        }
    }

    // tag::authorizer-cache-test[]
    @Test
    @Tag("task:6")
    @DisplayName("Caches decisions by identity value for the TTL, across the routes sharing the authorizer")
    void cachesDecisionsByIdentity() {
        MutableClock clock = MutableClock.of(Instant.now(), ZoneOffset.UTC);
        try (LocalHttpApi api = api(authorizer().build(), clock)) {
            get(api, "orders/1", "token-ada");
            get(api, "orders/2", "token-ada");
            get(api, "invoices", "token-ada");
            assertThat(tokens.invocations()).as("one call for three requests with the same token").isEqualTo(1);
            assertThat(function.invocations()).as("every request still reaches the integration").isEqualTo(3);

            get(api, "orders/1", "token-bob");
            assertThat(tokens.invocations()).as("another identity value is another cache entry").isEqualTo(2);

            get(api, "orders/1", "token-mallory");
            get(api, "orders/1", "token-mallory");
            assertThat(tokens.invocations()).as("a denial is cached too").isEqualTo(3);

            clock.add(Duration.ofSeconds(299));
            get(api, "orders/1", "token-ada");
            assertThat(tokens.invocations()).as("still within the default 300 s").isEqualTo(3);
            clock.add(Duration.ofSeconds(2));
            get(api, "orders/1", "token-ada");
            assertThat(tokens.invocations()).as("after 300 s the authorizer is asked again").isEqualTo(4);
        }
    }
    // end::authorizer-cache-test[]

    @Test
    @Tag("task:6")
    @DisplayName("Asks the authorizer on every request when the TTL is zero")
    void noCacheWithZeroTtl() {
        try (LocalHttpApi api = api(authorizer().resultTtl(Duration.ZERO).build(), MutableClock.of(Instant.now(), ZoneOffset.UTC))) {
            get(api, "orders/1", "token-ada");
            get(api, "orders/1", "token-ada");

            assertThat(tokens.invocations()).isEqualTo(2);
        }
    }

    @Test
    @Tag("task:6")
    @DisplayName("Caches per route when $context.routeKey is one of the identity sources")
    void cachesPerRouteWithRouteKeySource() {
        try (LocalHttpApi api = api(authorizer().identitySource("$context.routeKey").build(),
                MutableClock.of(Instant.now(), ZoneOffset.UTC))) {
            get(api, "orders/1", "token-ada");
            get(api, "orders/2", "token-ada");
            get(api, "invoices", "token-ada");

            assertThat(tokens.invocations()).as("two routes, two cache entries").isEqualTo(2);
        }
    }

    @Test
    @Tag("task:6")
    @DisplayName("Refuses a caching configuration without an identity source, as AWS does")
    void cachingNeedsIdentitySource() {
        assertThatThrownBy(() -> LambdaAuthorizer.builder().handler("a", tokens).build())
                .as("a cache needs a key").isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identity source");
        assertThat(LambdaAuthorizer.builder().handler("a", tokens).resultTtl(Duration.ZERO).build())
                .as("without caching, no identity source is needed").isNotNull();
    }
}
