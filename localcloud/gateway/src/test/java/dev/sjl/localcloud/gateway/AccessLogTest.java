package dev.sjl.localcloud.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A stage's access log, built from $context variables: "Customize HTTP API access logs"
 * (docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging-variables.html).
 */
@Tag("task:10")
class AccessLogTest {

    private static final String FORMAT = "{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
            + "\"method\":\"$context.httpMethod\",\"routeKey\":\"$context.routeKey\",\"status\":$context.status,"
            + "\"length\":$context.responseLength,\"error\":\"$context.error.message\","
            + "\"authorizerError\":\"$context.authorizer.error\",\"sub\":\"$context.authorizer.claims.sub\","
            + "\"ua\":\"$context.identity.userAgent\",\"stage\":\"$context.stage\"}";

    private final TestIdentityProvider idp = new TestIdentityProvider();
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        idp.close();
    }

    private LocalHttpApi api() {
        JwtAuthorizer jwt = JwtAuthorizer.builder().issuer(idp.issuer()).audience(TestIdentityProvider.AUDIENCE).build();
        return LocalHttpApi.builder().stage("prod")
                .route("GET /me", Integration.function("me", new RecordingFunction()), Authorization.jwt(jwt))
                .accessLog(AccessLog.of(FORMAT, lines::add))
                .build().start();
    }

    @Test
    @DisplayName("Writes one JSON line per request from $context variables: route, status, length, claim, request id")
    void oneJsonLinePerRequest() throws Exception {
        try (LocalHttpApi api = api()) {
            String token = idp.token(Instant.now()).compact();
            HttpResponse<String> ok = Http.get(api.baseUri().resolve("me"), "Authorization", "Bearer " + token,
                    "User-Agent", "tests \"quoted\"");

            assertThat(lines).hasSize(1);
            JsonNode line = Http.JSON.readTree(lines.get(0));
            assertThat(line.path("requestId").asText()).isEqualTo(ok.headers().firstValue("apigw-requestid").orElseThrow());
            assertThat(line.path("routeKey").asText()).isEqualTo("GET /me");
            assertThat(line.path("method").asText()).isEqualTo("GET");
            assertThat(line.path("status").asInt()).isEqualTo(200);
            assertThat(line.path("length").asInt()).isEqualTo(ok.body().getBytes().length);
            assertThat(line.path("ip").asText()).isEqualTo("127.0.0.1");
            assertThat(line.path("sub").asText()).as("a claim of the verified token, not the token").isEqualTo("user-1");
            assertThat(line.path("ua").asText()).as("a quote in a header is escaped: the line stays JSON")
                    .isEqualTo("tests \"quoted\"");
            assertThat(line.path("stage").asText()).isEqualTo("prod");
            assertThat(line.path("error").asText()).as("no value is written as -").isEqualTo("-");
            assertThat(lines.get(0)).as("the token never reaches the access log").doesNotContain(token);
        }
    }

    @Test
    @DisplayName("Logs the gateway's own refusals: 401 with the authorizer's error, 404 with no route key")
    void logsRefusals() throws Exception {
        try (LocalHttpApi api = api()) {
            Http.get(api.baseUri().resolve("me"), "Authorization", "Bearer not-a-jwt");
            Http.get(api.baseUri().resolve("nowhere"));

            assertThat(lines).hasSize(2);
            JsonNode unauthorized = Http.JSON.readTree(lines.get(0));
            assertThat(unauthorized.path("status").asInt()).isEqualTo(401);
            assertThat(unauthorized.path("authorizerError").asText()).isEqualTo("Unauthorized");
            assertThat(unauthorized.path("sub").asText()).isEqualTo("-");
            assertThat(lines.get(0)).doesNotContain("not-a-jwt");
            JsonNode notFound = Http.JSON.readTree(lines.get(1));
            assertThat(notFound.path("status").asInt()).isEqualTo(404);
            assertThat(notFound.path("routeKey").asText()).isEqualTo("-");
            assertThat(notFound.path("error").asText()).isEqualTo("Not Found");
        }
    }

    @Test
    @DisplayName("Refuses a format with an unknown variable or with no variable at all")
    void refusesUnknownVariables() {
        assertThat(catchThrowable(() -> AccessLog.of("{\"auth\":\"$context.header.Authorization\"}", line -> { })))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("header.Authorization");
        assertThat(catchThrowable(() -> AccessLog.of("{}", line -> { })))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
