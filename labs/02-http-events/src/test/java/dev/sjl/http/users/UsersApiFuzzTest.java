package dev.sjl.http.users;

import dev.sjl.http.Fixtures;
import dev.sjl.kit.fuzz.Endpoint;
import dev.sjl.kit.fuzz.FuzzRun;
import dev.sjl.kit.fuzz.HostileRequests;
import dev.sjl.kit.fuzz.ResponseCheck;
import dev.sjl.kit.fuzz.StarterTodo;
import dev.sjl.lambda.Env;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The users API against hostile requests (tools/fuzz): truncated and malformed JSON, numbers, names and nesting past
 * the parser's limits, lying base64 flags, oversized bodies, hostile headers, paths, query strings and methods, null
 * events. Every one must get a deliberate answer. It needs every task (CORS included: the requests carry origins and
 * preflights), so it belongs to the last one.
 */
@DisplayName("The users API under hostile input")
class UsersApiFuzzTest {

    private static final long SEED = 20261202L;
    private static final int REQUESTS = 2_500;
    private static final String APP = "https://app.example.com";

    // tag::fuzz[]
    @Test
    @Tag("task:5")
    @DisplayName("Answers 2,500 hostile requests on every route, 404 and 405 deliberately: no 5xx, no stack trace, no echo")
    void answersHostileRequestsDeliberately() {
        UsersApiHandler handler = new UsersApiHandler(new Env(Map.of("CORS_ALLOWED_ORIGINS", APP)), new UserDirectory());
        List<Endpoint> routes = UsersApiHandler.routeTable().stream()
                .map(route -> Endpoint.of(route.method(), route.path())).toList();
        HostileRequests hostile = HostileRequests.forRoutes(routes,
                Map.of("POST /users", "{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}"), SEED)
                .withOrigins(APP).withQueryNames("limit");
        ResponseCheck check = ResponseCheck.errorShape("error", "message", "requestId").logLinesPerClientError(1);
        FuzzRun run = FuzzRun.of(hostile.limit(REQUESTS), event -> handler.handleRequest(event, null), check,
                StarterTodo::rethrow);

        System.out.println("Lab 02 under hostile input (seed " + SEED + "): " + run.counts().summary());
        System.out.print(run.counts().byKind());
        assertThat(run.problems())
                .as("every hostile request needs a deliberate answer: a 4xx in the error shape, never a 5xx or an "
                        + "exception, no stack trace logged for a client error, no echo of unbounded input. "
                        + "%d of %d were not: %s", run.problems().size(), REQUESTS, run.firstProblems(5))
                .isEmpty();
        assertThat(run.counts().ofClass(5)).as("no 5xx").isZero();
        assertThat(run.counts().ofClass(2)).as("the valid requests among them still succeed").isPositive();
    }
    // end::fuzz[]
}
