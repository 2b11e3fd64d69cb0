package dev.sjl.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.QueueMessage;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

@Tag("task:3")
@LocalCloudTest(services = Service.SQS)
class DeadLettersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("Redrives every dead letter, body and attributes, back to its source queue and empties the DLQ")
    void redrive(LocalCloud cloud, SqsClient sqs, TestResources resources) {
        String source = sqs.createQueue(b -> b.queueName(resources.name("email"))).queueUrl();
        String deadLetters = sqs.createQueue(b -> b.queueName(resources.name("email-dlq"))).queueUrl();
        IntStream.rangeClosed(1, 23).forEach(i -> sqs.sendMessage(b -> b.queueUrl(deadLetters).messageBody("m" + i)
                .messageAttributes(Map.of("eventType", MessageAttributeValue.builder().dataType("String").stringValue("UserSignedUp").build()))));

        int moved = DeadLetters.redrive(sqs, deadLetters, source);

        assertThat(moved).isEqualTo(23);
        assertThat(cloud.peekQueue(deadLetters)).as("the DLQ is empty after a redrive").isEmpty();
        assertThat(cloud.peekQueue(source)).extracting(QueueMessage::body)
                .containsExactlyInAnyOrderElementsOf(IntStream.rangeClosed(1, 23).mapToObj(i -> "m" + i).toList());
        assertThat(cloud.peekQueue(source)).allSatisfy(m -> assertThat(m.attributes()).containsEntry("eventType", "UserSignedUp"));
    }

    @Test
    @DisplayName("Reports each channel's DLQ depth as an embedded metric, back to 0 once the redrive has emptied the DLQ")
    void deadLetterDepthMetric(SqsClient sqs, TestResources resources) throws Exception {
        String source = sqs.createQueue(b -> b.queueName(resources.name("email"))).queueUrl();
        String emailDeadLetters = sqs.createQueue(b -> b.queueName(resources.name("email-dlq"))).queueUrl();
        String smsDeadLetters = sqs.createQueue(b -> b.queueName(resources.name("sms-dlq"))).queueUrl();
        IntStream.rangeClosed(1, 3).forEach(i -> sqs.sendMessage(b -> b.queueUrl(emailDeadLetters).messageBody("m" + i)));
        List<String> log = new ArrayList<>();
        DeadLetterMonitor monitor = new DeadLetterMonitor(sqs, Map.of(Channel.EMAIL, emailDeadLetters,
                Channel.SMS, smsDeadLetters), log::add);

        Map<String, Integer> before = monitor.handleRequest(new ScheduledEvent(), null);
        DeadLetters.redrive(sqs, emailDeadLetters, source);
        Map<String, Integer> after = monitor.handleRequest(new ScheduledEvent(), null);

        assertThat(before).as("the depth of each channel's DLQ").containsExactlyInAnyOrderEntriesOf(Map.of("email", 3, "sms", 0));
        assertThat(after).as("the DLQ is empty after a redrive: its depth is 0").containsEntry("email", 0);
        List<JsonNode> lines = new ArrayList<>();
        for (String line : log) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).as("one embedded-metric (EMF) line per channel and run, DeadLetterDepth by Channel")
                .extracting(l -> l.path("Channel").asText() + "=" + l.path("DeadLetterDepth").asInt())
                .containsExactlyInAnyOrder("email=3", "sms=0", "email=0", "sms=0");
        assertThat(lines).allSatisfy(l -> {
            JsonNode directive = l.path("_aws").path("CloudWatchMetrics").path(0);
            assertThat(directive.path("Namespace").asText()).isEqualTo(LogLines.NAMESPACE);
            assertThat(directive.path("Dimensions").toString()).isEqualTo("[[\"Channel\"]]");
            assertThat(directive.path("Metrics").toString()).isEqualTo("[{\"Name\":\"DeadLetterDepth\",\"Unit\":\"Count\"}]");
        });
    }
}
