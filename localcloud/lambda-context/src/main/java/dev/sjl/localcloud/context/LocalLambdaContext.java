package dev.sjl.localcloud.context;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@link Context} a handler gets when it is called in this JVM (a unit test, the local API Gateway): the values
 * the runtime interface client gives it on Lambda. Immutable; the deadline is fixed when it is built and the time
 * left is read from a {@link Clock}, so a test can move time instead of sleeping.
 *
 * <pre>{@code
 * Context context = LocalLambdaContext.builder("signup-check").requestId("req-1").build();
 * }</pre>
 */
public final class LocalLambdaContext implements Context {

    /** The local cloud's region, as its emulators and fakes use it. */
    public static final String DEFAULT_REGION = "us-east-1";
    /** The local cloud's account, the one in the ARNs its emulators and fakes return. */
    public static final String DEFAULT_ACCOUNT_ID = "000000000000";
    /** Lambda's default memory size. */
    public static final int DEFAULT_MEMORY_MB = 512;
    /** Lambda's default function timeout. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

    private static final String VERSION = "$LATEST";
    private static final Pattern FUNCTION_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final int MIN_MEMORY_MB = 128;
    private static final int MAX_MEMORY_MB = 10_240;
    private static final Duration MAX_TIMEOUT = Duration.ofMinutes(15);

    private final String functionName;
    private final String functionArn;
    private final String requestId;
    private final int memoryMb;
    private final Instant deadline;
    private final Clock clock;
    private final LambdaLogger logger;

    private LocalLambdaContext(Builder builder) {
        this.functionName = builder.functionName;
        this.functionArn = "arn:aws:lambda:" + builder.region + ":" + builder.accountId + ":function:"
                + builder.functionName;
        this.requestId = builder.requestId != null ? builder.requestId : UUID.randomUUID().toString();
        this.memoryMb = builder.memoryMb;
        this.deadline = builder.clock.instant().plus(builder.timeout);
        this.clock = builder.clock;
        this.logger = new StreamLogger(builder.logOutput);
    }

    /** An invocation of this function with every default: a fresh request id, 512 MB, 3 s, the local account. */
    public static LocalLambdaContext forFunction(String functionName) {
        return builder(functionName).build();
    }

    public static Builder builder(String functionName) {
        return new Builder(functionName);
    }

    /*
     * The rules for what goes into the ARN, public so that a caller configured long before an invocation (the
     * gateway) refuses a bad value when it is configured, by the same rule, not with an error at every invocation.
     */

    /** The name, if it is 1-64 letters, digits, '-' or '_', as Lambda requires. */
    public static String requireFunctionName(String functionName) {
        if (functionName == null || !FUNCTION_NAME.matcher(functionName).matches()) {
            throw new IllegalArgumentException(
                    "A function name is 1-64 letters, digits, '-' or '_', as on Lambda: " + functionName);
        }
        return functionName;
    }

    /** The region, if it is not blank. */
    public static String requireRegion(String region) {
        if (region == null || region.isBlank()) {
            throw new IllegalArgumentException("A region must not be blank: " + region);
        }
        return region;
    }

    /** The account id, if it is 12 digits. */
    public static String requireAccountId(String accountId) {
        if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            throw new IllegalArgumentException("An account id is 12 digits: " + accountId);
        }
        return accountId;
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
        return "local/[" + VERSION + "]" + requestId.replace("-", "");
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return VERSION;
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
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

    /** Writes each message as it is, with no line break added, as Lambda's own logger does. */
    @Override
    public LambdaLogger getLogger() {
        return logger;
    }

    /** One invocation's context; everything but the function name has Lambda's or the local cloud's default. */
    public static final class Builder {
        private final String functionName;
        private String requestId;
        private String region = DEFAULT_REGION;
        private String accountId = DEFAULT_ACCOUNT_ID;
        private int memoryMb = DEFAULT_MEMORY_MB;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Clock clock = Clock.systemUTC();
        private PrintStream logOutput = System.out;

        private Builder(String functionName) {
            this.functionName = requireFunctionName(functionName);
        }

        /** A fresh UUID unless set: a test sets one to find it again in the handler's logs. */
        public Builder requestId(String requestId) {
            if (requestId == null || requestId.isBlank()) {
                throw new IllegalArgumentException("A request id must not be blank: " + requestId);
            }
            this.requestId = requestId;
            return this;
        }

        /** The region in the function's ARN. */
        public Builder region(String region) {
            this.region = requireRegion(region);
            return this;
        }

        /** The account in the function's ARN. */
        public Builder accountId(String accountId) {
            this.accountId = requireAccountId(accountId);
            return this;
        }

        public Builder memoryMb(int megabytes) {
            if (megabytes < MIN_MEMORY_MB || megabytes > MAX_MEMORY_MB) {
                throw new IllegalArgumentException(
                        "Lambda memory is " + MIN_MEMORY_MB + " to " + MAX_MEMORY_MB + " MB: " + megabytes);
            }
            this.memoryMb = megabytes;
            return this;
        }

        /** The deadline is this long after {@link #build()}, read from the clock. */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("A Lambda timeout is above 0 and at most 15 min: " + timeout);
            }
            this.timeout = timeout;
            return this;
        }

        /** Where the deadline and the time left are read; tests move it instead of sleeping. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Where {@link LambdaLogger} writes: standard output unless set, which is where Lambda's logger goes. */
        public Builder logOutput(PrintStream output) {
            this.logOutput = Objects.requireNonNull(output, "output");
            return this;
        }

        /** Fixes the deadline: {@code timeout} from now on the clock. */
        public LocalLambdaContext build() {
            return new LocalLambdaContext(this);
        }
    }

    /**
     * Lambda's logger writes each message as one entry, as is; it adds no line break (aws-lambda-java-core's own
     * fallback logger prints with {@code print}, not {@code println}). Flushed per message because Lambda writes
     * each one at once: on a stream that buffers, a handler's messages would otherwise show up late or not at all.
     */
    private record StreamLogger(PrintStream output) implements LambdaLogger {

        @Override
        public void log(String message) {
            log(String.valueOf(message).getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void log(byte[] message) {
            Objects.requireNonNull(message, "message");
            output.write(message, 0, message.length);
            output.flush();
        }
    }
}
