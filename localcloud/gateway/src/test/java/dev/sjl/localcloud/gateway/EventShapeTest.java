package dev.sjl.localcloud.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The event a function receives must be the payload format 2.0 document API Gateway would send. */
class EventShapeTest {

    private static final Instant RECEIVED = Instant.parse("2020-03-12T19:03:58Z");
    private static final RequestHandler<APIGatewayV2HTTPEvent, Map<String, Object>> INTROSPECT =
            (event, context) -> Map.of(
                    "functionName", context.getFunctionName(),
                    "arn", context.getInvokedFunctionArn(),
                    "awsRequestId", context.getAwsRequestId(),
                    "remainingMillis", context.getRemainingTimeInMillis(),
                    "logGroup", context.getLogGroupName());

    private static LocalHttpApi api(RecordingFunction function, String routeKey) {
        return LocalHttpApi.builder()
                .clock(Clock.fixed(RECEIVED, ZoneOffset.UTC))
                .route(routeKey, Integration.function("recorder", function))
                .build()
                .start();
    }

    @Test
    @Tag("task:1")
    @DisplayName("Sends version 2.0 with the route key, the raw path and query, and decoded parameters")
    void sendsRoutePathAndQuery() {
        RecordingFunction function = new RecordingFunction();
        try (LocalHttpApi api = api(function, "GET /items/{id}")) {
            Http.get(api.baseUri().resolve("items/a%20b?tag=x&tag=y&q=hello%20world&flag"));

            JsonNode event = function.lastEvent();
            assertThat(event.path("version").asText()).as("payload format version").isEqualTo("2.0");
            assertThat(event.path("routeKey").asText()).as("routeKey is the matched route, verbatim")
                    .isEqualTo("GET /items/{id}");
            assertThat(event.path("rawPath").asText()).as("rawPath stays percent-encoded as sent")
                    .isEqualTo("/items/a%20b");
            assertThat(event.path("rawQueryString").asText()).as("rawQueryString is the query exactly as sent")
                    .isEqualTo("tag=x&tag=y&q=hello%20world&flag");
            assertThat(event.path("queryStringParameters").path("tag").asText())
                    .as("a repeated query parameter is comma-joined in queryStringParameters").isEqualTo("x,y");
            assertThat(event.path("queryStringParameters").path("q").asText())
                    .as("query parameter values are URL-decoded").isEqualTo("hello world");
            assertThat(event.path("queryStringParameters").path("flag").asText())
                    .as("a parameter without '=' has an empty value").isEmpty();
            assertThat(event.path("pathParameters").path("id").asText())
                    .as("path parameters are URL-decoded").isEqualTo("a b");
            assertThat(event.has("body")).as("a request without a body has no body field").isFalse();
            assertThat(event.path("isBase64Encoded").isBoolean() && !event.path("isBase64Encoded").booleanValue())
                    .as("isBase64Encoded is false without a body").isTrue();
            assertThat(event.path("requestContext").has("authorizer"))
                    .as("a public route's event carries no authorizer").isFalse();
        }
    }

    @Test
    @Tag("task:1")
    @DisplayName("Lower-cases header names, comma-joins repeated headers and moves cookies to their own field")
    void normalisesHeadersAndCookies() {
        RecordingFunction function = new RecordingFunction();
        try (LocalHttpApi api = api(function, "GET /items")) {
            Http.send(Http.request(api.baseUri().resolve("items")).GET()
                    .header("X-Custom-Header", "One")
                    .header("X-Multi", "a")
                    .header("X-Multi", "b")
                    .header("Cookie", "session=abc; theme=dark"));

            JsonNode headers = function.lastEvent().path("headers");
            assertThat(headers.path("x-custom-header").asText()).as("header names are lower-cased")
                    .isEqualTo("One");
            assertThat(headers.path("x-multi").asText()).as("repeated headers are joined with commas")
                    .isEqualTo("a,b");
            assertThat(headers.has("cookie")).as("the cookie header is not among the headers").isFalse();
            assertThat(Http.JSON.convertValue(function.lastEvent().path("cookies"), List.class))
                    .as("each cookie is one entry of the cookies array").containsExactly("session=abc", "theme=dark");
            assertThat(headers.path("x-forwarded-for").asText()).as("API Gateway adds x-forwarded-for")
                    .isEqualTo("127.0.0.1");
            assertThat(headers.path("x-forwarded-port").asText()).as("and x-forwarded-port")
                    .isEqualTo(Integer.toString(api.port()));
            assertThat(headers.path("x-amzn-trace-id").asText()).as("and a trace id")
                    .matches("Root=1-[0-9a-f]{8}-[0-9a-f]{24}");
            headers.fieldNames().forEachRemaining(name -> assertThat(name).as("every header name is lower-case")
                    .isEqualTo(name.toLowerCase()));
        }
    }

    @Test
    @Tag("task:1")
    @DisplayName("Fills requestContext: account, API, domain, http block, request id, stage and CLF time")
    void fillsRequestContext() {
        RecordingFunction function = new RecordingFunction();
        try (LocalHttpApi api = api(function, "POST /orders")) {
            HttpResponse<String> response = Http.send(Http.request(api.baseUri().resolve("orders"))
                    .header("User-Agent", "kit-test/1.0")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{}")));

            JsonNode context = function.lastEvent().path("requestContext");
            assertThat(context.path("accountId").asText()).as("accountId").isEqualTo("123456789012");
            assertThat(context.path("apiId").asText()).as("apiId is the API's id").isEqualTo(api.apiId());
            assertThat(api.apiId()).as("an API id looks like AWS's: 10 lower-case letters and digits")
                    .matches("[a-z0-9]{10}");
            assertThat(context.path("domainName").asText()).as("domainName is the Host the client called")
                    .isEqualTo("127.0.0.1:" + api.port());
            assertThat(context.path("domainPrefix").asText()).as("domainPrefix is the first label").isEqualTo("127");
            JsonNode http = context.path("http");
            assertThat(http.path("method").asText()).as("http.method").isEqualTo("POST");
            assertThat(http.path("path").asText()).as("http.path").isEqualTo("/orders");
            assertThat(http.path("protocol").asText()).as("http.protocol").isEqualTo("HTTP/1.1");
            assertThat(http.path("sourceIp").asText()).as("http.sourceIp").isEqualTo("127.0.0.1");
            assertThat(http.path("userAgent").asText()).as("http.userAgent").isEqualTo("kit-test/1.0");
            assertThat(context.path("requestId").asText()).as("requestId looks like API Gateway's")
                    .matches("[A-Za-z0-9+/]{15}=");
            assertThat(response.headers().firstValue("apigw-requestid")).as("the apigw-requestid response header "
                    + "carries the same id as the event").contains(context.path("requestId").asText());
            String secondId = Http.send(Http.request(api.baseUri().resolve("orders"))
                    .POST(HttpRequest.BodyPublishers.noBody())).headers().firstValue("apigw-requestid").orElseThrow();
            assertThat(secondId).as("every request gets its own id").isNotEqualTo(context.path("requestId").asText());
            assertThat(context.path("routeKey").asText()).as("requestContext.routeKey").isEqualTo("POST /orders");
            assertThat(context.path("stage").asText()).as("the default stage").isEqualTo("$default");
            assertThat(context.path("time").asText()).as("time in common log format, UTC")
                    .isEqualTo("12/Mar/2020:19:03:58 +0000");
            assertThat(context.path("timeEpoch").asLong()).as("timeEpoch in milliseconds")
                    .isEqualTo(RECEIVED.toEpochMilli());
        }
    }

    @Test
    @Tag("task:1")
    @DisplayName("Passes JSON and text bodies as text, and binary or untyped bodies base64-encoded")
    void encodesBodiesByContentType() {
        RecordingFunction function = new RecordingFunction();
        try (LocalHttpApi api = api(function, "POST /upload")) {
            URI upload = api.baseUri().resolve("upload");
            Http.send(Http.request(upload).header("Content-Type", "application/json; charset=utf-8")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Zoë\"}")));
            assertThat(function.lastEvent().path("body").asText()).as("a JSON body arrives as the text sent")
                    .isEqualTo("{\"name\":\"Zoë\"}");
            assertThat(function.lastEvent().path("isBase64Encoded").asBoolean()).as("JSON is not base64-encoded")
                    .isFalse();

            Http.send(Http.request(upload).header("Content-Type", "text/csv")
                    .POST(HttpRequest.BodyPublishers.ofString("a,b\n1,2")));
            assertThat(function.lastEvent().path("isBase64Encoded").asBoolean()).as("text/* is not base64-encoded")
                    .isFalse();

            byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
            Http.send(Http.request(upload).header("Content-Type", "image/png")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(png)));
            assertThat(function.lastEvent().path("isBase64Encoded").asBoolean()).as("a binary type is base64-encoded")
                    .isTrue();
            assertThat(Base64.getDecoder().decode(function.lastEvent().path("body").asText()))
                    .as("the base64 body decodes to the exact bytes sent").isEqualTo(png);

            Http.send(Http.request(upload).POST(HttpRequest.BodyPublishers.ofString("no type")));
            assertThat(function.lastEvent().path("isBase64Encoded").asBoolean())
                    .as("a body without Content-Type is base64-encoded, as on AWS").isTrue();
            assertThat(new String(Base64.getDecoder().decode(function.lastEvent().path("body").asText()),
                    StandardCharsets.UTF_8)).isEqualTo("no type");
        }
    }

    @Test
    @Tag("task:1")
    @DisplayName("Puts the rest of the path into the greedy {proxy+} variable")
    void capturesGreedyPath() {
        RecordingFunction function = new RecordingFunction();
        try (LocalHttpApi api = api(function, "ANY /files/{proxy+}")) {
            Http.get(api.baseUri().resolve("files/photos/2024/cat%20one.jpg"));

            JsonNode event = function.lastEvent();
            assertThat(event.path("routeKey").asText()).isEqualTo("ANY /files/{proxy+}");
            assertThat(event.path("pathParameters").path("proxy").asText())
                    .as("proxy holds every remaining segment, decoded").isEqualTo("photos/2024/cat one.jpg");
        }
    }

    @Test
    @Tag("task:1")
    @DisplayName("Keeps a named stage in rawPath and http.path, reports requestContext.stage, sends stage variables")
    void servesNamedStage() {
        RecordingFunction function = new RecordingFunction();
        try (LocalHttpApi api = LocalHttpApi.builder()
                .stage("prod")
                .stageVariable("tableName", "users-prod")
                .route("GET /hello", Integration.function("recorder", function))
                .build()
                .start()) {
            assertThat(api.baseUri().toString()).as("the invoke URL of a named stage ends with the stage")
                    .endsWith("/prod/");
            HttpResponse<String> ok = Http.get(api.baseUri().resolve("hello"));

            assertThat(ok.statusCode()).isEqualTo(200);
            JsonNode event = function.lastEvent();
            assertThat(event.path("rawPath").asText()).as("rawPath includes the stage").isEqualTo("/prod/hello");
            assertThat(event.path("requestContext").path("http").path("path").asText())
                    .as("http.path includes the stage").isEqualTo("/prod/hello");
            assertThat(event.path("requestContext").path("stage").asText()).isEqualTo("prod");
            assertThat(event.path("routeKey").asText()).as("routes are matched below the stage")
                    .isEqualTo("GET /hello");
            assertThat(event.path("stageVariables").path("tableName").asText()).isEqualTo("users-prod");

            HttpResponse<String> outsideStage = Http.get(URI.create("http://127.0.0.1:" + api.port() + "/hello"));
            assertThat(outsideStage.statusCode()).as("a path outside the stage finds no route").isEqualTo(404);
        }
    }

    @Test
    @Tag("task:1")
    @DisplayName("Gives an in-process handler a Lambda Context: name, ARN, its own request id, time left")
    void givesHandlerALambdaContext() {
        try (LocalHttpApi api = LocalHttpApi.builder()
                .integrationTimeout(Duration.ofSeconds(5))
                .route("GET /context", Integration.handler("introspect", INTROSPECT))
                .build()
                .start()) {
            HttpResponse<String> response = Http.get(api.baseUri().resolve("context"));
            JsonNode context = Http.json(response.body());

            assertThat(context.path("functionName").asText()).isEqualTo("introspect");
            assertThat(context.path("arn").asText())
                    .isEqualTo("arn:aws:lambda:us-east-1:123456789012:function:introspect");
            assertThat(context.path("logGroup").asText()).isEqualTo("/aws/lambda/introspect");
            assertThat(context.path("awsRequestId").asText()).as("Lambda's request id is a UUID")
                    .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
                    .as("and is not API Gateway's request id")
                    .isNotEqualTo(response.headers().firstValue("apigw-requestid").orElseThrow());
            assertThat(context.path("remainingMillis").asInt()).as("the time left counts down from the timeout")
                    .isPositive().isLessThanOrEqualTo(5000);
        }
    }

    @Test
    @Tag("task:1")
    @DisplayName("Builds the function's ARN from the API's region and account, and its time left from the API's clock")
    void contextFollowsTheApiConfiguration() {
        try (LocalHttpApi api = LocalHttpApi.builder()
                .region("eu-west-1")
                .accountId("210987654321")
                .clock(Clock.fixed(RECEIVED, ZoneOffset.UTC))
                .integrationTimeout(Duration.ofSeconds(5))
                .route("GET /context", Integration.handler("introspect", INTROSPECT))
                .build()
                .start()) {
            JsonNode context = Http.json(Http.get(api.baseUri().resolve("context")).body());

            assertThat(context.path("arn").asText()).as("the ARN uses the API's region and account")
                    .isEqualTo("arn:aws:lambda:eu-west-1:210987654321:function:introspect");
            assertThat(context.path("remainingMillis").asInt())
                    .as("on a clock that stands still the whole integration timeout is left").isEqualTo(5000);
        }
    }
}
