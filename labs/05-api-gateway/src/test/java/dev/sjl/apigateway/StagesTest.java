package dev.sjl.apigateway;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.ZoneOffset;

import static dev.sjl.apigateway.Served.bearer;
import static dev.sjl.apigateway.Served.json;
import static org.assertj.core.api.Assertions.assertThat;

/** The dev and prod stages: their variables, throttling, CORS for the web client, and the access log. */
@Tag("task:5")
@LocalCloudTest(services = Service.COGNITO)
class StagesTest {

    /**
     * A clock frozen at the moment the API starts (after the tokens were issued, whose iat must not be in its
     * future): the token buckets do not refill between requests, so the counts are exact.
     */
    private static MutableClock frozen() {
        return MutableClock.of(Instant.now(), ZoneOffset.UTC);
    }

    @Test
    @DisplayName("Serves prod below /prod and dev below /dev, each passing its own stage variables to the functions")
    void stagesAndVariables(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        pool.user("ada@example.com");
        String token = pool.login("ada@example.com").accessToken();
        try (Served prod = Served.start(pool, Stages.prod(), null, frozen());
             Served dev = Served.start(pool, Stages.dev(), null, frozen())) {
            assertThat(prod.uri("/users/me").getPath()).isEqualTo("/prod/users/me");
            assertThat(prod.get("/users/me", "Authorization", bearer(token)).statusCode()).isEqualTo(200);
            assertThat(dev.get("/users/me", "Authorization", bearer(token)).statusCode()).isEqualTo(200);

            JsonNode prodEvent = prod.lastEvent(UserApi.ME_FUNCTION);
            JsonNode devEvent = dev.lastEvent(UserApi.ME_FUNCTION);
            assertThat(prodEvent.path("requestContext").path("stage").asText()).isEqualTo("prod");
            assertThat(prodEvent.path("stageVariables").path(Stages.USERS_TABLE).asText())
                    .as("each stage its own table (stage variable usersTable), so dev never writes prod's data")
                    .isNotBlank()
                    .isNotEqualTo(devEvent.path("stageVariables").path(Stages.USERS_TABLE).asText());
        }
    }

    @Test
    @DisplayName("Throttles POST /login on its own: past LOGIN_THROTTLE's burst, 429 Too Many Requests and no invocation")
    void loginIsThrottled(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        int burst = Stages.LOGIN_THROTTLE.burst();
        try (Served prod = Served.start(pool, Stages.prod(), null, frozen())) {
            int throttled = 0;
            for (int i = 0; i < burst + 5; i++) {
                // An empty body: the accounts function answers 400 at once, without calling Cognito.
                if (prod.post("/login", "{}").statusCode() == 429) {
                    throttled++;
                }
            }
            assertThat(throttled).as("POST /login must have its own limit, LOGIN_THROTTLE (burst %d), below the "
                    + "stage default: %d of %d requests should be 429", burst, 5, burst + 5).isEqualTo(5);
            assertThat(prod.invocations(UserApi.ACCOUNTS_FUNCTION)).as("a throttled request never runs the function")
                    .isEqualTo(burst);
            HttpResponse<String> over = prod.post("/login", "{}");
            assertThat(over.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
            assertThat(prod.get("/users/me").statusCode()).as("another route keeps its own bucket").isEqualTo(401);
        }
        assertThat(Stages.prod().defaultThrottle().rate()).as("prod carries more traffic than dev")
                .isGreaterThan(Stages.dev().defaultThrottle().rate());
    }

    @Test
    @DisplayName("Throttles a route without its own limit at the stage default: past dev's burst, 429 and no invocation")
    void stageDefaultThrottle(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        pool.user("ada@example.com");
        String token = pool.login("ada@example.com").accessToken();
        ApiDefinition.Stage dev = Stages.dev();
        int burst = dev.defaultThrottle().burst();
        assertThat(burst).as("dev's stage default is a limit that still lets work through: a positive burst, below "
                + "prod's").isPositive().isLessThan(Stages.prod().defaultThrottle().burst());
        try (Served served = Served.start(pool, dev, null, frozen())) {
            int answered = 0;
            int throttled = 0;
            HttpResponse<String> last = null;
            for (int i = 0; i < burst + 3; i++) {
                last = served.get("/users/me", "Authorization", bearer(token));
                if (last.statusCode() == 200) {
                    answered++;
                } else if (last.statusCode() == 429) {
                    throttled++;
                }
            }
            assertThat(throttled).as("GET /users/me has no limit of its own, so the stage default applies (dev: "
                    + "burst %d): %d of %d requests should be 429", burst, 3, burst + 3).isEqualTo(3);
            assertThat(answered).as("the burst gets through with a valid token").isEqualTo(burst);
            assertThat(last.body()).isEqualTo("{\"message\":\"Too Many Requests\"}");
            assertThat(served.invocations(UserApi.ME_FUNCTION)).as("a throttled request never runs the function")
                    .isEqualTo(burst);
        }
    }

    @Test
    @DisplayName("Answers the web client's preflight for its own origin only, with credentials and never *")
    void corsForTheWebClient(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        ApiDefinition.Stage stage = Stages.prod();
        assertThat(stage.cors().allowOrigins()).as("CORS * with credentials: any site could read the answers with "
                + "the user's cookies (and browsers refuse it); name the web client's origin").doesNotContain("*")
                .containsExactly(Stages.PROD_ORIGIN);
        assertThat(Stages.dev().cors().allowOrigins()).doesNotContain("*").containsExactly(Stages.DEV_ORIGIN);
        assertThat(stage.cors().allowCredentials()).isTrue();

        Pool pool = Pool.create(cognito, cloud, resources);
        try (Served prod = Served.start(pool, stage, null, frozen())) {
            HttpResponse<String> preflight = preflight(prod, Stages.PROD_ORIGIN);
            assertThat(preflight.statusCode()).isEqualTo(204);
            assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue(Stages.PROD_ORIGIN);
            assertThat(preflight.headers().firstValue("access-control-allow-credentials")).hasValue("true");
            assertThat(preflight.headers().firstValue("access-control-allow-headers").orElse("").toLowerCase())
                    .contains("authorization");

            HttpResponse<String> evil = preflight(prod, "https://evil.example");
            assertThat(evil.headers().firstValue("access-control-allow-origin")).as("another origin gets no CORS "
                    + "headers, so its scripts cannot read the answer").isEmpty();
            assertThat(preflight(prod, Stages.DEV_ORIGIN).headers().firstValue("access-control-allow-origin"))
                    .as("prod does not serve the dev origin").isEmpty();
        }
    }

    @Test
    @DisplayName("Writes one JSON access log line per request, with the route, status and sub, never the token")
    void accessLog(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) throws Exception {
        Pool pool = Pool.create(cognito, cloud, resources);
        pool.user("ada@example.com");
        String token = pool.login("ada@example.com").accessToken();
        try (Served dev = Served.start(pool, Stages.dev(), null, frozen())) {
            dev.get("/users/me", "Authorization", bearer(token));
            dev.get("/users/me", "Authorization", bearer("not-a-token"));
            HttpResponse<String> login = dev.post("/login",
                    "{\"email\":\"ada@example.com\",\"password\":\"" + Pool.PASSWORD + "\"}");

            assertThat(dev.accessLog).as("one line per request, refusals included").hasSize(3);
            JsonNode ok = Served.JSON.readTree(dev.accessLog.get(0));
            assertThat(ok.path("routeKey").asText()).isEqualTo(UserApi.ME);
            assertThat(ok.path("status").asText()).isEqualTo("200");
            assertThat(ok.path("sub").asText()).as("the caller, as the verified sub claim")
                    .isEqualTo(Api.claims(token).path("sub").asText());
            assertThat(ok.path("requestId").asText()).isNotBlank();
            JsonNode refused = Served.JSON.readTree(dev.accessLog.get(1));
            assertThat(refused.path("status").asText()).isEqualTo("401");
            assertThat(refused.path("authorizerError").asText()).as("why the gateway refused").isNotEqualTo("-");
            assertThat(String.join("\n", dev.accessLog)).as("an access log line must never hold a token")
                    .doesNotContain(token).doesNotContain("not-a-token");
            assertThat(login.statusCode()).as("POST /login through the dev stage; body %s", login.body()).isEqualTo(200);
            assertThat(Served.JSON.readTree(dev.accessLog.get(2)).path("routeKey").asText()).isEqualTo(UserApi.LOGIN);
            assertThat(String.join("\n", dev.accessLog)).as("an access log line must never hold a request or "
                    + "response body: the password went in, tokens came out")
                    .doesNotContain(Pool.PASSWORD).doesNotContain(json(login).path("accessToken").asText());
        }
        assertThat(Stages.dev().accessLogFormat()).isEqualTo(Stages.ACCESS_LOG_FORMAT);
    }

    private static HttpResponse<String> preflight(Served served, String origin) {
        return served.send(HttpRequest.newBuilder(served.uri("/users/me"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()),
                "Origin", origin, "Access-Control-Request-Method", "GET",
                "Access-Control-Request-Headers", "authorization");
    }
}
