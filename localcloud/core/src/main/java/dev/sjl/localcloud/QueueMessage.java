package dev.sjl.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A message in an SQS queue, seen without receiving it: a peek changes neither its visibility nor its receive count,
 * so a test can look at a queue (or its dead-letter queue) without disturbing what it tests.
 *
 * @param messageId      SQS's id
 * @param body           the body
 * @param state          {@code ready}, {@code inflight} (received, not yet deleted or visible again) or {@code delayed}
 * @param receiveCount   how often it was received ({@code ApproximateReceiveCount})
 * @param messageGroupId a FIFO queue's group; null otherwise
 * @param attributes     message attributes' string values
 */
public record QueueMessage(String messageId, String body, String state, int receiveCount, String messageGroupId,
                           Map<String, String> attributes) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * The messages of the queue named {@code queueName} (or its URL), ready ones first in queue order; through
     * fauxqs' inspection endpoint ({@code GET /_fauxqs/queues/{name}}), which {@code kit cloud} users can call too.
     *
     * @throws IllegalArgumentException when no such queue exists
     */
    static List<QueueMessage> peek(URI sqsEndpoint, String queueName) {
        String name = queueName.substring(queueName.lastIndexOf('/') + 1);
        HttpResponse<String> response;
        try {
            response = HTTP.send(HttpRequest.newBuilder(URI.create(sqsEndpoint + "/_fauxqs/queues/"
                    + URLEncoder.encode(name, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read queue " + name + " from fauxqs: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading queue " + name, e);
        }
        if (response.statusCode() == 404) {
            throw new IllegalArgumentException("No queue named " + name);
        }
        try {
            JsonNode messages = JSON.readTree(response.body()).path("messages");
            List<QueueMessage> found = new ArrayList<>();
            for (String state : List.of("ready", "inflight", "delayed")) {
                for (JsonNode entry : messages.path(state)) {
                    JsonNode message = entry.has("message") ? entry.get("message") : entry;
                    Map<String, String> attributes = new LinkedHashMap<>();
                    message.path("messageAttributes").fields()
                            .forEachRemaining(a -> attributes.put(a.getKey(), a.getValue().path("StringValue").asText(null)));
                    found.add(new QueueMessage(message.path("messageId").asText(), message.path("body").asText(), state,
                            message.path("approximateReceiveCount").asInt(), message.path("messageGroupId").asText(null),
                            attributes));
                }
            }
            return found;
        } catch (IOException e) {
            throw new IllegalStateException("fauxqs answered queue " + name + " with something other than JSON", e);
        }
    }
}
