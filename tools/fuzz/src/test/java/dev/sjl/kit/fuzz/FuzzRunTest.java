package dev.sjl.kit.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

class FuzzRunTest {

    private static final ResponseCheck CHECK = ResponseCheck.errorShape("error", "message", "requestId");
    private static final List<HostileRequest> REQUESTS = HostileRequests.forRoutes(
            List.of(Endpoint.of("POST", "/users")),
            Map.of("POST /users", "{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}"), 7L).limit(50);

    private static APIGatewayV2HTTPResponse deliberate(String requestId) {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(400).withHeaders(Map.of("Content-Type", "application/json"))
                .withBody("{\"error\":\"bad_request\",\"message\":\"No.\",\"requestId\":\"" + requestId + "\"}").build();
    }

    @Test
    @DisplayName("Counts every answer and finds no problem in deliberate 4xx answers")
    void countsDeliberateAnswers() {
        FuzzRun run = FuzzRun.of(REQUESTS, event -> deliberate("r-1"), CHECK, thrown -> { });

        assertThat(run.counts().total()).isEqualTo(50);
        assertThat(run.counts().ofClass(4)).isEqualTo(50);
        assertThat(run.problems()).isEmpty();
    }

    @Test
    @DisplayName("Reports a thrown exception as a request with no response, naming the request and the exception")
    void reportsAThrow() {
        FuzzRun run = FuzzRun.of(REQUESTS.subList(0, 3), event -> {
            throw new IllegalStateException("boom\nforged line");
        }, CHECK, thrown -> { });

        assertThat(run.counts().total()).isEqualTo(3);
        assertThat(run.counts().summary()).contains("no response 3");
        assertThat(run.problems()).hasSize(3).allSatisfy(problem -> assertThat(problem)
                .contains("threw IllegalStateException: boom\\nforged line").doesNotContain("\n"));
        assertThat(run.firstProblems(2).split(" \\| ")).hasSize(2);
    }

    @Test
    @DisplayName("Hands the todo hook what was thrown and what a 5xx logged, so a starter's TODO can surface as the task")
    void handsExceptionsToTheTodoHook() {
        List<Throwable> seen = new ArrayList<>();
        UnsupportedOperationException todo = new UnsupportedOperationException("Task 2: sign the token");

        FuzzRun.of(REQUESTS.subList(0, 1), event -> {
            throw todo;
        }, CHECK, seen::add);
        FuzzRun logged = FuzzRun.of(REQUESTS.subList(0, 1), event -> {
            Logger.getLogger("dev.sjl.demo").log(Level.SEVERE, "unexpected", todo);
            return APIGatewayV2HTTPResponse.builder().withStatusCode(500).withBody("{}").build();
        }, CHECK, seen::add);

        assertThat(seen).containsExactly(todo, todo);
        assertThat(logged.counts().ofClass(5)).isOne();
        assertThat(logged.problems()).anySatisfy(problem -> assertThat(problem).contains("-> 500", "never a 5xx"));
    }

    @Test
    @DisplayName("Lets the todo hook stop the run by rethrowing")
    void todoHookMayRethrow() {
        UnsupportedOperationException todo = new UnsupportedOperationException("Task 2: sign the token");

        Throwable thrown = catchThrowable(() -> FuzzRun.of(REQUESTS, event -> {
            throw todo;
        }, CHECK, t -> {
            throw (RuntimeException) t;
        }));

        assertThat(thrown).isSameAs(todo);
    }
}
