package dev.sjl.localcloud.gateway;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Throttling as an HTTP API stage does it, with a token bucket per route: "Throttle requests to your HTTP APIs for
 * better throughput in API Gateway" (docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html).
 * The clock is moved, never slept on, so the bucket refills exactly as much as the test says.
 */
@Tag("task:9")
class ThrottlingTest {

    private final MutableClock clock = MutableClock.of(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    private static int status(LocalHttpApi api, String path) {
        return Http.get(api.baseUri().resolve(path)).statusCode();
    }

    @Test
    @DisplayName("Lets a burst through, then answers 429 {\"message\":\"Too Many Requests\"} without invoking the function (http-api-throttling.html)")
    void burstThen429() {
        RecordingFunction function = new RecordingFunction();
        try (LocalHttpApi api = LocalHttpApi.builder().clock(clock)
                .route("GET /users", Integration.function("users", function))
                .throttle(Throttle.of(1, 3)).build().start()) {
            for (int i = 0; i < 3; i++) {
                assertThat(status(api, "users")).as("request %d is within the burst of 3", i + 1).isEqualTo(200);
            }
            HttpResponse<String> throttled = Http.get(api.baseUri().resolve("users"));

            assertThat(throttled.statusCode()).as("the 4th request in the same instant is over the burst").isEqualTo(429);
            assertThat(throttled.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
            assertThat(throttled.headers().firstValue("content-type")).hasValue("application/json");
            assertThat(function.invocations()).as("a throttled request never reaches the function").isEqualTo(3);
        }
    }

    @Test
    @DisplayName("Refills the bucket at the rate: one more request per 1/rate seconds, never more than the burst (token bucket)")
    void refillsAtTheRate() {
        RecordingFunction function = new RecordingFunction();
        try (LocalHttpApi api = LocalHttpApi.builder().clock(clock)
                .route("GET /users", Integration.function("users", function))
                .throttle(Throttle.of(2, 2)).build().start()) {
            assertThat(status(api, "users")).isEqualTo(200);
            assertThat(status(api, "users")).isEqualTo(200);
            assertThat(status(api, "users")).as("the bucket of 2 is empty").isEqualTo(429);

            clock.add(Duration.ofMillis(500));
            assertThat(status(api, "users")).as("at 2 rps, half a second brings back one token").isEqualTo(200);
            assertThat(status(api, "users")).as("...and only one").isEqualTo(429);

            clock.add(Duration.ofHours(1));
            assertThat(status(api, "users")).isEqualTo(200);
            assertThat(status(api, "users")).isEqualTo(200);
            assertThat(status(api, "users")).as("an idle hour fills the bucket to the burst, not beyond").isEqualTo(429);
            assertThat(function.invocations()).isEqualTo(5);
        }
    }

    @Test
    @DisplayName("Gives each route its own bucket; a route limit replaces the stage default for that route (DefaultRouteSettings, RouteSettings)")
    void routeLimitsReplaceTheStageDefault() {
        try (LocalHttpApi api = LocalHttpApi.builder().clock(clock)
                .route("GET /users", Integration.function("users", new RecordingFunction()))
                .route("POST /login", Integration.function("login", new RecordingFunction()))
                .throttle(Throttle.of(100, 2))
                .routeThrottle("POST /login", Throttle.of(1, 1))
                .build().start()) {
            assertThat(Http.send(Http.request(api.baseUri().resolve("login"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))).statusCode()).isEqualTo(200);
            assertThat(Http.send(Http.request(api.baseUri().resolve("login"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))).statusCode())
                    .as("POST /login has its own burst of 1").isEqualTo(429);
            assertThat(status(api, "users")).as("GET /users keeps the stage's burst of 2: login used none of it")
                    .isEqualTo(200);
            assertThat(status(api, "users")).isEqualTo(200);
            assertThat(status(api, "users")).isEqualTo(429);
        }
    }

    @Test
    @DisplayName("A burst of 0 refuses every request; an unthrottled API never answers 429")
    void zeroBurstAndNoLimit() {
        try (LocalHttpApi closed = LocalHttpApi.builder().clock(clock)
                .route("GET /users", Integration.function("users", new RecordingFunction()))
                .throttle(Throttle.of(0, 0)).build().start();
             LocalHttpApi open = LocalHttpApi.builder().clock(clock)
                .route("GET /users", Integration.function("users", new RecordingFunction())).build().start()) {
            assertThat(status(closed, "users")).isEqualTo(429);
            for (int i = 0; i < 20; i++) {
                assertThat(status(open, "users")).isEqualTo(200);
            }
        }
    }

    @Test
    @DisplayName("Refuses a negative rate or burst, and a route limit for a route that does not exist")
    void refusesBadLimits() {
        assertThat(catchThrowable(() -> Throttle.of(-1, 1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(catchThrowable(() -> Throttle.of(1, -1))).isInstanceOf(IllegalArgumentException.class);
        assertThat(catchThrowable(() -> Throttle.of(Double.NaN, 1))).isInstanceOf(IllegalArgumentException.class);
        Throwable unknownRoute = catchThrowable(() -> LocalHttpApi.builder()
                .route("GET /users", Integration.function("users", new RecordingFunction()))
                .routeThrottle("GET /orders", Throttle.of(1, 1)).build());
        assertThat(unknownRoute).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GET /orders");
    }
}
