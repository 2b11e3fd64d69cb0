package dev.sjl.localcloud.lambda;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A {@link Context} for calling a handler in process, in a unit test: the same values the runtime interface client
 * gives a handler on Lambda (request id, function name and ARN, memory, log group, time left before the deadline).
 *
 * <pre>{@code
 * Context context = LocalContext.forFunction("signup-check").withRequestId("req-1");
 * }</pre>
 */
public final class LocalContext implements Context {

    private final String functionName;
    private final String requestId;
    private final int memoryMb;
    private final Instant deadline;
    private final Clock clock;

    private LocalContext(String functionName, String requestId, int memoryMb, Instant deadline, Clock clock) {
        this.functionName = functionName;
        this.requestId = requestId;
        this.memoryMb = memoryMb;
        this.deadline = deadline;
        this.clock = clock;
    }

    /** An invocation of this function with a fresh request id, 512 MB and a 3 s timeout (Lambda's default). */
    public static LocalContext forFunction(String functionName) {
        Clock clock = Clock.systemUTC();
        return new LocalContext(Objects.requireNonNull(functionName, "functionName"), UUID.randomUUID().toString(),
                512, clock.instant().plus(Duration.ofSeconds(3)), clock);
    }

    public LocalContext withRequestId(String id) {
        return new LocalContext(functionName, Objects.requireNonNull(id, "id"), memoryMb, deadline, clock);
    }

    public LocalContext withMemoryMb(int megabytes) {
        return new LocalContext(functionName, requestId, megabytes, deadline, clock);
    }

    /** The invocation's deadline is this long after now, read from the given clock from then on. */
    public LocalContext withTimeout(Duration timeout, Clock clock) {
        return new LocalContext(functionName, requestId, memoryMb, clock.instant().plus(timeout), clock);
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local/[$LATEST]" + requestId.replace("-", "");
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
    }

    /** Null, as for any invocation that does not come from the AWS Mobile SDK. */
    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    /** Null, as for any invocation that does not come from the AWS Mobile SDK. */
    @Override
    public ClientContext getClientContext() {
        return null;
    }

    /** Milliseconds until the deadline, never negative. */
    @Override
    public int getRemainingTimeInMillis() {
        long left = Duration.between(clock.instant(), deadline).toMillis();
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, left));
    }

    @Override
    public int getMemoryLimitInMB() {
        return memoryMb;
    }

    /** Writes to standard output, as the Lambda logger does. */
    @Override
    public LambdaLogger getLogger() {
        return STDOUT;
    }

    private static final LambdaLogger STDOUT = new LambdaLogger() {
        @Override
        public void log(String message) {
            System.out.print(message);
        }

        @Override
        public void log(byte[] message) {
            System.out.print(new String(message, StandardCharsets.UTF_8));
        }
    };
}
