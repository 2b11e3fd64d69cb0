package dev.sjl.localcloud.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.localcloud.gateway.samples.GreetingHandler;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What the function returns becomes the HTTP response by payload format 2.0's rules. */
class ResponseMappingTest {

    private static LocalHttpApi api(String routeKey, Integration integration) {
        return LocalHttpApi.builder().route(routeKey, integration).build().start();
    }

    @Test
    @Tag("task:3")
    @DisplayName("Sends a typed handler's status, headers, body, and one set-cookie header per cookie")
    void mapsStructuredResponse() {
        try (LocalHttpApi api = api("GET /hello/{name}", Integration.handler("greeter", new GreetingHandler()))) {
            HttpResponse<String> response = Http.get(api.baseUri().resolve("hello/Ada"));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.body()).isEqualTo("{\"greeting\":\"Hello, Ada\"}");
            assertThat(response.headers().firstValue("content-type")).contains("application/json");
            assertThat(response.headers().firstValue("x-function")).as("the handler's Context names the function")
                    .contains("greeter");
            assertThat(response.headers().allValues("set-cookie")).as("each entry of cookies is its own set-cookie")
                    .containsExactlyInAnyOrder("visited=yes; Path=/; HttpOnly", "theme=dark");
        }
    }

    @Test
    @Tag("task:3")
    @DisplayName("Answers 200 application/json with the string itself when a handler returns a plain String")
    void mapsSimpleStringResponse() {
        RequestHandler<APIGatewayV2HTTPEvent, String> hello = (event, context) -> "Hello from Lambda!";
        try (LocalHttpApi api = api("GET /hello", Integration.handler("hello", hello))) {
            HttpResponse<String> response = Http.get(api.baseUri().resolve("hello"));

            assertThat(response.statusCode()).as("no statusCode: the simple format's 200").isEqualTo(200);
            assertThat(response.headers().firstValue("content-type")).as("the simple format's content type")
                    .contains("application/json");
            assertThat(response.body()).as("a JSON string output becomes the body without quotes")
                    .isEqualTo("Hello from Lambda!");
        }
    }

    @Test
    @Tag("task:3")
    @DisplayName("Sends a JSON object without statusCode as the body, untouched")
    void mapsSimpleObjectResponse() {
        RequestHandler<APIGatewayV2HTTPEvent, Map<String, Object>> handler =
                (event, context) -> Map.of("message", "hi");
        String objectOutput = "{ \"message\": \"Hello from Lambda!\" }";
        try (LocalHttpApi typed = api("GET /typed", Integration.handler("typed", handler));
             LocalHttpApi raw = api("GET /raw", Integration.function("raw", event -> objectOutput))) {
            HttpResponse<String> fromMap = Http.get(typed.baseUri().resolve("typed"));
            HttpResponse<String> fromJson = Http.get(raw.baseUri().resolve("raw"));

            assertThat(fromMap.statusCode()).isEqualTo(200);
            assertThat(Http.json(fromMap.body()).path("message").asText()).as("a Map is serialized as JSON")
                    .isEqualTo("hi");
            assertThat(fromJson.body()).as("the function's output is the body, as it was written")
                    .isEqualTo(objectOutput);
        }
    }

    @Test
    @Tag("task:3")
    @DisplayName("Decodes a base64 body when isBase64Encoded is true")
    void decodesBase64Body() {
        String output = "{\"statusCode\":200,\"headers\":{\"content-type\":\"application/octet-stream\"},"
                + "\"body\":\"AAEC/w==\",\"isBase64Encoded\":true}";
        try (LocalHttpApi api = api("GET /bytes", Integration.function("bytes", event -> output))) {
            HttpResponse<byte[]> response = Http.sendForBytes(Http.request(api.baseUri().resolve("bytes")).GET());

            assertThat(response.body()).as("the client gets the decoded bytes")
                    .containsExactly(0, 1, 2, (byte) 0xff);
        }
    }

    @Test
    @Tag("task:3")
    @DisplayName("Ignores multiValueHeaders, which payload format 2.0 does not read")
    void ignoresMultiValueHeaders() {
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = (event, context) ->
                APIGatewayV2HTTPResponse.builder()
                        .withStatusCode(201)
                        .withHeaders(Map.of("x-single", "kept"))
                        .withMultiValueHeaders(Map.of("x-multi", java.util.List.of("a", "b")))
                        .build();
        try (LocalHttpApi api = api("POST /things", Integration.handler("things", handler))) {
            HttpResponse<String> response = Http.send(Http.request(api.baseUri().resolve("things"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()));

            assertThat(response.statusCode()).isEqualTo(201);
            assertThat(response.headers().firstValue("x-single")).as("headers are sent").contains("kept");
            assertThat(response.headers().firstValue("x-multi"))
                    .as("multiValueHeaders never reach the client on an HTTP API with format 2.0").isEmpty();
        }
    }

    @ParameterizedTest
    @Tag("task:3")
    @DisplayName("Answers 500 {\"message\":\"Internal Server Error\"} to a response it cannot map")
    @ValueSource(strings = {
            "this is not JSON",
            "{\"statusCode\":99,\"body\":\"\"}",
            "{\"statusCode\":600,\"body\":\"\"}",
            "{\"statusCode\":200,\"headers\":{\"x-list\":[\"a\"]}}",
            "{\"statusCode\":\"200\",\"body\":\"\"}",
            "{\"statusCode\":200,\"body\":{\"nested\":true}}",
            "{\"statusCode\":200,\"body\":\"%%%\",\"isBase64Encoded\":true}",
    })
    void rejectsMalformedResponse(String output) {
        try (LocalHttpApi api = api("GET /broken", Integration.function("broken", event -> output))) {
            HttpResponse<String> response = Http.get(api.baseUri().resolve("broken"));

            assertThat(response.statusCode()).as("the output %s cannot be mapped", output).isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        }
    }

    @Test
    @Tag("task:3")
    @DisplayName("Answers 500 when a typed handler forgets the status code (it is serialized as 0)")
    void rejectsMissingStatusCode() {
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = (event, context) ->
                APIGatewayV2HTTPResponse.builder().withBody("forgot the status").build();
        try (LocalHttpApi api = api("GET /forgetful", Integration.handler("forgetful", handler))) {
            assertThat(Http.get(api.baseUri().resolve("forgetful")).statusCode())
                    .as("statusCode 0 is not an HTTP status").isEqualTo(500);
        }
    }
}
