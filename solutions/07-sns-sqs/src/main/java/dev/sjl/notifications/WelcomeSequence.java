package dev.sjl.notifications;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Messages whose order matters for one user ("welcome", then "verify your e-mail"), on a FIFO queue: in order within
 * a user's message group, each user's group independent of the others, and a repeated send within five minutes
 * dropped by content-based deduplication. The price: 300 sends a second per queue (3,000 with batches of ten; more in
 * high-throughput mode), and a message that keeps failing holds up the rest of its group until it reaches the DLQ.
 */
public final class WelcomeSequence {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;

    /** @param queueUrl a FIFO queue (its name ends in {@code .fifo}) created with {@link #queueAttributes} */
    public WelcomeSequence(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    // tag::fifo-queue[]
    /** The FIFO queue: ordered, deduplicated by content, visibility six times the worker's timeout. */
    public static Map<QueueAttributeName, String> queueAttributes(Duration functionTimeout) {
        // BEGIN TASK 4
        return Map.of(
                QueueAttributeName.FIFO_QUEUE, "true",
                QueueAttributeName.CONTENT_BASED_DEDUPLICATION, "true",
                QueueAttributeName.VISIBILITY_TIMEOUT,
                Long.toString(functionTimeout.toSeconds() * FanOut.VISIBILITY_PER_FUNCTION_TIMEOUT));
        // STARTER
        //| // TODO: FifoQueue "true", ContentBasedDeduplication "true" (SQS then hashes the body into the deduplication
        //| //  id), and a VisibilityTimeout of FanOut.VISIBILITY_PER_FUNCTION_TIMEOUT times the function's timeout.
        //| throw new UnsupportedOperationException("Task 4: the FIFO queue's attributes");
        // END TASK 4
    }
    // end::fifo-queue[]

    // tag::fifo-send[]
    /** Queues {@code steps} for {@code userId}, to be handled in this order. */
    public void send(String userId, List<String> steps) {
        // BEGIN TASK 4
        for (int i = 0; i < steps.size(); i++) {
            // The body names the user and the step: content-based deduplication compares whole bodies, so two users'
            // identical "welcome" must differ, and a repeat of the same step for the same user must not.
            String body = JSON.createObjectNode().put("userId", userId).put("step", steps.get(i)).put("position", i + 1)
                    .toString();
            sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageGroupId(userId));
        }
        // STARTER
        //| // TODO: one SendMessage per step, in order, with the user's id as the message group (order is kept within a
        //| //  group, and one user's slow step never holds up another user) and no deduplication id (the queue derives it
        //| //  from the body). The JSON body names userId, step and position (1, 2, …): think about what content-based
        //| //  deduplication does to two users' identical bodies.
        //| throw new UnsupportedOperationException("Task 4: queue the steps in the user's message group");
        // END TASK 4
    }
    // end::fifo-send[]
}
