package dev.sjl.cognito;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.kit.fuzz.Endpoint;
import dev.sjl.kit.fuzz.FuzzRun;
import dev.sjl.kit.fuzz.HostileRequests;
import dev.sjl.kit.fuzz.ResponseCheck;
import dev.sjl.kit.fuzz.StarterTodo;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of lab 04's API against hostile requests (tools/fuzz), with the local Cognito pool behind it: what
 * Cognito refuses must reach the client as the service's own 4xx, never as a 500 or Cognito's message. The protected
 * routes verify tokens, so the test belongs to task 3.
 */
@Tag("task:3")
@LocalCloudTest(services = Service.COGNITO)
@DisplayName("The Cognito-backed API under hostile input")
class AccountsApiFuzzTest {

    private static final long SEED = 20261203L;
    // Fewer than lab 03's 2,500: the requests that pass validation go to the local Cognito over HTTP.
    private static final int REQUESTS = 800;

    @Test
    @DisplayName("Answers 800 hostile requests on every route deliberately: no 5xx, no stack trace, no echo")
    void answersHostileRequestsDeliberately(CognitoIdentityProviderClient cognito, LocalCloud cloud,
                                            TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        CognitoAuthHandler handler = new CognitoAuthHandler(pool.config(), pool.cognito(),
                PoolKeys.fromUrl(pool.config().jwksUri(), Clock.systemUTC()), Clock.systemUTC());
        pool.confirmedUser("ada@example.com");
        String accessToken = pool.login("ada@example.com").accessToken();
        APIGatewayV2HTTPResponse me = new Api(handler).get("/users/me", accessToken);
        assertThat(me.getStatusCode()).as("the fixture: GET /users/me with Ada's access token answers 200; body %s",
                me.getBody()).isEqualTo(200);

        List<Endpoint> routes = CognitoAuthHandler.routeTable().stream()
                .map(route -> Endpoint.of(route.method(), route.path())).toList();
        HostileRequests hostile = HostileRequests.forRoutes(routes, Map.of(
                "POST /signup", "{\"email\":\"grace@example.com\",\"password\":\"" + Pool.PASSWORD + "\"}",
                "POST /signup/confirm", "{\"email\":\"grace@example.com\",\"code\":\"123456\"}",
                "POST /login", "{\"email\":\"ada@example.com\",\"password\":\"" + Pool.PASSWORD + "\"}",
                "POST /token/refresh", "{\"refreshToken\":\"" + "r".repeat(40) + "\"}",
                "POST /logout", "{\"refreshToken\":\"" + "r".repeat(40) + "\"}"), SEED);
        ResponseCheck check = ResponseCheck.errorShape("error", "message", "requestId").logLinesPerClientError(1);
        FuzzRun run = FuzzRun.of(hostile.limit(REQUESTS), event -> handler.handleRequest(event, null), check,
                StarterTodo::rethrow);

        System.out.println("Lab 04 under hostile input (seed " + SEED + "): " + run.counts().summary());
        System.out.print(run.counts().byKind());
        assertThat(run.problems())
                .as("every hostile request needs a deliberate answer: a 4xx in the error shape, never a 5xx or an "
                        + "exception, no stack trace logged for a client error, no echo of unbounded input. "
                        + "%d of %d were not: %s", run.problems().size(), REQUESTS,
                        run.firstProblems(5))
                .isEmpty();
        assertThat(run.counts().ofClass(5)).as("no 5xx").isZero();
        assertThat(run.counts().ofClass(2)).as("the valid requests among them still succeed").isPositive();
    }
}
