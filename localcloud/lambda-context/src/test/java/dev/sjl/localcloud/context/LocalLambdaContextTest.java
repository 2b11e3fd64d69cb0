package dev.sjl.localcloud.context;

import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalLambdaContextTest {

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @Test
    @DisplayName("Gives a handler the values the runtime would")
    void values() {
        LocalLambdaContext context = LocalLambdaContext.builder("signup-check").requestId("req-1").memoryMb(1024)
                .build();

        assertThat(context.getAwsRequestId()).isEqualTo("req-1");
        assertThat(context.getFunctionName()).isEqualTo("signup-check");
        assertThat(context.getFunctionVersion()).isEqualTo("$LATEST");
        assertThat(context.getLogGroupName()).isEqualTo("/aws/lambda/signup-check");
        assertThat(context.getLogStreamName()).isEqualTo("local/[$LATEST]req1");
        assertThat(context.getMemoryLimitInMB()).isEqualTo(1024);
        assertThat(context.getIdentity()).as("only Mobile SDK invocations carry an identity").isNull();
        assertThat(context.getClientContext()).as("only Mobile SDK invocations carry a client context").isNull();
    }

    @Test
    @DisplayName("Defaults to a fresh UUID request id, 512 MB, a 3 s timeout and the local cloud's ARN")
    void defaults() {
        Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        LocalLambdaContext context = LocalLambdaContext.builder("f").clock(clock).build();

        assertThat(context.getAwsRequestId()).matches(UUID)
                .isNotEqualTo(LocalLambdaContext.forFunction("f").getAwsRequestId());
        assertThat(context.getLogStreamName())
                .isEqualTo("local/[$LATEST]" + context.getAwsRequestId().replace("-", ""));
        assertThat(context.getMemoryLimitInMB()).isEqualTo(512);
        assertThat(context.getRemainingTimeInMillis()).isEqualTo(3000);
        assertThat(context.getInvokedFunctionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:f");
    }

    @Test
    @DisplayName("Builds the function ARN from the configured region and account")
    void arnFromRegionAndAccount() {
        LocalLambdaContext context = LocalLambdaContext.builder("introspect")
                .region("eu-west-1").accountId("123456789012").build();

        assertThat(context.getInvokedFunctionArn())
                .isEqualTo("arn:aws:lambda:eu-west-1:123456789012:function:introspect");
    }

    @Test
    @DisplayName("Counts the remaining time down to the deadline on its clock, never below zero")
    void remainingTime() {
        MutableClock clock = MutableClock.of(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        LocalLambdaContext context = LocalLambdaContext.builder("f").timeout(Duration.ofSeconds(5)).clock(clock)
                .build();

        assertThat(context.getRemainingTimeInMillis()).isEqualTo(5000);
        clock.add(Duration.ofMillis(4500));
        assertThat(context.getRemainingTimeInMillis()).isEqualTo(500);
        clock.add(Duration.ofSeconds(10));
        assertThat(context.getRemainingTimeInMillis()).as("past the deadline there is no time left, not less")
                .isZero();
    }

    @Test
    @DisplayName("Logs each message as it is: no line break added, bytes untouched, flushed at once")
    void loggerWritesMessagesAsTheyAre() {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        // Not auto-flushing: the logger must flush itself, as Lambda writes each message at once.
        PrintStream output = new PrintStream(written, false, StandardCharsets.UTF_8);
        LambdaLogger logger = LocalLambdaContext.builder("f").logOutput(output).build().getLogger();

        logger.log("one");
        logger.log("two\nlines");
        logger.log("é".getBytes(StandardCharsets.UTF_8));
        logger.log("warned", LogLevel.WARN);

        assertThat(written.toString(StandardCharsets.UTF_8))
                .as("Lambda's LambdaLogger.log(String) adds no newline; the caller decides")
                .isEqualTo("onetwo\nlineséwarned");
    }

    @Test
    @DisplayName("Refuses what Lambda would refuse: a bad name, account, memory size or timeout, a blank region")
    void refusesInvalidConfiguration() {
        assertThatThrownBy(() -> LocalLambdaContext.builder("bad name!"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("function name");
        assertThatThrownBy(() -> LocalLambdaContext.builder("x".repeat(65)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-64");
        assertThatThrownBy(() -> LocalLambdaContext.builder("f").accountId("12345"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("12 digits");
        assertThatThrownBy(() -> LocalLambdaContext.builder("f").region(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("region");
        assertThatThrownBy(() -> LocalLambdaContext.builder("f").requestId(""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("request id");
        assertThatThrownBy(() -> LocalLambdaContext.builder("f").memoryMb(127))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("128 to 10240 MB");
        assertThatThrownBy(() -> LocalLambdaContext.builder("f").memoryMb(10_241))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("128 to 10240 MB");
        assertThatThrownBy(() -> LocalLambdaContext.builder("f").timeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> LocalLambdaContext.builder("f").timeout(Duration.ofMinutes(15).plusMillis(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("15 min");
    }

    @Test
    @DisplayName("Accepts Lambda's limits themselves: 128 and 10240 MB, a 15 min timeout")
    void acceptsLimits() {
        assertThat(LocalLambdaContext.builder("f").memoryMb(128).build().getMemoryLimitInMB()).isEqualTo(128);
        assertThat(LocalLambdaContext.builder("f").memoryMb(10_240).build().getMemoryLimitInMB()).isEqualTo(10_240);
        Clock clock = Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
        assertThat(LocalLambdaContext.builder("f").timeout(Duration.ofMinutes(15)).clock(clock).build()
                .getRemainingTimeInMillis()).isEqualTo(900_000);
    }

}
