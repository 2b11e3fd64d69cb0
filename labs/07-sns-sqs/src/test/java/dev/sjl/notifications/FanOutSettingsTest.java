package dev.sjl.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** The queues' and subscriptions' settings, as a deployment writes them. */
@Tag("task:2")
class FanOutSettingsTest {

    private static final ObjectMapper JSON = new ObjectMapper();


    @Test
    @DisplayName("Sets each queue's visibility timeout to six times the function's timeout")
    void visibilityFromTheFunctionTimeout() {
        for (int seconds : new int[] {1, 2, 30, 150}) {
            Map<QueueAttributeName, String> attributes = FanOut.queueAttributes("arn:aws:sqs:us-east-1:000000000000:dlq",
                    Duration.ofSeconds(seconds), 3);
            assertThat(Long.parseLong(attributes.getOrDefault(QueueAttributeName.VISIBILITY_TIMEOUT, "30")))
                    .as("visibility timeout must be at least 6 × the function timeout (%d s): shorter, and a second "
                            + "worker receives the message while the first is still sending it", seconds)
                    .isEqualTo(seconds * 6L);
        }
    }

    @Test
    @DisplayName("Redrives a message to the DLQ after maxReceiveCount receives, and refuses a count outside 1..1000")
    void redrivePolicy() throws Exception {
        Map<QueueAttributeName, String> attributes = FanOut.queueAttributes("arn:aws:sqs:us-east-1:000000000000:email-dlq",
                Duration.ofSeconds(2), 5);
        JsonNode redrive = JSON.readTree(attributes.getOrDefault(QueueAttributeName.REDRIVE_POLICY, "{}"));

        assertThat(redrive.path("deadLetterTargetArn").asText()).as("the RedrivePolicy names the DLQ by ARN")
                .isEqualTo("arn:aws:sqs:us-east-1:000000000000:email-dlq");
        assertThat(redrive.path("maxReceiveCount").asInt()).as("the RedrivePolicy's maxReceiveCount").isEqualTo(5);
        for (int good : new int[] {1, 1000}) {
            assertThat(FanOut.queueAttributes("arn:aws:sqs:us-east-1:0:dlq", Duration.ofSeconds(2), good))
                    .as("maxReceiveCount %d is within 1..1000", good).containsKey(QueueAttributeName.REDRIVE_POLICY);
        }
        for (int bad : new int[] {0, 1001}) {
            Throwable thrown = catchThrowable(() -> FanOut.queueAttributes("arn:aws:sqs:us-east-1:0:dlq", Duration.ofSeconds(2), bad));
            assertThat(thrown).as("maxReceiveCount %d is outside 1..1000", bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    @DisplayName("Keeps dead letters longer than the source queue keeps messages")
    void retention() {
        long source = Long.parseLong(FanOut.queueAttributes("arn:aws:sqs:us-east-1:0:dlq", Duration.ofSeconds(2), 3)
                .getOrDefault(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "345600"));
        long deadLetters = Long.parseLong(FanOut.deadLetterQueueAttributes()
                .getOrDefault(QueueAttributeName.MESSAGE_RETENTION_PERIOD, "345600"));

        assertThat(deadLetters).as("a message's age counts from its first send: the DLQ's retention must be longer "
                + "than the source's, or a dead letter expires on arrival").isGreaterThan(source)
                .isEqualTo(Duration.ofDays(14).toSeconds());
    }

    @Test
    @DisplayName("Subscribes each queue with raw delivery and a filter policy on the message attributes")
    void subscriptionAttributes() throws Exception {
        for (Channel channel : Channel.values()) {
            assertThat(FanOut.subscriptionAttributes(channel)).as("raw delivery: the worker reads the event, not "
                    + "SNS's envelope around it").containsEntry("RawMessageDelivery", "true");
        }
        JsonNode sms = JSON.readTree(FanOut.subscriptionAttributes(Channel.SMS).getOrDefault("FilterPolicy", "{}"));
        assertThat(sms.path(SignUpPublisher.HAS_PHONE).toString()).as("the SMS filter policy lets only hasPhone=true through")
                .isEqualTo("[\"true\"]");
    }
}
