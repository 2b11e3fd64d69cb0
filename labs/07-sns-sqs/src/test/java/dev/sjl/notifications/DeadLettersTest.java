package dev.sjl.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.QueueMessage;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
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
}
