package dev.sjl.localcloud.gateway;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.UncheckedIOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad configuration fails at build time with a message naming the problem; the lifecycle is explicit. */
class ConfigurationTest {

    private final Integration ok = Integration.function("ok", event -> RecordingFunction.OK);

    @ParameterizedTest
    @Tag("task:8")
    @DisplayName("Refuses a malformed route key")
    @ValueSource(strings = {"GET users", "FETCH /users", "GET /{proxy+}/more", "GET /a//b", "GET /a{b}", "/users",
            "$other"})
    void refusesBadRouteKeys(String routeKey) {
        assertThatThrownBy(() -> LocalHttpApi.builder().route(routeKey, ok))
                .as("'%s' is not a valid route key", routeKey)
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Tag("task:8")
    @DisplayName("Refuses a route defined twice, a timeout over 30 s, and credentials with any origin")
    void refusesContradictions() {
        assertThatThrownBy(() -> LocalHttpApi.builder().route("GET /a", ok).route("GET /a", ok))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> LocalHttpApi.builder().integrationTimeout(Duration.ofSeconds(31)))
                .as("30 s is API Gateway's hard maximum").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalHttpApi.builder().integrationTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CorsConfiguration.builder().allowOrigins("*").allowCredentials(true).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JwtAuthorizer.builder().issuer("https://issuer.example").build())
                .as("a JWT authorizer needs an audience").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Integration.function("bad name!", event -> "{}"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalHttpApi.builder().region(" "))
                .as("the region is part of every ARN").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalHttpApi.builder().accountId("12345"))
                .as("an account id is 12 digits").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocalHttpApi.builder().stage("prod/v1"))
                .as("a stage name is one path segment").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LambdaAuthorizer.builder().identitySource("$request.body.token"))
                .as("API Gateway has no body identity source").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LambdaAuthorizer.builder().resultTtl(Duration.ofSeconds(3601)))
                .as("AWS caches authorizer results for at most an hour").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Tag("task:8")
    @DisplayName("Accepts the limits themselves: a 30 s timeout and a one-hour authorizer TTL")
    void acceptsLimits() {
        assertThat(LocalHttpApi.builder().integrationTimeout(Duration.ofSeconds(30)).route("GET /a", ok).build())
                .isNotNull();
        assertThat(LambdaAuthorizer.builder().function("a", event -> "{}").identitySource("$request.header.X")
                .resultTtl(Duration.ofHours(1)).build()).isNotNull();
    }

    @Test
    @Tag("task:8")
    @DisplayName("Reports the ephemeral port and the invoke URL once started, and stops answering when closed")
    void startsAndStops() {
        LocalHttpApi api = LocalHttpApi.builder().route("GET /ping", ok).build();
        assertThatThrownBy(api::baseUri).as("no URL before start()").isInstanceOf(IllegalStateException.class);

        api.start();
        int port = api.port();
        try {
            assertThat(api.port()).as("port 0 means an ephemeral port").isPositive();
            assertThat(api.baseUri().toString()).isEqualTo("http://127.0.0.1:" + api.port() + "/");
            assertThat(Http.get(api.baseUri().resolve("ping")).statusCode()).isEqualTo(200);
            assertThatThrownBy(api::start).isInstanceOf(IllegalStateException.class);
        } finally {
            api.close();
        }
        assertThatThrownBy(() -> Http.get(java.net.URI.create("http://127.0.0.1:" + port + "/ping")))
                .as("after close() nothing listens on the port").isInstanceOf(UncheckedIOException.class);
    }
}
