package dev.sjl.notifications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.localcloud.providers.Delivery;
import dev.sjl.localcloud.providers.FakeProviders;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The worker called as Lambda calls it, with SQS events, against DynamoDB and the fake providers. */
@Tag("task:3")
@LocalCloudTest(services = Service.DYNAMODB)
class NotificationWorkerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final FakeProviders providers = FakeProviders.start();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final MutableClock clock = MutableClock.of(Instant.parse("2026-12-03T08:00:00Z"), ZoneOffset.UTC);
    private DynamoDbClient dynamo;
    private String table;
    private IdempotencyStore store;

    @BeforeEach
    void setUp(DynamoDbClient dynamo, TestResources resources) {
        this.dynamo = dynamo;
        this.table = resources.name("sent");
        IdempotencyStore.create(dynamo, table);
        this.store = new IdempotencyStore(dynamo, table, clock, Duration.ofSeconds(30), Duration.ofDays(15));
    }

    @AfterEach
    void stop() {
        providers.close();
    }

    private NotificationWorker worker(Channel channel) {
        HttpClient http = HttpClient.newHttpClient();
        NotificationProvider provider = channel == Channel.EMAIL
                ? new SendGridEmailProvider(http, providers.endpoint(), providers.sendGridApiKey(), "hello@sjl.example", Duration.ofSeconds(1))
                : new TwilioSmsProvider(http, providers.endpoint(), providers.twilioAccountSid(), providers.twilioAuthToken(),
                        "+15005550006", Duration.ofSeconds(1));
        return new NotificationWorker(channel, provider, store, log::add);
    }

    private static SQSMessage message(String body) {
        SQSMessage message = new SQSMessage();
        message.setMessageId(UUID.randomUUID().toString());
        message.setReceiptHandle("handle-" + message.getMessageId());
        message.setBody(body);
        message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
        message.setEventSource("aws:sqs");
        return message;
    }

    private static SQSMessage signUp(String email) {
        return message(UserSignedUp.of(UUID.randomUUID().toString(), email, null, Instant.parse("2026-12-03T08:00:00Z")).toJson());
    }

    private static SQSEvent batch(SQSMessage... messages) {
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(messages));
        return event;
    }

    private static List<String> failed(SQSBatchResponse response) {
        return response == null || response.getBatchItemFailures() == null ? List.of()
                : response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    private List<JsonNode> lines(String field) {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : log) {
            try {
                JsonNode node = JSON.readTree(line);
                if (node.has(field)) {
                    lines.add(node);
                }
            } catch (Exception e) {
                // not JSON: not one of ours
            }
        }
        return lines;
    }

    @Test
    @DisplayName("Sends one welcome per message and logs one JSON line per message with its id and outcome")
    void sendsAndLogs() {
        SQSMessage ada = signUp("ada@example.com");
        SQSMessage grace = signUp("grace@example.com");

        SQSBatchResponse response = worker(Channel.EMAIL).handleRequest(batch(ada, grace), null);

        assertThat(failed(response)).as("both were sent: nothing to retry").isEmpty();
        assertThat(providers.email().inbox()).extracting(Delivery::to).containsExactlyInAnyOrder("ada@example.com", "grace@example.com");
        assertThat(lines("messageId")).as("one structured log line per message, with its messageId and outcome")
                .extracting(l -> l.path("messageId").asText() + "=" + l.path("outcome").asText())
                .containsExactlyInAnyOrder(ada.getMessageId() + "=SENT", grace.getMessageId() + "=SENT");
        assertThat(lines("_aws")).as("one embedded-metric (EMF) line per batch").singleElement()
                .satisfies(l -> assertThat(l.path("Sent").asInt()).isEqualTo(2));
        assertThat(String.join("\n", log)).as("a log line never carries the recipient").doesNotContain("ada@example.com");
        UserSignedUp event = UserSignedUp.fromJson(ada.getBody());
        assertThat(event.toString()).as("an event prints its ids, never the address").contains(event.eventId()).doesNotContain("ada@");
        assertThat(Channel.EMAIL.welcome(event).orElseThrow().toString()).contains("Welcome").doesNotContain("ada@");
    }

    @Test
    @DisplayName("Sends the SMS welcome through Twilio to a user with a phone, and nothing for a blank phone")
    void smsWelcome() {
        SQSMessage withPhone = message(UserSignedUp.of("u-4", "ada@example.com", "+15551230001", Instant.parse("2026-12-03T08:00:00Z")).toJson());
        SQSMessage blankPhone = message(UserSignedUp.of("u-5", "grace@example.com", " ", Instant.parse("2026-12-03T08:00:00Z")).toJson());

        SQSBatchResponse response = worker(Channel.SMS).handleRequest(batch(withPhone, blankPhone), null);

        assertThat(failed(response)).isEmpty();
        assertThat(providers.sms().inbox()).as("one text, to the phone number, from the sender number")
                .singleElement().satisfies(d -> {
                    assertThat(d.to()).isEqualTo("+15551230001");
                    assertThat(d.from()).isEqualTo("+15005550006");
                    assertThat(d.body()).contains("Welcome");
                });
        assertThat(lines("outcome")).extracting(l -> l.path("outcome").asText()).as("a blank phone is no phone: SKIPPED")
                .containsExactly("SENT", "SKIPPED");
        String sid = new TwilioSmsProvider(HttpClient.newHttpClient(), providers.endpoint(), providers.twilioAccountSid(),
                providers.twilioAuthToken(), "+15005550006", Duration.ofSeconds(1)).send(new Notification("+15551230002", "", "Hi"));
        assertThat(sid).as("the provider's id for the message").startsWith("SM");
    }

    // tag::duplicate[]
    @Test
    @DisplayName("Sends once when SQS delivers the same message twice (at-least-once delivery)")
    void sameMessageTwice() {
        SQSEvent event = EventLoader.loadSQSEvent("events/sqs-welcome.json");
        NotificationWorker worker = worker(Channel.EMAIL);

        SQSBatchResponse first = worker.handleRequest(event, null);
        SQSBatchResponse second = worker.handleRequest(event, null);

        assertThat(failed(first)).isEmpty();
        assertThat(providers.email().inbox()).as("the same message delivered twice must send once: claim its idempotency "
                + "key with a conditional put before sending").hasSize(1);
        assertThat(failed(second)).as("a duplicate is done, not a failure: it must be deleted, not retried").isEmpty();
        assertThat(lines("outcome")).extracting(l -> l.path("outcome").asText()).containsExactly("SENT", "DUPLICATE");
        assertThat(lines("_aws")).extracting(l -> l.path("Duplicates").asInt()).containsExactly(0, 1);
        assertThat(lines("outcome")).extracting(l -> l.path("receiveCount").asText()).containsOnly("1");
    }
    // end::duplicate[]

    @Test
    @DisplayName("Sends once when the same event arrives in a new message (published twice): the key is the event id")
    void sameEventNewMessage() {
        String body = UserSignedUp.of("u-1", "ada@example.com", null, Instant.parse("2026-12-03T08:00:00Z")).toJson();
        NotificationWorker worker = worker(Channel.EMAIL);

        worker.handleRequest(batch(message(body)), null);
        worker.handleRequest(batch(message(body)), null);

        assertThat(providers.email().inbox()).as("a republished event is a new SQS message with a new messageId: the "
                + "idempotency key must be the event's own id, not the messageId").hasSize(1);
    }

    @Test
    @DisplayName("Sends once when eight workers get the same event at the same moment")
    void concurrentDuplicates() throws Exception {
        String body = UserSignedUp.of("u-2", "ada@example.com", null, Instant.parse("2026-12-03T08:00:00Z")).toJson();
        NotificationWorker worker = worker(Channel.EMAIL);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<SQSBatchResponse>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return worker.handleRequest(batch(message(body)), null);
                }));
            }
            start.countDown();
            for (Future<SQSBatchResponse> answer : answers) {
                answer.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(providers.email().inbox()).as("eight concurrent deliveries of one event must send once: the claim is "
                + "one conditional write, never a read then a put").hasSize(1);
    }

    @Test
    @DisplayName("Returns a message whose key another worker holds for a retry, and sends nothing: that worker may still fail")
    void keyInProgressElsewhere() {
        SQSMessage ada = signUp("ada@example.com");
        String key = Channel.EMAIL.id() + "#" + UserSignedUp.fromJson(ada.getBody()).eventId();
        assertThat(store.claim(key)).as("another worker claims the key and is still sending").isEqualTo(IdempotencyStore.Claim.CLAIMED);

        SQSBatchResponse response = worker(Channel.EMAIL).handleRequest(batch(ada), null);

        assertThat(providers.email().inbox()).as("a key in progress is another worker's send: not ours too").isEmpty();
        assertThat(failed(response)).as("a key in progress is not done: report the message in batchItemFailures so it "
                + "comes back after the visibility timeout; deleted as a duplicate, it is lost if that worker fails")
                .containsExactly(ada.getMessageId());
        assertThat(lines("outcome")).extracting(l -> l.path("outcome").asText()).containsExactly("IN_PROGRESS");
    }

    @Test
    @DisplayName("Returns only the failed message in batchItemFailures, and sends the others")
    void partialBatchFailure() {
        SQSMessage ada = signUp("ada@example.com");
        SQSMessage poison = message("{not json");
        SQSMessage grace = signUp("grace@example.com");

        SQSBatchResponse response = worker(Channel.EMAIL).handleRequest(batch(ada, poison, grace), null);

        assertThat(failed(response)).as("report only the failed message in batchItemFailures: returning none deletes it "
                + "(lost), throwing returns the whole batch (the others sent twice)").containsExactly(poison.getMessageId());
        assertThat(providers.email().inbox()).extracting(Delivery::to).containsExactlyInAnyOrder("ada@example.com", "grace@example.com");
        assertThat(lines("outcome")).extracting(l -> l.path("outcome").asText()).contains("REJECTED");
        assertThat(lines("outcome")).filteredOn(l -> l.path("outcome").asText().equals("REJECTED"))
                .singleElement().satisfies(l -> {
                    assertThat(l.path("level").asText()).as("a failed message is logged as a warning").isEqualTo("WARN");
                    assertThat(l.path("reason").asText()).as("the log line says why, without the body").contains("not JSON");
                });
        assertThat(lines("_aws")).as("the batch's metrics: 2 sent, 1 rejected, none failed or duplicate").singleElement()
                .satisfies(l -> assertThat(List.of(l.path("Sent").asInt(), l.path("Rejected").asInt(), l.path("Failed").asInt(),
                        l.path("Duplicates").asInt())).containsExactly(2, 1, 0, 0));
    }

    @Test
    @DisplayName("Retries every message while the provider fails, and sends each once after it recovers")
    void providerOutage() {
        SQSEvent event = batch(signUp("ada@example.com"), signUp("grace@example.com"));
        NotificationWorker worker = worker(Channel.EMAIL);
        providers.email().fail();

        SQSBatchResponse during = worker.handleRequest(event, null);
        providers.email().recover();
        SQSBatchResponse after = worker.handleRequest(event, null);

        assertThat(failed(during)).as("a 5xx is retryable: every message goes back to the queue (batchItemFailures)")
                .hasSize(2);
        assertThat(lines("_aws")).extracting(l -> l.path("Failed").asInt() + "/" + l.path("Sent").asInt())
                .as("metrics per batch: Failed/Sent").containsExactly("2/0", "0/2");
        assertThat(failed(after)).as("after a failed send the key must be released, or the retry is taken for a duplicate "
                + "and nothing is ever sent").isEmpty();
        assertThat(providers.email().inbox()).hasSize(2);
    }

    @Test
    @DisplayName("Treats a throttle (429) and a hanging provider as retryable, without failing the batch")
    void throttleAndHang() {
        SQSMessage ada = signUp("ada@example.com");
        NotificationWorker worker = worker(Channel.EMAIL);
        providers.email().throttle(Duration.ofSeconds(5));
        SQSBatchResponse throttled = worker.handleRequest(batch(ada), null);
        providers.email().hang();
        SQSBatchResponse[] hung = new SQSBatchResponse[1];
        Throwable thrown = catchThrowable(() -> hung[0] = worker.handleRequest(batch(ada), null));
        providers.email().recover();
        SQSBatchResponse recovered = worker.handleRequest(batch(ada), null);

        assertThat(failed(throttled)).as("429 Too Many Requests is retryable: back to the queue").containsExactly(ada.getMessageId());
        assertThat(thrown).as("a provider that hangs must not hang the function: the client's timeout makes it one "
                + "retryable failure").isNull();
        assertThat(failed(hung[0])).containsExactly(ada.getMessageId());
        assertThat(failed(recovered)).isEmpty();
        assertThat(providers.email().inbox()).hasSize(1);
    }

    @Test
    @DisplayName("Keeps a message the provider refuses for good (400) for the DLQ, and skips SMS for a user with no phone")
    void rejectedAndSkipped() {
        SQSMessage bounce = signUp("bounce@example.com");
        providers.email().reject("bounce@example.com");
        SQSMessage noPhone = signUp("ada@example.com");

        SQSBatchResponse email = worker(Channel.EMAIL).handleRequest(batch(bounce), null);
        SQSBatchResponse sms = worker(Channel.SMS).handleRequest(batch(noPhone), null);

        assertThat(failed(email)).as("a refused message is reported failed, so the redrive policy moves it to the DLQ "
                + "for a person to look at").containsExactly(bounce.getMessageId());
        assertThat(lines("outcome")).extracting(l -> l.path("outcome").asText()).containsExactly("REJECTED", "SKIPPED");
        assertThat(failed(sms)).as("nothing to send is not a failure").isEmpty();
        assertThat(providers.sms().attempts()).isZero();
    }

    @Test
    @DisplayName("Sends nothing and retries the message when the idempotency store cannot be reached")
    void storeUnavailable() {
        IdempotencyStore missing = new IdempotencyStore(dynamo, table + "-missing", clock, Duration.ofSeconds(30), Duration.ofDays(15));
        NotificationProvider provider = new SendGridEmailProvider(HttpClient.newHttpClient(), providers.endpoint(),
                providers.sendGridApiKey(), "hello@sjl.example", Duration.ofSeconds(1));
        SQSMessage ada = signUp("ada@example.com");

        SQSBatchResponse response = new NotificationWorker(Channel.EMAIL, provider, missing, log::add).handleRequest(batch(ada), null);

        assertThat(failed(response)).as("without the idempotency key a send could be a duplicate: retry later (batchItemFailures)")
                .containsExactly(ada.getMessageId());
        assertThat(providers.email().attempts()).as("nothing is sent before the key is claimed").isZero();
    }

    @Test
    @DisplayName("Releases the claim when a provider fails in an unexpected way, so the retry sends")
    void unexpectedProviderError() {
        String body = UserSignedUp.of("u-3", "ada@example.com", null, Instant.parse("2026-12-03T08:00:00Z")).toJson();
        NotificationProvider broken = notification -> {
            throw new IllegalStateException("provider client bug");
        };

        SQSBatchResponse first = new NotificationWorker(Channel.EMAIL, broken, store, log::add).handleRequest(batch(message(body)), null);
        SQSBatchResponse retry = worker(Channel.EMAIL).handleRequest(batch(message(body)), null);

        assertThat(failed(first)).as("an unexpected error is one failed message, never a thrown batch").hasSize(1);
        assertThat(failed(retry)).isEmpty();
        assertThat(providers.email().inbox()).as("the claim was released after the failure: the retry sends").hasSize(1);
    }

    @Test
    @DisplayName("Counts a welcome the provider accepted as sent even when recording it fails, so it is not sent again")
    void sentButNotRecorded() {
        NotificationProvider real = new SendGridEmailProvider(HttpClient.newHttpClient(), providers.endpoint(),
                providers.sendGridApiKey(), "hello@sjl.example", Duration.ofSeconds(1));
        // The store goes away between the send and its record, as in a DynamoDB outage at the worst moment.
        NotificationProvider thenStoreGone = notification -> {
            String id = real.send(notification);
            dynamo.deleteTable(b -> b.tableName(table));
            return id;
        };
        SQSMessage ada = signUp("ada@example.com");

        SQSBatchResponse response = new NotificationWorker(Channel.EMAIL, thenStoreGone, store, log::add).handleRequest(batch(ada), null);

        assertThat(failed(response)).as("the provider accepted it: retrying would send it twice").isEmpty();
        assertThat(lines("outcome")).extracting(l -> l.path("outcome").asText()).containsExactly("SENT");
        assertThat(providers.email().inbox()).hasSize(1);
    }

    @Test
    @DisplayName("Claims a key once, tells a sent key from one in progress, and frees a key whose lease ran out")
    void idempotencyStore() {
        assertThat(store.claim("email#e-1")).isEqualTo(IdempotencyStore.Claim.CLAIMED);
        assertThat(store.claim("email#e-1")).as("a key claimed and not yet sent is IN_PROGRESS for anyone else")
                .isEqualTo(IdempotencyStore.Claim.IN_PROGRESS);
        store.complete("email#e-1");
        assertThat(store.claim("email#e-1")).as("a sent key is ALREADY_SENT").isEqualTo(IdempotencyStore.Claim.ALREADY_SENT);
        store.release("email#e-1");
        assertThat(store.claim("email#e-1")).as("release never frees a key that was sent").isEqualTo(IdempotencyStore.Claim.ALREADY_SENT);

        assertThat(store.claim("email#e-2")).isEqualTo(IdempotencyStore.Claim.CLAIMED);
        Map<String, AttributeValue> claimed = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(IdempotencyStore.KEY, AttributeValue.fromS("email#e-2"))).consistentRead(true)).item();
        assertThat(Long.parseLong(claimed.get(IdempotencyStore.EXPIRES_AT).n())).as("a claim expires by TTL too, after the retention")
                .isEqualTo(clock.instant().plus(Duration.ofDays(15)).getEpochSecond());
        assertThat(Long.parseLong(claimed.get(IdempotencyStore.LEASE_UNTIL).n())).as("the lease ends after the lease duration")
                .isEqualTo(clock.instant().plusSeconds(30).getEpochSecond());
        clock.add(Duration.ofSeconds(31));
        assertThat(store.claim("email#e-2")).as("a claim whose lease ran out (its worker died mid-send) may be taken again")
                .isEqualTo(IdempotencyStore.Claim.CLAIMED);
        store.release("email#e-2");
        assertThat(store.claim("email#e-2")).as("a released key may be claimed at once").isEqualTo(IdempotencyStore.Claim.CLAIMED);

        Map<String, AttributeValue> sent = dynamo.getItem(b -> b.tableName(table)
                .key(Map.of(IdempotencyStore.KEY, AttributeValue.fromS("email#e-1"))).consistentRead(true)).item();
        assertThat(Long.parseLong(sent.get(IdempotencyStore.EXPIRES_AT).n())).as("expiresAt is epoch seconds, for TTL")
                .isEqualTo(clock.instant().minusSeconds(31).plus(Duration.ofDays(15)).getEpochSecond());
    }
}
