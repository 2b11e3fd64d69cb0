package dev.sjl.localcloud.functions;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.time.Instant;

/**
 * One invocation of a registered function, as the registry saw it: what went in, what came out or what went wrong.
 *
 * @param requestId      the id the function saw as {@code context.getAwsRequestId()}
 * @param functionName   the registered name
 * @param invocationType {@code RequestResponse} (a caller waited) or {@code Event} (asynchronous, retried by Lambda)
 * @param payload        the event JSON
 * @param response       the function's response JSON; null when it failed
 * @param errorType      null on success; the exception's class name, or Lambda's type ({@code Sandbox.Timedout}, …)
 * @param errorMessage   null on success
 * @param startedAt      when the registry called the function
 * @param duration       how long the function ran
 */
public record Invocation(String requestId, String functionName, String invocationType, String payload,
                         String response, String errorType, String errorMessage, Instant startedAt, Duration duration) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public boolean succeeded() {
        return errorType == null;
    }

    /** What Lambda's Invoke API returns for a failed invocation: {@code {"errorMessage":…,"errorType":…}}. */
    public String errorDocument() {
        return JSON.createObjectNode().put("errorMessage", errorMessage).put("errorType", errorType).toString();
    }
}
