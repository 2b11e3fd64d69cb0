package dev.sjl.localcloud.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** API Gateway's own answers when the function fails, is too slow, or the payload is over a limit. */
class ErrorsAndLimitsTest {

    private static final int MB = 1024 * 1024;

    private static LocalHttpApi api(Integration integration) {
        return LocalHttpApi.builder().route("POST /upload", integration).build().start();
    }

    private static HttpResponse<String> post(LocalHttpApi api, String contentType, byte[] body) {
        return Http.send(Http.request(api.baseUri().resolve("upload")).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static byte[] bytes(int size, char fill) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) fill);
        return body;
    }

    @Test
    @Tag("task:4")
    @DisplayName("Answers 500 {\"message\":\"Internal Server Error\"} when the function throws, revealing nothing")
    void hidesFunctionFailure() {
        RequestHandler<APIGatewayV2HTTPEvent, String> failing = (event, context) -> {
            throw new IllegalStateException("connection to db-prod.internal:5432 refused for user admin");
        };
        try (LocalHttpApi api = api(Integration.handler("failing", failing))) {
            HttpResponse<String> response = post(api, "application/json", "{}".getBytes());

            assertThat(response.statusCode()).isEqualTo(500);
            assertThat(response.body()).as("the body is API Gateway's, never the exception's message")
                    .isEqualTo("{\"message\":\"Internal Server Error\"}");
            assertThat(response.headers().firstValue("apigw-requestid")).as("the request id ties the 500 to the logs")
                    .isPresent();
        }
    }

    @Test
    @Tag("task:4")
    @DisplayName("Answers 413 to a body over 10 MB without invoking the function")
    void refusesBodyOverTenMegabytes() {
        RecordingFunction function = new RecordingFunction();
        try (LocalHttpApi api = api(Integration.function("upload", function))) {
            HttpResponse<String> response = post(api, "application/octet-stream", bytes(10 * MB + 1, 'x'));

            assertThat(response.statusCode()).as("10 MB + 1 byte is over the HTTP API payload quota").isEqualTo(413);
            assertThat(response.body()).isEqualTo("{\"message\":\"Request Entity Too Large\"}");
            assertThat(function.invocations()).as("the function never sees an oversized request").isZero();
        }
    }

    // tag::six-mb[]
    @Test
    @Tag("task:4")
    @DisplayName("Answers 413 when the event would exceed Lambda's 6 MB, and counts base64's growth")
    void refusesEventOverSixMegabytes() {
        RecordingFunction function = new RecordingFunction();
        try (LocalHttpApi api = api(Integration.function("upload", function))) {
            HttpResponse<String> text = post(api, "text/plain", bytes(6 * MB + 100_000, 'a'));
            assertThat(text.statusCode()).as("a 6.1 MB text body is under 10 MB but its event is over 6 MB")
                    .isEqualTo(413);

            HttpResponse<String> binary = post(api, "application/octet-stream", bytes(5 * MB, 'b'));
            assertThat(binary.statusCode()).as("5 MB of binary becomes 6.7 MB of base64 in the event")
                    .isEqualTo(413);
            assertThat(function.invocations()).as("neither request reaches the function").isZero();

            HttpResponse<String> fits = post(api, "application/octet-stream", bytes(4 * MB, 'c'));
            assertThat(fits.statusCode()).as("4 MB of binary (5.3 MB of base64) fits").isEqualTo(200);
            assertThat(function.invocations()).isEqualTo(1);
        }
    }
    // end::six-mb[]

    @Test
    @Tag("task:4")
    @DisplayName("Answers 500 when the function's response is over Lambda's 6 MB")
    void refusesResponseOverSixMegabytes() {
        String huge = "x".repeat(6 * MB + 1);
        RequestHandler<APIGatewayV2HTTPEvent, String> verbose = (event, context) -> huge;
        try (LocalHttpApi api = api(Integration.handler("verbose", verbose))) {
            HttpResponse<String> response = post(api, "application/json", "{}".getBytes());

            assertThat(response.statusCode()).as("Lambda fails an invocation whose response is over 6 MB")
                    .isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        }
    }

    // tag::timeout[]
    @Test
    @Tag("task:4")
    @DisplayName("Answers 503 {\"message\":\"Service Unavailable\"} past the integration timeout; stops the function")
    void answersServiceUnavailableOnTimeout() throws InterruptedException {
        CountDownLatch neverReleased = new CountDownLatch(1);
        CountDownLatch interrupted = new CountDownLatch(1);
        RequestHandler<APIGatewayV2HTTPEvent, String> stuck = (event, context) -> {
            try {
                neverReleased.await(20, TimeUnit.SECONDS);
                return "too late";
            } catch (InterruptedException e) {
                interrupted.countDown();
                Thread.currentThread().interrupt();
                return "interrupted";
            }
        };
        try (LocalHttpApi api = LocalHttpApi.builder()
                .integrationTimeout(Duration.ofMillis(200))
                .route("POST /upload", Integration.handler("stuck", stuck))
                .build()
                .start()) {
            HttpResponse<String> response = post(api, "application/json", "{}".getBytes());

            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(response.body()).isEqualTo("{\"message\":\"Service Unavailable\"}");
            assertThat(interrupted.await(10, TimeUnit.SECONDS))
                    .as("the gateway stops the late function instead of leaving it running").isTrue();
        }
    }
    // end::timeout[]
}
