package dev.sjl.notifications;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

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
        // BEGIN TASK 3
        int moved = 0;
        while (true) {
            List<Message> messages = sqs.receiveMessage(b -> b.queueUrl(deadLetterQueueUrl).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).visibilityTimeout(60).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)).messages();
            if (messages.isEmpty()) {
                return moved;
            }
            for (Message message : messages) {
                sqs.sendMessage(b -> b.queueUrl(sourceQueueUrl).messageBody(message.body())
                        .messageAttributes(message.hasMessageAttributes() ? message.messageAttributes() : Map.of()));
                sqs.deleteMessage(b -> b.queueUrl(deadLetterQueueUrl).receiptHandle(message.receiptHandle()));
                moved++;
            }
        }
        // STARTER
        //| // TODO: receive up to 10 messages at a time from the DLQ (with their message attributes), send each to the
        //| //  source queue with the same body and attributes, then delete it from the DLQ; repeat until a receive comes
        //| //  back empty, and return how many moved. Send before delete: a crash in between makes a duplicate, which the
        //| //  workers' idempotency absorbs, never a loss.
        //| throw new UnsupportedOperationException("Task 3: move the dead letters back to their queue");
        // END TASK 3
    }
}
