package dev.sjl.notifications;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.QueueMessage;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.localcloud.providers.Delivery;
import dev.sjl.localcloud.providers.FakeProviders;
import dev.sjl.users.User;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The whole pipeline through an e-mail provider outage: sign-ups → stream → SNS → queues → workers → providers, with
 * the DLQ and a redrive, and the counts printed.
 * <p>
 * It runs beside the lab's other classes (junit-platform.properties): most of its time is spent waiting for messages to
 * come back after their visibility timeout, and nothing it creates is shared with another test.
 */
@Execution(ExecutionMode.CONCURRENT)
@LocalCloudTest(services = {Service.DYNAMODB, Service.SNS, Service.SQS, Service.LAMBDA})
class OutageTest {

    private static final int SIGN_UPS = 100;
    /** Each message is tried twice during the outage, then the redrive policy moves it to the DLQ. */
    private static final int MAX_RECEIVES = 2;
    private static final Duration CEILING = Duration.ofMinutes(3);

    @Test
    @Tag("task:3")
    @DisplayName("Delivers exactly 100 welcome e-mails, none twice, after 100 sign-ups during an e-mail provider outage "
            + "and a redrive; only the poison message is left")
    void outageThenRedrive(LocalCloud cloud, TestResources resources) throws Exception {
        try (FakeProviders providers = FakeProviders.start();
             Pipeline pipeline = new Pipeline(cloud, resources).usersTable().topic().publisher().fanOut(MAX_RECEIVES)
                     .workers(providers)) {
            Pipeline.ChannelQueues email = pipeline.channels.get(Channel.EMAIL);
            // tag::outage[]
            providers.email().fail();
            // A message nothing can ever send: it must end in the DLQ, and stay there.
            String poison = "{\"eventType\":\"UserSignedUp\",\"note\":\"no ids\"}";
            pipeline.sqs.sendMessage(b -> b.queueUrl(email.queue().url()).messageBody(poison));

            List<User> users = IntStream.rangeClosed(1, SIGN_UPS)
                    .mapToObj(i -> Pipeline.newUser("user" + i + "@example.com")).toList();
            users.parallelStream().forEach(pipeline.signUps()::signUp);

            pipeline.await(() -> pipeline.peek(email.deadLetters()).size() == SIGN_UPS + 1,
                    "while the provider fails, each message must be reported failed (batchItemFailures) until the redrive "
                            + "policy moves it to the DLQ: all " + (SIGN_UPS + 1) + " must be in the DLQ, none lost",
                    CEILING);
            int attemptsDuringOutage = providers.email().attempts();
            int inDeadLetterQueue = pipeline.peek(email.deadLetters()).size();

            providers.email().recover();
            int redriven = DeadLetters.redrive(pipeline.sqs, email.deadLetters().url(), email.queue().url());
            // The poison message fails again and will reach the DLQ again: its first trip already showed that.
            pipeline.await(() -> providers.email().inbox().size() >= SIGN_UPS && left(pipeline, email).equals(List.of(poison)),
                    "after the redrive every welcome must be sent, and nothing left in the queue or its DLQ but the poison "
                            + "message (failing again, never deleted)", CEILING);
            // end::outage[]

            List<Delivery> inbox = providers.email().inbox();
            Map<String, Long> perRecipient = inbox.stream().collect(Collectors.groupingBy(Delivery::to, Collectors.counting()));
            long duplicates = perRecipient.values().stream().filter(n -> n > 1).mapToLong(n -> n - 1).sum();
            List<String> left = left(pipeline, email);
            System.out.printf("Outage: %d sign-ups, %d provider attempts during the outage, %d in the DLQ, %d redriven; "
                            + "after recovery %d e-mails delivered to %d recipients, %d duplicates, %d left in the queue "
                            + "and its DLQ%n",
                    SIGN_UPS, attemptsDuringOutage, inDeadLetterQueue, redriven, inbox.size(), perRecipient.size(),
                    duplicates, left.size());

            assertThat(duplicates).as("no recipient may get the welcome twice: idempotency key per event").isZero();
            assertThat(inbox).as("exactly one welcome per sign-up, none lost in the outage").hasSize(SIGN_UPS);
            Set<String> expected = users.stream().map(User::email).collect(Collectors.toCollection(TreeSet::new));
            assertThat(new TreeSet<>(perRecipient.keySet())).isEqualTo(expected);
            assertThat(left).as("what is left in the queue and its DLQ is exactly the poison message").containsExactly(poison);
            assertThat(attemptsDuringOutage).as("each message was tried during the outage before it went to the DLQ")
                    .isGreaterThanOrEqualTo(SIGN_UPS);
            assertThat(pipeline.logLines.stream().filter(l -> l.contains("\"outcome\":\"SENT\"")).count())
                    .as("one SENT log line per e-mail").isEqualTo(SIGN_UPS);
            assertThat(redriven).as("the redrive moves every dead letter back").isEqualTo(SIGN_UPS + 1);
        }
    }

    /** The bodies in the channel's queue (in flight or not) and in its DLQ: a message on its way back is in one of them. */
    private static List<String> left(Pipeline pipeline, Pipeline.ChannelQueues channel) {
        return Stream.concat(pipeline.peek(channel.queue()).stream(),
                pipeline.peek(channel.deadLetters()).stream()).map(QueueMessage::body).toList();
    }
}
