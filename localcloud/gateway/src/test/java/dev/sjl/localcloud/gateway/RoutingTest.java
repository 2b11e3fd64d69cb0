package dev.sjl.localcloud.gateway;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Route selection follows API Gateway's priorities; no match is its 404, not a function call. */
class RoutingTest {

    /** A function whose whole answer is its own name, so the response says which route won. */
    private static Integration named(String name) {
        return Integration.function(name.replace("$", ""), event -> "\"" + name + "\"");
    }

    // tag::routing-example[]
    @ParameterizedTest(name = "{0} {1} → {2}")
    @Tag("task:2")
    @DisplayName("Prefers an exact route, then a path variable, then a greedy variable, then ANY, then $default")
    @CsvSource({
            "GET,  /pets/dog/1, exact",
            "GET,  /pets/dog/2, dog-id",
            "GET,  /pets/cat/1, pets-proxy",
            "POST, /pets/dog/1, any-proxy",
            "GET,  /,           $default",
    })
    void picksTheMostSpecificRoute(String method, String path, String expectedRoute) {
        try (LocalHttpApi api = LocalHttpApi.builder()
                // Declared least specific first: the order of declaration must not decide.
                .route("$default", named("$default"))
                .route("ANY /{proxy+}", named("any-proxy"))
                .route("GET /pets/{proxy+}", named("pets-proxy"))
                .route("GET /pets/dog/{id}", named("dog-id"))
                .route("GET /pets/dog/1", named("exact"))
                .build()
                .start()) {
            HttpResponse<String> response = Http.send(Http.request(api.baseUri().resolve(path.substring(1)))
                    .method(method, HttpRequest.BodyPublishers.noBody()));

            assertThat(response.body()).as("%s %s should be served by the route %s", method, path, expectedRoute)
                    .isEqualTo(expectedRoute);
        }
    }
    // end::routing-example[]

    @Test
    @Tag("task:2")
    @DisplayName("Prefers a full match made of variables over a greedy route with more fixed text")
    void prefersFullMatchOverGreedy() {
        try (LocalHttpApi api = LocalHttpApi.builder()
                .route("GET /pets/{proxy+}", named("pets-proxy"))
                .route("GET /{type}/{id}", named("type-id"))
                .route("GET /{proxy+}", named("root-proxy"))
                .route("GET /{first}", named("first"))
                .build()
                .start()) {
            assertThat(Http.get(api.baseUri().resolve("pets/1")).body())
                    .as("a route that matches the whole path beats any greedy route").isEqualTo("type-id");
            assertThat(Http.get(api.baseUri().resolve("pets/1/photos")).body())
                    .as("with only greedy candidates, the longer fixed prefix wins").isEqualTo("pets-proxy");
            assertThat(Http.get(api.baseUri().resolve("cats")).body())
                    .as("one segment: {first} matches fully, {proxy+} only greedily").isEqualTo("first");
        }
    }

    @Test
    @Tag("task:2")
    @DisplayName("Prefers a route with the request's method over ANY on the same path")
    void prefersNamedMethodOverAny() {
        try (LocalHttpApi api = LocalHttpApi.builder()
                .route("ANY /users", named("any"))
                .route("GET /users", named("get"))
                .build()
                .start()) {
            assertThat(Http.get(api.baseUri().resolve("users")).body()).as("GET goes to GET /users").isEqualTo("get");
            assertThat(Http.send(Http.request(api.baseUri().resolve("users")).DELETE()).body())
                    .as("DELETE falls back to ANY /users").isEqualTo("any");
        }
    }

    @Test
    @Tag("task:2")
    @DisplayName("Answers 404 {\"message\":\"Not Found\"} when nothing matches, even a known path with another method")
    void answersNotFoundWithoutInvoking() {
        RecordingFunction function = new RecordingFunction();
        try (LocalHttpApi api = LocalHttpApi.builder()
                .route("GET /users/{id}", Integration.function("users", function))
                .route("ANY /files/{proxy+}", Integration.function("files", function))
                .build()
                .start()) {
            HttpResponse<String> unknown = Http.get(api.baseUri().resolve("orders"));
            HttpResponse<String> wrongMethod = Http.send(Http.request(api.baseUri().resolve("users/1")).DELETE());
            HttpResponse<String> greedyPrefixOnly = Http.get(api.baseUri().resolve("files"));
            HttpResponse<String> emptyVariable = Http.get(api.baseUri().resolve("users/"));

            for (HttpResponse<String> response : new HttpResponse[] {unknown, wrongMethod, greedyPrefixOnly,
                    emptyVariable}) {
                assertThat(response.statusCode()).as("%s should find no route (HTTP APIs have no 405)",
                        response.uri()).isEqualTo(404);
                assertThat(response.body()).as("API Gateway's own 404 body").isEqualTo("{\"message\":\"Not Found\"}");
                assertThat(response.headers().firstValue("content-type")).contains("application/json");
                assertThat(response.headers().firstValue("apigw-requestid")).as("every answer has a request id")
                        .isPresent();
            }
            assertThat(function.invocations()).as("no function runs when no route matches").isZero();
        }
    }
}
