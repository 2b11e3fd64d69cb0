package dev.sjl.localcloud.gateway;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** With CORS configured on the API, the gateway answers preflights and owns the CORS headers. */
class CorsTest {

    private static final String APP = "https://app.example.com";

    private final RecordingFunction function = new RecordingFunction(
            "{\"statusCode\":200,\"headers\":{\"access-control-allow-origin\":\"*\",\"x-request-cost\":\"3\"},"
                    + "\"body\":\"ok\"}");

    private LocalHttpApi api(CorsConfiguration cors) {
        // The route is protected and has no OPTIONS route: a preflight must still succeed.
        LambdaAuthorizer denyAll = LambdaAuthorizer.builder()
                .function("deny-all", event -> "{\"isAuthorized\":false}")
                .resultTtl(Duration.ZERO)
                .build();
        return LocalHttpApi.builder()
                .cors(cors)
                .route("POST /orders", Integration.function("orders", function), Authorization.lambda(denyAll))
                .route("GET /catalog", Integration.function("catalog", function))
                .build()
                .start();
    }

    private static CorsConfiguration appOnly() {
        return CorsConfiguration.builder()
                .allowOrigins(APP)
                .allowMethods("GET", "POST")
                .allowHeaders("authorization", "content-type")
                .exposeHeaders("x-request-cost")
                .maxAge(Duration.ofMinutes(10))
                .build();
    }

    private static HttpResponse<String> preflight(LocalHttpApi api, String origin) {
        return Http.send(Http.request(api.baseUri().resolve("orders"))
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
    }

    // tag::cors-test[]
    @Test
    @Tag("task:7")
    @DisplayName("Answers a preflight itself with 204 and the configured headers: no route, authorizer or function")
    void answersPreflight() {
        try (LocalHttpApi api = api(appOnly())) {
            HttpResponse<String> response = preflight(api, APP);

            assertThat(response.statusCode()).isEqualTo(204);
            assertThat(response.headers().firstValue("access-control-allow-origin")).contains(APP);
            assertThat(response.headers().firstValue("access-control-allow-methods")).contains("GET,POST");
            assertThat(response.headers().firstValue("access-control-allow-headers"))
                    .contains("authorization,content-type");
            assertThat(response.headers().firstValue("access-control-max-age")).contains("600");
            assertThat(function.invocations()).as("the preflight never reaches the function").isZero();
        }
    }
    // end::cors-test[]

    @Test
    @Tag("task:7")
    @DisplayName("Gives a preflight from an origin not allowed no CORS headers")
    void refusesUnknownOriginPreflight() {
        try (LocalHttpApi api = api(appOnly())) {
            HttpResponse<String> response = preflight(api, "https://evil.example.net");

            assertThat(response.headers().firstValue("access-control-allow-origin"))
                    .as("without the header the browser blocks the real request").isEmpty();
            assertThat(response.headers().firstValue("access-control-allow-methods")).isEmpty();
        }
    }

    @Test
    @Tag("task:7")
    @DisplayName("Replaces the function's CORS headers with the configured ones on a response to an allowed origin")
    void decoratesActualResponse() {
        try (LocalHttpApi api = api(appOnly())) {
            HttpResponse<String> allowed = Http.get(api.baseUri().resolve("catalog"), "Origin", APP);
            HttpResponse<String> other =
                    Http.get(api.baseUri().resolve("catalog"), "Origin", "https://evil.example.net");

            assertThat(allowed.statusCode()).isEqualTo(200);
            assertThat(allowed.headers().allValues("access-control-allow-origin"))
                    .as("the function's '*' is dropped; the configured origin is sent once").containsExactly(APP);
            assertThat(allowed.headers().firstValue("access-control-expose-headers")).contains("x-request-cost");
            assertThat(other.statusCode()).as("CORS is the browser's check: the response is still sent")
                    .isEqualTo(200);
            assertThat(other.headers().firstValue("access-control-allow-origin"))
                    .as("an origin not allowed gets no allow-origin, not even the function's").isEmpty();
        }
    }

    @Test
    @Tag("task:7")
    @DisplayName("Sends allow-credentials when configured, and no CORS headers to a request without Origin")
    void credentialsAndSameOrigin() {
        try (LocalHttpApi api = api(CorsConfiguration.builder().allowOrigins(APP).allowCredentials(true).build())) {
            HttpResponse<String> pre = preflight(api, APP);
            HttpResponse<String> actual = Http.get(api.baseUri().resolve("catalog"), "Origin", APP);
            HttpResponse<String> noOrigin = Http.get(api.baseUri().resolve("catalog"));

            assertThat(pre.headers().firstValue("access-control-allow-credentials")).contains("true");
            assertThat(actual.headers().firstValue("access-control-allow-credentials")).contains("true");
            assertThat(noOrigin.headers().map().keySet())
                    .as("a request that is not cross-origin gets no access-control-* header at all")
                    .noneMatch(name -> name.startsWith("access-control-"));
        }
    }

    @Test
    @Tag("task:7")
    @DisplayName("Adds CORS headers to the gateway's own errors, so the browser can read a 403 or 404")
    void decoratesGatewayErrors() {
        try (LocalHttpApi api = api(appOnly())) {
            HttpResponse<String> forbidden = Http.send(Http.request(api.baseUri().resolve("orders"))
                    .header("Origin", APP).header("Authorization", "x")
                    .POST(HttpRequest.BodyPublishers.noBody()));
            HttpResponse<String> notFound = Http.get(api.baseUri().resolve("nowhere"), "Origin", APP);

            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(forbidden.headers().firstValue("access-control-allow-origin")).contains(APP);
            assertThat(notFound.statusCode()).isEqualTo(404);
            assertThat(notFound.headers().firstValue("access-control-allow-origin")).contains(APP);
        }
    }

    @Test
    @Tag("task:7")
    @DisplayName("Says Vary: Origin on every answer when the allowed origins are a list, so no cache mixes origins up")
    void variesByOrigin() {
        try (LocalHttpApi api = api(appOnly())) {
            HttpResponse<String> allowed = Http.send(Http.request(api.baseUri().resolve("catalog")).header("Origin", APP));
            HttpResponse<String> other = Http.send(Http.request(api.baseUri().resolve("catalog"))
                    .header("Origin", "https://evil.example"));
            HttpResponse<String> noOrigin = Http.send(Http.request(api.baseUri().resolve("catalog")));
            HttpResponse<String> preflight = preflight(api, APP);

            for (HttpResponse<String> response : List.of(allowed, other, noOrigin, preflight)) {
                assertThat(response.headers().allValues("vary")).as("Vary on the answer to %s %s (origin %s)",
                                response.request().method(), response.uri().getPath(),
                                response.request().headers().firstValue("origin").orElse("none"))
                        .anySatisfy(vary -> assertThat(vary).containsIgnoringCase("origin"));
            }
        }
        try (LocalHttpApi api = api(CorsConfiguration.builder().allowOrigins("*").allowMethods("GET").build())) {
            HttpResponse<String> any = Http.send(Http.request(api.baseUri().resolve("catalog")).header("Origin", APP));
            assertThat(any.headers().allValues("vary")).as("'*' is the same answer for every origin: nothing to vary")
                    .noneSatisfy(vary -> assertThat(vary).containsIgnoringCase("origin"));
        }
    }

    @Test
    @Tag("task:7")
    @DisplayName("Allows any origin with '*', and routes an OPTIONS request that is not a preflight normally")
    void wildcardAndPlainOptions() {
        try (LocalHttpApi api = api(CorsConfiguration.builder().allowOrigins("*").allowMethods("*").build())) {
            assertThat(preflight(api, "https://anyone.example.org").headers()
                    .firstValue("access-control-allow-origin")).contains("*");

            HttpResponse<String> plainOptions = Http.send(Http.request(api.baseUri().resolve("orders"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertThat(plainOptions.statusCode()).as("OPTIONS without Origin/Access-Control-Request-Method "
                    + "is an ordinary request, and no OPTIONS route exists").isEqualTo(404);
        }
    }
}
