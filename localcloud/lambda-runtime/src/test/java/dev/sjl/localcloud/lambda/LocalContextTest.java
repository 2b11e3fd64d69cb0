package dev.sjl.localcloud.lambda;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class LocalContextTest {

    @Test
    @DisplayName("Gives a handler the values the runtime would")
    void values() {
        LocalContext context = LocalContext.forFunction("signup-check").withRequestId("req-1").withMemoryMb(1024);

        assertThat(context.getAwsRequestId()).isEqualTo("req-1");
        assertThat(context.getFunctionName()).isEqualTo("signup-check");
        assertThat(context.getFunctionVersion()).isEqualTo("$LATEST");
        assertThat(context.getInvokedFunctionArn())
                .isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:signup-check");
        assertThat(context.getLogGroupName()).isEqualTo("/aws/lambda/signup-check");
        assertThat(context.getLogStreamName()).endsWith("req1");
        assertThat(context.getMemoryLimitInMB()).isEqualTo(1024);
        assertThat(context.getIdentity()).isNull();
        assertThat(context.getClientContext()).isNull();
        assertThat(context.getLogger()).isNotNull();
        assertThat(LocalContext.forFunction("f").getAwsRequestId())
                .isNotEqualTo(LocalContext.forFunction("f").getAwsRequestId());
    }

    @Test
    @DisplayName("Counts the remaining time down to the deadline, never below zero")
    void remainingTime() {
        MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));
        LocalContext context = LocalContext.forFunction("f").withTimeout(Duration.ofSeconds(3), clock);

        assertThat(context.getRemainingTimeInMillis()).isEqualTo(3000);
        clock.now = clock.now.plusMillis(2500);
        assertThat(context.getRemainingTimeInMillis()).isEqualTo(500);
        clock.now = clock.now.plusSeconds(10);
        assertThat(context.getRemainingTimeInMillis()).isZero();
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
