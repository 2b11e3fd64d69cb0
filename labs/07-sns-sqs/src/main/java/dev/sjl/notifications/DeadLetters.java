package dev.sjl.notifications;

import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A redrive: after the outage is over, the dead-letter queue's messages go back to their source queue, to be sent.
 * On AWS this is {@code StartMessageMoveTask} (the console's "Start DLQ redrive"); this is the same move by hand, for
 * emulators without it. Each message is sent to the source before it is deleted from the DLQ, so a crash in between
 * makes a duplicate, never a loss, and the workers' idempotency absorbs the duplicate.
 */
public final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * Moves every message now in {@code deadLetterQueueUrl} to {@code sourceQueueUrl}.
     *
     * @return how many were moved
     */
    public static int redrive(SqsClient sqs, String deadLetterQueueUrl, String sourceQueueUrl) {
        // TODO: receive up to 10 messages at a time from the DLQ (with their message attributes), send each to the
        //  source queue with the same body and attributes, then delete it from the DLQ; repeat until a receive comes
        //  back empty, and return how many moved. Send before delete: a crash in between makes a duplicate, which the
        //  workers' idempotency absorbs, never a loss.
        throw new UnsupportedOperationException("Task 3: move the dead letters back to their queue");
    }
}
