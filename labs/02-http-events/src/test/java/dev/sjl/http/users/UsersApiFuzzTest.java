package dev.sjl.http.users;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.http.Fixtures;
import dev.sjl.kit.fuzz.Endpoint;
import dev.sjl.kit.fuzz.HostileRequest;
import dev.sjl.kit.fuzz.HostileRequests;
import dev.sjl.kit.fuzz.LogCapture;
import dev.sjl.kit.fuzz.ResponseCheck;
import dev.sjl.kit.fuzz.StatusCounts;
import dev.sjl.lambda.Env;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
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
        StatusCounts counts = new StatusCounts();
        List<String> problems = new ArrayList<>();

        try (LogCapture logs = LogCapture.of("dev.sjl")) {
            for (HostileRequest request : hostile.limit(REQUESTS)) {
                APIGatewayV2HTTPResponse response;
                try {
                    response = handler.handleRequest(request.event(), null);
                } catch (RuntimeException | StackOverflowError thrown) {
                    Fixtures.rethrowTodo(thrown);
                    counts.add(request.kind(), 0);
                    problems.add(request.describe() + " -> threw " + thrown.getClass().getSimpleName() + ": "
                            + Fixtures.shown(thrown.getMessage()));
                    logs.drain();
                    continue;
                }
                counts.add(request.kind(), response.getStatusCode());
                for (String problem : check.problems(request, response, logs.drain())) {
                    problems.add(request.describe() + " -> " + response.getStatusCode() + ": " + problem);
                }
            }
        }

        System.out.println("Lab 02 under hostile input (seed " + SEED + "): " + counts.summary());
        System.out.print(counts.byKind());
        assertThat(problems)
                .as("every hostile request needs a deliberate answer: a 4xx in the error shape, never a 5xx or an "
                        + "exception, no stack trace logged for a client error, no echo of unbounded input. "
                        + "%d of %d were not: %s", problems.size(), REQUESTS,
                        String.join(" | ", problems.subList(0, Math.min(5, problems.size()))))
                .isEmpty();
        assertThat(counts.ofClass(2)).as("the valid requests among them still succeed").isPositive();
    }
    // end::fuzz[]
}
