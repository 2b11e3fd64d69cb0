package dev.sjl.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.QueueMessage;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.users.User;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@Tag("task:2")
@LocalCloudTest(services = {Service.DYNAMODB, Service.SNS, Service.SQS, Service.LAMBDA})
class FanOutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @DisplayName("Fans each sign-up out to the email queue, and to the sms queue only when the user has a phone")
    void routesByFilterPolicy(LocalCloud cloud, TestResources resources) throws Exception {
        try (Pipeline pipeline = new Pipeline(cloud, resources).usersTable().topic().publisher().fanOut(3)) {
            Pipeline.Queue email = pipeline.channels.get(Channel.EMAIL).queue();
            Pipeline.Queue sms = pipeline.channels.get(Channel.SMS).queue();
            User ada = Pipeline.newUser("ada@example.com");
            pipeline.signUps().signUp(ada);
            // Grace gave a phone number: her item has "phone" (lab 06's item plus the field).
            String grace = UUID.randomUUID().toString();
            pipeline.dynamo.putItem(b -> b.tableName(pipeline.usersTable).item(Map.of(
                    "PK", AttributeValue.fromS("USER#" + grace),
                    "SK", AttributeValue.fromS("PROFILE"),
                    "id", AttributeValue.fromS(grace),
                    "email", AttributeValue.fromS("grace@example.com"),
                    "createdAt", AttributeValue.fromS(Instant.now().toString()),
                    "phone", AttributeValue.fromS("+15551230002"))));

            pipeline.await(() -> pipeline.peek(email).size() >= 2, "every sign-up must reach the email queue: "
                    + "subscribe it with the e-mail filter policy");
            // Grace's event was published after Ada's: once hers is in the sms queue, Ada's would be too.
            pipeline.await(() -> pipeline.peek(sms).stream().anyMatch(m -> m.body().contains(grace)),
                    "a user with a phone must reach the sms queue: its filter policy takes hasPhone=true");

            List<QueueMessage> emails = pipeline.peek(email);
            List<QueueMessage> texts = pipeline.peek(sms);
            assertThat(emails).as("raw delivery: the queue holds the event itself, not the SNS envelope (Type, "
                    + "TopicArn, Message)").allSatisfy(m -> assertThat(JSON.readTree(m.body()).has("eventId")).isTrue());
            assertThat(emails).extracting(m -> UserSignedUp.fromJson(m.body()).userId()).containsExactlyInAnyOrder(ada.id(), grace);
            assertThat(texts).as("the sms queue's filter policy takes only users with a phone (hasPhone=true)")
                    .extracting(m -> UserSignedUp.fromJson(m.body()).userId()).containsExactly(grace);
        }
    }
}
