package dev.sjl.notifications;

import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * How the topic fans out: one queue per channel behind the SNS topic, each with its own dead-letter queue. These are
 * the settings a deployment (CDK, SAM, Terraform) writes; the tests create the queues and subscriptions from them.
 */
public final class FanOut {

    /** AWS's advice: at least six times the function's timeout, so a batch retried by Lambda is not seen twice. */
    public static final int VISIBILITY_PER_FUNCTION_TIMEOUT = 6;
    /** SQS's longest retention: a DLQ keeps what failed for as long as SQS allows, longer than its source queue. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(14);
    /** Four days, SQS's default: long enough to outlive a weekend outage of a provider. */
    public static final Duration SOURCE_RETENTION = Duration.ofDays(4);

    private FanOut() {
    }

    // tag::queue-attributes[]
    /**
     * A channel's queue: visibility from the function's timeout, and a redrive policy that moves a message to the DLQ
     * after {@code maxReceiveCount} receives.
     */
    public static Map<QueueAttributeName, String> queueAttributes(String deadLetterQueueArn, Duration functionTimeout,
                                                                  int maxReceiveCount) {
        // BEGIN TASK 2
        if (maxReceiveCount < 1 || maxReceiveCount > 1000) {
            throw new IllegalArgumentException("maxReceiveCount must be 1..1000, was " + maxReceiveCount);
        }
        long visibility = functionTimeout.toSeconds() * VISIBILITY_PER_FUNCTION_TIMEOUT;
        return Map.of(
                QueueAttributeName.VISIBILITY_TIMEOUT, Long.toString(visibility),
                QueueAttributeName.MESSAGE_RETENTION_PERIOD, Long.toString(SOURCE_RETENTION.toSeconds()),
                QueueAttributeName.REDRIVE_POLICY, "{\"deadLetterTargetArn\":\"" + deadLetterQueueArn
                        + "\",\"maxReceiveCount\":" + maxReceiveCount + "}");
        // STARTER
        //| // TODO: VisibilityTimeout VISIBILITY_PER_FUNCTION_TIMEOUT times the function's timeout (in seconds), a
        //| //  MessageRetentionPeriod of SOURCE_RETENTION, and a RedrivePolicy naming the DLQ and maxReceiveCount (1..1000,
        //| //  else IllegalArgumentException). A visibility shorter than the function's run lets a second worker take the
        //| //  same message while the first is still sending it.
        //| throw new UnsupportedOperationException("Task 2: the channel queue's attributes");
        // END TASK 2
    }
    // end::queue-attributes[]

    /** A dead-letter queue: it keeps a message longer than its source did, or an old failure expires in the DLQ. */
    public static Map<QueueAttributeName, String> deadLetterQueueAttributes() {
        // BEGIN TASK 2
        return Map.of(QueueAttributeName.MESSAGE_RETENTION_PERIOD, Long.toString(DEAD_LETTER_RETENTION.toSeconds()));
        // STARTER
        //| // TODO: a MessageRetentionPeriod of DEAD_LETTER_RETENTION (a message's age is counted from its first send,
        //| //  so a DLQ that keeps messages no longer than its source drops them on arrival).
        //| throw new UnsupportedOperationException("Task 2: the dead-letter queue's attributes");
        // END TASK 2
    }

    // tag::subscription-attributes[]
    /**
     * The subscription of a channel's queue to the topic: raw delivery (the worker reads the event itself, not SNS's
     * envelope around it) and the filter policy that decides which events reach the channel.
     */
    public static Map<String, String> subscriptionAttributes(Channel channel) {
        // BEGIN TASK 2
        String eventTypes = "\"" + SignUpPublisher.EVENT_TYPE + "\":[\"" + UserSignedUp.SIGNED_UP + "\",\""
                + UserSignedUp.WELCOME_REQUESTED + "\"]";
        String filter = switch (channel) {
            case EMAIL -> "{" + eventTypes + "}";
            case SMS -> "{\"" + SignUpPublisher.EVENT_TYPE + "\":[\"" + UserSignedUp.SIGNED_UP + "\"],\""
                    + SignUpPublisher.HAS_PHONE + "\":[\"true\"]}";
        };
        return Map.of("RawMessageDelivery", "true", "FilterPolicy", filter);
        // STARTER
        //| // TODO: RawMessageDelivery "true", and a FilterPolicy on the message attributes: e-mail takes both event
        //| //  types (UserSignedUp.SIGNED_UP and WELCOME_REQUESTED); SMS takes only SIGNED_UP, and only with HAS_PHONE "true".
        //| throw new UnsupportedOperationException("Task 2: the subscription's attributes");
        // END TASK 2
    }
    // end::subscription-attributes[]
}
