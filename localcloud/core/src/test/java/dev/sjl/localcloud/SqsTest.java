package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

@Tag("sqs")
@LocalCloudTest(services = Service.SQS)
class SqsTest {

    @Test
    @DisplayName("Sends, receives and deletes a message; a deleted message never comes back")
    void sendReceiveDelete(SqsClient sqs, TestResources resources) {
        // Visibility timeout 0: a message that is not deleted would be back on the very next receive.
        String url = sqs.createQueue(b -> b.queueName(resources.name("emails"))
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "0"))).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("{\"userId\":\"42\"}"));

        List<Message> received = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
        assertThat(received).extracting(Message::body).as("the message sent").containsExactly("{\"userId\":\"42\"}");
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(received.get(0).receiptHandle()));

        assertThat(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages())
                .as("a deleted message must not be redelivered").isEmpty();
    }

    @Test
    @DisplayName("Hides a received message for its visibility timeout and redelivers it when made visible again")
    void visibilityTimeout(SqsClient sqs, TestResources resources) {
        String url = sqs.createQueue(b -> b.queueName(resources.name("work"))
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "300"))).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("job"));
        Message first = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages().get(0);

        assertThat(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages())
                .as("an in-flight message is invisible to other consumers").isEmpty();

        sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(first.receiptHandle()).visibilityTimeout(0));
        List<Message> again = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)
                .messageSystemAttributeNamesWithStrings("ApproximateReceiveCount")).messages();
        assertThat(again).as("the message comes back once visible").singleElement()
                .satisfies(m -> assertThat(m.attributesAsStrings()).containsEntry("ApproximateReceiveCount", "2"));
    }

    @Test
    @DisplayName("Moves a message to the dead-letter queue after maxReceiveCount failed receives")
    void redrivesToDeadLetterQueue(SqsClient sqs, TestResources resources) {
        String dlqUrl = sqs.createQueue(b -> b.queueName(resources.name("emails-dlq"))).queueUrl();
        String dlqArn = sqs.getQueueAttributes(b -> b.queueUrl(dlqUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String url = sqs.createQueue(b -> b.queueName(resources.name("emails")).attributes(Map.of(
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"2\"}"))).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("poison"));

        for (int attempt = 0; attempt < 2; attempt++) {
            Message m = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages().get(0);
            // a consumer that fails: the message becomes visible again without being deleted
            sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(0));
        }

        assertThat(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)).messages())
                .as("after maxReceiveCount receives the message leaves the source queue").isEmpty();
        assertThat(sqs.receiveMessage(b -> b.queueUrl(dlqUrl).waitTimeSeconds(1)).messages()).extracting(Message::body)
                .as("and lands in the dead-letter queue").containsExactly("poison");
    }

    @Test
    @DisplayName("Drops a FIFO duplicate with the same deduplication id and keeps group order")
    void fifoDeduplication(SqsClient sqs, TestResources resources) {
        String url = sqs.createQueue(b -> b.queueName(resources.fifoName("orders"))
                .attributes(Map.of(QueueAttributeName.FIFO_QUEUE, "true"))).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("first").messageGroupId("user-1").messageDeduplicationId("a"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("first again").messageGroupId("user-1").messageDeduplicationId("a"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("second").messageGroupId("user-1").messageDeduplicationId("b"));

        List<String> bodies = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages().forEach(m -> {
                bodies.add(m.body());
                sqs.deleteMessage(d -> d.queueUrl(url).receiptHandle(m.receiptHandle()));
            });
        }
        assertThat(bodies).as("the duplicate is dropped and order within the group is kept").containsExactly("first", "second");
    }

    @Test
    @DisplayName("Sends a batch and reports each entry's outcome")
    void batches(SqsClient sqs, TestResources resources) {
        String url = sqs.createQueue(b -> b.queueName(resources.name("batch"))).queueUrl();
        var result = sqs.sendMessageBatch(b -> b.queueUrl(url).entries(
                SendMessageBatchRequestEntry.builder().id("1").messageBody("one").build(),
                SendMessageBatchRequestEntry.builder().id("2").messageBody("two").build()));

        assertThat(result.successful()).as("both entries accepted").hasSize(2);
        assertThat(result.failed()).isEmpty();
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
                .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).isEqualTo("2");
    }

    @Test
    @DisplayName("Peeks at a queue's ready and in-flight messages without receiving them (LocalCloud.peekQueue)")
    void peekDoesNotConsume(SqsClient sqs, LocalCloud cloud, TestResources resources) {
        String url = sqs.createQueue(b -> b.queueName(resources.name("peek"))
                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "300"))).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("first"));
        sqs.sendMessage(b -> b.queueUrl(url).messageBody("second")
                .messageAttributes(Map.of("kind", MessageAttributeValue.builder().dataType("String").stringValue("welcome").build())));
        sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(1).waitTimeSeconds(1));

        List<QueueMessage> peeked = cloud.peekQueue(url);
        assertThat(peeked).extracting(QueueMessage::body, QueueMessage::state, QueueMessage::receiveCount)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("second", "ready", 0),
                        org.assertj.core.groups.Tuple.tuple("first", "inflight", 1));
        assertThat(peeked).filteredOn(m -> m.body().equals("second")).singleElement()
                .satisfies(m -> assertThat(m.attributes()).containsEntry("kind", "welcome"));
        assertThat(cloud.peekQueue(resources.name("peek"))).as("peeking twice, by name, changes nothing").isEqualTo(peeked);
        List<Message> next = sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1)
                .messageSystemAttributeNamesWithStrings("ApproximateReceiveCount")).messages();
        assertThat(next).as("the peeked message was not received by the peek").singleElement()
                .satisfies(m -> assertThat(m.attributesAsStrings()).containsEntry("ApproximateReceiveCount", "1"));
    }
}
