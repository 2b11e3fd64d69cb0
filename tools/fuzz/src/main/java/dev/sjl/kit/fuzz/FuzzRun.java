package dev.sjl.kit.fuzz;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.LogRecord;

/**
 * One fuzz run: every hostile request sent to the handler, its log captured, its answer judged by a
 * {@link ResponseCheck}. What each lab's fuzz test does, written once:
 * <pre>
 * FuzzRun run = FuzzRun.of(hostile.limit(2_500), event -> handler.handleRequest(event, null), check, StarterTodo::rethrow);
 * assertThat(run.problems()).as(...).isEmpty();
 * </pre>
 * {@code todo} sees every exception the handler threw or logged with a 5xx: a lab passes {@link StarterTodo#rethrow},
 * which rethrows a starter's "Task N:" TODO, so a learner sees the task to do, not a list of 500s.
 */
public final class FuzzRun {

    private final StatusCounts counts = new StatusCounts();
    private final List<String> problems = new ArrayList<>();

    private FuzzRun() {
    }

    public static FuzzRun of(List<HostileRequest> requests,
            Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler, ResponseCheck check,
            Consumer<Throwable> todo) {
        FuzzRun run = new FuzzRun();
        try (LogCapture logs = LogCapture.of("dev.sjl")) {
            for (HostileRequest request : requests) {
                run.send(request, handler, check, todo, logs);
            }
        }
        return run;
    }

    private void send(HostileRequest request, Function<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler,
            ResponseCheck check, Consumer<Throwable> todo, LogCapture logs) {
        APIGatewayV2HTTPResponse response;
        try {
            response = handler.apply(request.event());
        } catch (RuntimeException | StackOverflowError thrown) {
            todo.accept(thrown);
            logs.drain();
            counts.add(request.kind(), 0);
            problems.add(request.describe() + " -> threw " + thrown.getClass().getSimpleName() + ": "
                    + Text.shown(thrown.getMessage(), 120));
            return;
        }
        List<LogRecord> logged = logs.drain();
        if (response.getStatusCode() >= 500) {
            logged.stream().map(LogRecord::getThrown).filter(thrown -> thrown != null).forEach(todo);
        }
        counts.add(request.kind(), response.getStatusCode());
        for (String problem : check.problems(request, response, logged)) {
            problems.add(request.describe() + " -> " + response.getStatusCode() + ": " + problem);
        }
    }

    public StatusCounts counts() {
        return counts;
    }

    /** One line per request that was not answered deliberately: what was sent, what came back, which rule it broke. */
    public List<String> problems() {
        return List.copyOf(problems);
    }

    /** The first few problems, for an assertion message that stays readable. */
    public String firstProblems(int n) {
        return String.join(" | ", problems.subList(0, Math.min(n, problems.size())));
    }
}
