package dev.sjl.notifications;

import com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The worker's two kinds of line: one JSON object per message (searchable in CloudWatch Logs Insights by id and
 * outcome), and one per batch in CloudWatch's embedded metric format, which CloudWatch turns into metrics without a
 * PutMetricData call; and {@link DeadLetterMonitor}'s, the depth of a channel's DLQ in the same format. None ever
 * carries a recipient, a body or a credential.
 */
public final class LogLines {

    /** The metrics' namespace in CloudWatch. */
    public static final String NAMESPACE = "ServerlessJavaLabs/Notifications";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LogLines() {
    }

    /** {@code {"level","messageId","eventId","channel","outcome","receiveCount"[,"reason"]}}. */
    public static String message(Channel channel, SQSMessage message, String eventId, NotificationWorker.Outcome outcome,
                                 String reason) {
        ObjectNode line = JSON.createObjectNode()
                .put("level", outcome.failure() ? "WARN" : "INFO")
                .put("messageId", message.getMessageId())
                .put("eventId", eventId)
                .put("channel", channel.id())
                .put("outcome", outcome.name())
                .put("receiveCount", message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount"));
        if (reason != null) {
            line.put("reason", reason);
        }
        return line.toString();
    }

    /** One embedded-metric line: Sent, Failed, Duplicates and Rejected for the batch, by Channel. */
    public static String metrics(Channel channel, Map<NotificationWorker.Outcome, Integer> counts) {
        Map<String, Integer> values = new LinkedHashMap<>();
        values.put("Sent", counts.getOrDefault(NotificationWorker.Outcome.SENT, 0));
        values.put("Failed", counts.getOrDefault(NotificationWorker.Outcome.RETRY, 0)
                + counts.getOrDefault(NotificationWorker.Outcome.IN_PROGRESS, 0));
        values.put("Duplicates", counts.getOrDefault(NotificationWorker.Outcome.DUPLICATE, 0));
        values.put("Rejected", counts.getOrDefault(NotificationWorker.Outcome.REJECTED, 0));
        return embeddedMetrics(channel, values);
    }

    /**
     * One embedded-metric line: {@code DeadLetterDepth}, the messages waiting in a channel's DLQ, by Channel. Above 0
     * means a person has something to look at, and, once the cause is fixed, a redrive to start.
     */
    public static String deadLetterDepth(Channel channel, int depth) {
        return embeddedMetrics(channel, Map.of("DeadLetterDepth", depth));
    }

    /** Counts by Channel in CloudWatch's embedded metric format: a directive naming each value, then the values. */
    private static String embeddedMetrics(Channel channel, Map<String, Integer> counts) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", Instant.now().toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("Channel");
        ArrayNode metrics = directive.putArray("Metrics");
        root.put("Channel", channel.id());
        counts.forEach((name, value) -> {
            metrics.addObject().put("Name", name).put("Unit", "Count");
            root.put(name, value);
        });
        return root.toString();
    }
}
