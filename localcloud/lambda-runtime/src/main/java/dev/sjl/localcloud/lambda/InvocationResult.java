package dev.sjl.localcloud.lambda;

import java.time.Duration;

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
 */
public record InvocationResult(String requestId, String payload, String errorType, String errorMessage,
                               boolean initError, Duration duration, Duration latency) {

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
