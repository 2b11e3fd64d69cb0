package dev.sjl.notifications;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * A scheduled function (an EventBridge schedule, once a minute): one embedded-metric line per channel with the depth
 * of its dead-letter queue, in the workers' namespace and by the same {@code Channel} dimension as their Sent and
 * Failed, so one dashboard shows the cause (Failed rising) beside its result (DeadLetterDepth rising), and the page is
 * one alarm: DeadLetterDepth above 0. SQS also publishes {@code ApproximateNumberOfMessagesVisible} for every queue;
 * this line puts the number under the channel's name, next to the workers' counts.
 */
public final class DeadLetterMonitor implements RequestHandler<ScheduledEvent, Map<String, Integer>> {

    private final SqsClient sqs;
    private final Map<Channel, String> deadLetterQueues;
    private final Consumer<String> log;

    /** For the Lambda runtime: the DLQs' URLs from {@code EMAIL_DLQ_URL} and {@code SMS_DLQ_URL}; lines to stdout. */
    public DeadLetterMonitor() {
        this(SqsClient.create(), Map.of(Channel.EMAIL, Settings.require("EMAIL_DLQ_URL"),
                Channel.SMS, Settings.require("SMS_DLQ_URL")), System.out::println);
    }

    public DeadLetterMonitor(SqsClient sqs, Map<Channel, String> deadLetterQueues, Consumer<String> log) {
        this.sqs = sqs;
        this.deadLetterQueues = new EnumMap<>(deadLetterQueues);
        this.log = log;
    }

    /** @return each channel's DLQ depth, by channel id */
    @Override
    public Map<String, Integer> handleRequest(ScheduledEvent event, Context context) {
        Map<String, Integer> depths = new TreeMap<>();
        deadLetterQueues.forEach((channel, url) -> {
            int depth = depth(sqs, url);
            log.accept(LogLines.deadLetterDepth(channel, depth));
            depths.put(channel.id(), depth);
        });
        return depths;
    }

    /** The messages waiting in a queue (SQS's approximate count: exact enough for "is anything there"). */
    static int depth(SqsClient sqs, String queueUrl) {
        String visible = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)).attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
        return visible == null ? 0 : Integer.parseInt(visible);
    }
}
