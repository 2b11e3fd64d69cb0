package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

@Tag("sns")
@LocalCloudTest(services = {Service.SNS, Service.SQS})
class SnsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Queue(String url, String arn) {
    }

    private static Queue queue(SqsClient sqs, String name) {
        String url = sqs.createQueue(b -> b.queueName(name)).queueUrl();
        String arn = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        return new Queue(url, arn);
    }

    @Test
    @DisplayName("Fans one published event out to every subscribed queue, wrapped in the SNS envelope")
    void fanOut(SnsClient sns, SqsClient sqs, TestResources resources) throws Exception {
        String topicArn = sns.createTopic(b -> b.name(resources.name("user-signed-up"))).topicArn();
        Queue email = queue(sqs, resources.name("email"));
        Queue sms = queue(sqs, resources.name("sms"));
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(email.arn()));
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(sms.arn()));

        sns.publish(b -> b.topicArn(topicArn).message("{\"userId\":\"42\"}").subject("UserSignedUp"));

        for (Queue queue : new Queue[] {email, sms}) {
            Message message = sqs.receiveMessage(b -> b.queueUrl(queue.url()).waitTimeSeconds(2)).messages().get(0);
            JsonNode envelope = JSON.readTree(message.body());
            assertThat(envelope.path("Type").asText()).as("SQS subscribers get the SNS envelope unless raw delivery is on").isEqualTo("Notification");
            assertThat(envelope.path("TopicArn").asText()).isEqualTo(topicArn);
            assertThat(envelope.path("Message").asText()).as("the published body inside the envelope").isEqualTo("{\"userId\":\"42\"}");
        }
    }

    @Test
    @DisplayName("Delivers only messages that match a subscription's filter policy, raw when RawMessageDelivery is on")
    void filterPolicyAndRawDelivery(SnsClient sns, SqsClient sqs, TestResources resources) {
        String topicArn = sns.createTopic(b -> b.name(resources.name("notifications"))).topicArn();
        Queue smsQueue = queue(sqs, resources.name("sms"));
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(smsQueue.arn()).attributes(Map.of(
                "RawMessageDelivery", "true",
                "FilterPolicy", "{\"channel\":[\"sms\"]}")));

        sns.publish(b -> b.topicArn(topicArn).message("for email").messageAttributes(Map.of("channel",
                MessageAttributeValue.builder().dataType("String").stringValue("email").build())));
        sns.publish(b -> b.topicArn(topicArn).message("for sms").messageAttributes(Map.of("channel",
                MessageAttributeValue.builder().dataType("String").stringValue("sms").build())));

        var received = sqs.receiveMessage(b -> b.queueUrl(smsQueue.url()).maxNumberOfMessages(10).waitTimeSeconds(2)).messages();
        assertThat(received).extracting(Message::body)
                .as("the filter policy lets only channel=sms through, and raw delivery skips the envelope")
                .containsExactly("for sms");
    }
}
