package dev.sjl.localcloud.lambda;

import java.time.Duration;
import java.util.List;

/**
 * What a caller of {@code Invoke} gets back: the function's response, or an error document and its type.
 *
 * @param requestId    the invocation's id (the function sees it as {@code context.getAwsRequestId()})
 * @param payload      the function's response (JSON text), or on failure the error document
 *                     {@code {"errorMessage":…,"errorType":…}} as Lambda returns it to the caller
 * @param errorType    null on success; otherwise e.g. {@code java.lang.IllegalStateException} (thrown by the handler),
 *                     {@code Runtime.ExitError}, {@code Sandbox.Timedout}, {@code RequestEntityTooLargeException}
 * @param errorMessage null on success; otherwise what went wrong, in a sentence
 * @param initError    true when the function never got to run the invocation because its init phase failed
 * @param duration     runtime took the invocation → runtime posted the outcome: what Lambda reports as
 *                     {@code Duration}; null when the runtime never took it
 * @param latency      invoke submitted → outcome known, the time a synchronous caller waits
 * @param logs         the lines the function wrote to stdout and stderr while the runtime worked on this invocation
 *                     (from {@code /next} handing the event out to the outcome), complete when {@code invoke}
 *                     returns; for an invocation whose init failed, the init's lines. The lines of Lambda's log
 *                     stream between this invocation's START and END.
 */
public record InvocationResult(String requestId, String payload, String errorType, String errorMessage,
                               boolean initError, Duration duration, Duration latency, List<String> logs) {

    public InvocationResult {
        logs = logs == null ? List.of() : List.copyOf(logs);
    }

    /** An outcome without log lines (the runtime never ran, or the lines are added later with {@link #withLogs}). */
    public InvocationResult(String requestId, String payload, String errorType, String errorMessage,
                            boolean initError, Duration duration, Duration latency) {
        this(requestId, payload, errorType, errorMessage, initError, duration, latency, List.of());
    }

    /** The same outcome with these log lines. */
    public InvocationResult withLogs(List<String> lines) {
        return new InvocationResult(requestId, payload, errorType, errorMessage, initError, duration, latency, lines);
    }

    public boolean isSuccess() {
        return errorType == null;
    }

    @Override
    public String toString() {
        if (isSuccess()) {
            return "InvocationResult[" + requestId + " succeeded: " + payload + "]";
        }
        return "InvocationResult[" + requestId + (initError ? " failed its init: " : " failed: ") + errorType + ": "
                + errorMessage + "]";
    }
}
