package dev.sjl.notifications;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The function on a channel's queue (e-mail or SMS): one welcome per event, however often SQS delivers it. Each
 * message is handled on its own; the answer lists only the messages to try again ({@code batchItemFailures}), so one
 * bad message never sends the others twice nor loses them. Writes one JSON log line per message (id, outcome) and one
 * CloudWatch embedded-metric line per batch.
 */
public final class NotificationWorker implements RequestHandler<SQSEvent, SQSBatchResponse> {

    /** What became of one message. */
    public enum Outcome {
        /** The provider accepted it. */
        SENT(false),
        /** Sent before under the same idempotency key: nothing sent, the message is done. */
        DUPLICATE(false),
        /** The user cannot be reached on this channel (no phone for SMS): nothing to send, the message is done. */
        SKIPPED(false),
        /** The provider failed, throttled or timed out: the message comes back after its visibility timeout. */
        RETRY(true),
        /** Another delivery of the same event is being sent right now: come back later, in case that one fails. */
        IN_PROGRESS(true),
        /** Nothing can ever send it (not an event, or refused by the provider): retried until the DLQ keeps it. */
        REJECTED(true);

        private final boolean failure;

        Outcome(boolean failure) {
            this.failure = failure;
        }

        /** Whether the message goes back to the queue (listed in {@code batchItemFailures}). */
        public boolean failure() {
            return failure;
        }
    }

    private final Channel channel;
    private final NotificationProvider provider;
    private final IdempotencyStore sent;
    private final Consumer<String> log;

    /**
     * For the Lambda runtime: {@code CHANNEL} ({@code email}/{@code sms}), {@code IDEMPOTENCY_TABLE},
     * {@code PROVIDER_URL} and the provider's credentials ({@code SENDGRID_API_KEY}, or {@code TWILIO_ACCOUNT_SID} and
     * {@code TWILIO_AUTH_TOKEN}, injected from Secrets Manager by the deployment), {@code SENDER}. Logs go to stdout,
     * which is where Lambda's log agent (and embedded metrics) read them.
     */
    public NotificationWorker() {
        this(Channel.valueOf(Settings.require("CHANNEL").toUpperCase(java.util.Locale.ROOT)), providerFromEnvironment(),
                new IdempotencyStore(DynamoDbClient.create(), Settings.require("IDEMPOTENCY_TABLE"), Clock.systemUTC(),
                        Duration.ofMinutes(15), Duration.ofDays(15)),
                System.out::println);
    }

    public NotificationWorker(Channel channel, NotificationProvider provider, IdempotencyStore sent, Consumer<String> log) {
        this.channel = channel;
        this.provider = provider;
        this.sent = sent;
        this.log = log;
    }

    // tag::worker[]
    @Override
    public SQSBatchResponse handleRequest(SQSEvent event, Context context) {
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        // TODO: handle each message on its own (handle), count its outcome in counts, log one line for it
        //  (LogLines.message), and answer an SQSBatchResponse listing the messageId of each message whose outcome is a
        //  failure. After the batch, log LogLines.metrics(channel, counts) once. Never throw for one message: a thrown
        //  error returns the whole batch, and the messages already sent would be sent again.
        throw new UnsupportedOperationException("Task 3: handle the batch message by message");
    }
    // end::worker[]

    /** The outcome of one message, with the event id when the body had one, and why when it failed. */
    record Handled(Outcome outcome, String eventId, String reason) {
    }

    // tag::handle-one[]
    private Handled handle(SQSMessage message) {
        // TODO: read the event (a body that is not one is REJECTED), find the channel's welcome (none: SKIPPED),
        //  claim the key channel.id() + "#" + eventId (ALREADY_SENT: DUPLICATE, IN_PROGRESS: IN_PROGRESS), send, then
        //  complete the key. A failed send releases the key and is RETRY or REJECTED (ProviderException.retryable).
        //  The key is the event's id, never SQS's message id: a republished event arrives with a new message id.
        throw new UnsupportedOperationException("Task 3: send one message at most once");
    }
    // end::handle-one[]

    private void releaseQuietly(String key) {
        try {
            sent.release(key);
        } catch (RuntimeException e) {
            // The lease frees the key when it runs out.
        }
    }

    private static NotificationProvider providerFromEnvironment() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI url = URI.create(Settings.require("PROVIDER_URL"));
        Duration timeout = Duration.ofSeconds(5);
        return switch (Settings.require("CHANNEL")) {
            case "sms" -> new TwilioSmsProvider(http, url, Settings.require("TWILIO_ACCOUNT_SID"),
                    Settings.require("TWILIO_AUTH_TOKEN"), Settings.require("SENDER"), timeout);
            default -> new SendGridEmailProvider(http, url, Settings.require("SENDGRID_API_KEY"), Settings.require("SENDER"), timeout);
        };
    }
}
