package dev.sjl.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.QueueMessage;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.users.User;
import dev.sjl.users.UserServiceException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@LocalCloudTest(services = {Service.DYNAMODB, Service.SNS, Service.SQS, Service.LAMBDA})
class PublishFromStreamTest {

    /** Signs up one more user and waits for their event: the stream is in order, so every earlier one is out too. */
    private static List<QueueMessage> settle(Pipeline pipeline, Pipeline.Queue probe, String rule) {
        User sentinel = Pipeline.newUser("sentinel-" + UUID.randomUUID() + "@example.com");
        pipeline.signUps().signUp(sentinel);
        pipeline.await(() -> pipeline.peek(probe).stream().anyMatch(m -> m.body().contains(sentinel.id())), rule);
        return pipeline.peek(probe).stream().filter(m -> !m.body().contains(sentinel.id())).toList();
    }

    @Test
    @Tag("task:1")
    @DisplayName("Publishes one UserSignedUp per sign-up, with eventType and hasPhone message attributes and no secret")
    void onePerSignUp(LocalCloud cloud, TestResources resources) throws Exception {
        try (Pipeline pipeline = new Pipeline(cloud, resources).usersTable().topic().publisher()) {
            Pipeline.Queue probe = pipeline.probe();
            List<User> users = List.of(Pipeline.newUser("ada@example.com"), Pipeline.newUser("grace@example.com"),
                    Pipeline.newUser("linus@example.com"));
            users.forEach(pipeline.signUps()::signUp);

            List<QueueMessage> published = settle(pipeline, probe, "each sign-up must be published from the stream");

            assertThat(published).as("exactly one UserSignedUp per sign-up: not zero, not two (one from the stream, never "
                    + "a second from the sign-up)").hasSize(3);
            assertThat(published).extracting(m -> UserSignedUp.fromJson(m.body()).userId())
                    .containsExactlyInAnyOrderElementsOf(users.stream().map(User::id).toList());
            for (QueueMessage message : published) {
                UserSignedUp event = UserSignedUp.fromJson(message.body());
                assertThat(event.eventId()).as("the event id is the idempotency key: derived from the user, the same "
                        + "for every copy").isEqualTo("UserSignedUp:" + event.userId());
                assertThat(message.attributes()).as("subscriptions filter on message attributes: publish eventType and hasPhone")
                        .containsEntry(SignUpPublisher.EVENT_TYPE, UserSignedUp.SIGNED_UP)
                        .containsEntry(SignUpPublisher.HAS_PHONE, "false");
                assertThat(message.body()).as("the event carries no password hash").doesNotContain("$2a$").doesNotContain("passwordHash");
            }
        }
    }

    @Test
    @Tag("task:1")
    @DisplayName("Announces nothing for email claims, password changes or a sign-up refused as EMAIL_TAKEN")
    void onlyNewUsers(LocalCloud cloud, TestResources resources) throws Exception {
        try (Pipeline pipeline = new Pipeline(cloud, resources).usersTable().topic().publisher()) {
            Pipeline.Queue probe = pipeline.probe();
            User ada = Pipeline.newUser("ada@example.com");
            pipeline.signUps().signUp(ada);
            long version = pipeline.users().load(ada.id()).orElseThrow().version();
            pipeline.users().changePasswordHash(ada.id(), version, "$2a$10$another");
            Throwable taken = catchThrowable(() -> pipeline.signUps().signUp(Pipeline.newUser("ada@example.com")));

            List<QueueMessage> published = settle(pipeline, probe, "each sign-up must be published from the stream");

            assertThat(taken).isInstanceOf(UserServiceException.class);
            assertThat(published).as("only an INSERT of a USER#…/PROFILE item is a sign-up: not the EMAIL# claim, not a "
                    + "MODIFY, and a refused sign-up wrote nothing, so it announces nothing")
                    .extracting(m -> UserSignedUp.fromJson(m.body()).userId()).containsExactly(ada.id());
        }
    }

    @Test
    @Tag("task:1")
    @DisplayName("Reads the phone number from the new image and says hasPhone=true")
    void phoneFromTheImage(LocalCloud cloud, TestResources resources) throws Exception {
        try (Pipeline pipeline = new Pipeline(cloud, resources).usersTable().topic().publisher()) {
            Pipeline.Queue probe = pipeline.probe();
            String id = UUID.randomUUID().toString();
            // The user item as a sign-up form with a phone field writes it (lab 06's item plus "phone").
            pipeline.dynamo.putItem(b -> b.tableName(pipeline.usersTable).item(Map.of(
                    "PK", AttributeValue.fromS("USER#" + id), "SK", AttributeValue.fromS("PROFILE"),
                    "id", AttributeValue.fromS(id), "email", AttributeValue.fromS("ada@example.com"),
                    "passwordHash", AttributeValue.fromS("$2a$10$x"), "createdAt", AttributeValue.fromS(Instant.now().toString()),
                    "version", AttributeValue.fromN("1"), "phone", AttributeValue.fromS("+15551230001"))));

            List<QueueMessage> published = settle(pipeline, probe, "each new user item must be published from the stream");

            assertThat(published).singleElement().satisfies(m -> {
                assertThat(UserSignedUp.fromJson(m.body()).phone()).as("the phone comes from the item's new image").isEqualTo("+15551230001");
                assertThat(m.attributes()).as("hasPhone is \"true\" when the item has a phone: the SMS queue filters on it")
                        .containsEntry(SignUpPublisher.HAS_PHONE, "true");
            });
        }
    }

    @Test
    @Tag("task:1")
    @DisplayName("Keeps a sign-up made while SNS refuses, and publishes it once SNS is back (the outbox, not a dual write)")
    void survivesAnSnsOutage(LocalCloud cloud, TestResources resources) throws Exception {
        try (Pipeline pipeline = new Pipeline(cloud, resources).usersTable().topic().publisher()) {
            Pipeline.Queue probe = pipeline.probe();
            User ada = Pipeline.newUser("ada@example.com");
            pipeline.snsOutage.begin();

            Throwable thrown = catchThrowable(() -> pipeline.signUps().signUp(ada));

            assertThat(thrown).as("the sign-up commits the user and answers: it must not publish (a dual write) and fail "
                    + "after the user was stored; the stream is the outbox").isNull();
            pipeline.await(() -> pipeline.functions.invocations(resources.name(Pipeline.PUBLISHER)).stream()
                    .anyMatch(PublishFromStreamTest::failedBatch),
                    "the publisher must report a failed publish as a batch item failure (StreamsEventResponse), so the stream retries it");
            pipeline.snsOutage.end();

            List<QueueMessage> published = settle(pipeline, probe,
                    "a record whose publish failed must be reported as a batch item failure, so the stream retries it "
                            + "(the outbox): nothing is lost while SNS is down");

            assertThat(published).as("the sign-up made during the outage is announced once SNS is back, exactly once: the "
                    + "outbox retries it from the stream").extracting(m -> UserSignedUp.fromJson(m.body()).userId())
                    .containsExactly(ada.id());
        }
    }

    private static boolean failedBatch(dev.sjl.localcloud.functions.Invocation invocation) {
        return invocation.response() != null && invocation.response().contains("itemIdentifier")
                && !invocation.response().contains("\"batchItemFailures\":[]");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Publishes a requested resend with a new event id: a publish that changes no state needs no outbox")
    void resendIsANewEvent(LocalCloud cloud, TestResources resources) throws Exception {
        try (Pipeline pipeline = new Pipeline(cloud, resources).usersTable().topic().publisher()) {
            Pipeline.Queue probe = pipeline.probe();
            User ada = Pipeline.newUser("ada@example.com");
            pipeline.signUps().signUp(ada);
            pipeline.await(() -> pipeline.peek(probe).size() == 1, "each sign-up must be published from the stream");

            String messageId = pipeline.signUps().resendWelcome(ada.id());
            Throwable unknown = catchThrowable(() -> pipeline.signUps().resendWelcome("no-such-user"));
            assertThat(messageId).as("SNS's message id").isNotBlank();
            assertThat(unknown).isInstanceOf(IllegalArgumentException.class);

            pipeline.await(() -> pipeline.peek(probe).size() == 2, "a resend is published at once");
            List<UserSignedUp> events = pipeline.peek(probe).stream().map(m -> UserSignedUp.fromJson(m.body())).toList();
            assertThat(events).extracting(UserSignedUp::eventType).containsExactlyInAnyOrder(UserSignedUp.SIGNED_UP,
                    UserSignedUp.WELCOME_REQUESTED);
            assertThat(events.get(0).eventId()).as("a resend is a new request: a new idempotency key").isNotEqualTo(events.get(1).eventId());
            assertThat(pipeline.peek(probe)).filteredOn(m -> m.body().contains(UserSignedUp.WELCOME_REQUESTED))
                    .singleElement().satisfies(m -> assertThat(m.attributes()).containsEntry(SignUpPublisher.EVENT_TYPE,
                            UserSignedUp.WELCOME_REQUESTED));
        }
    }
}
