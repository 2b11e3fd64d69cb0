package dev.sjl.localcloud.fakes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * EventBridge, as far as a publisher needs it: CreateEventBus, DeleteEventBus, ListEventBuses and PutEvents with
 * AWS's per-entry validation (Source, DetailType, a JSON-object Detail, a known bus, at most 10 entries). Accepted
 * events are kept so a test can read what a function published ({@link #publishedEvents(String)}); rules and targets
 * are not emulated.
 */
public final class EventBridgeFake implements AwsJsonService {
    private static final String DEFAULT_BUS = "default";

    /** One accepted event, as the bus received it. */
    public record PublishedEvent(String eventId, String eventBus, String source, String detailType, String detail, Instant time) {
    }

    private final Set<String> buses = ConcurrentHashMap.newKeySet();
    private final List<PublishedEvent> published = new CopyOnWriteArrayList<>();

    EventBridgeFake() {
        buses.add(DEFAULT_BUS);
    }

    @Override
    public String targetPrefix() {
        return "AWSEvents";
    }

    /** The events accepted on {@code eventBus} so far, oldest first. */
    public List<PublishedEvent> publishedEvents(String eventBus) {
        List<PublishedEvent> onBus = new ArrayList<>();
        for (PublishedEvent event : published) {
            if (event.eventBus().equals(eventBus)) {
                onBus.add(event);
            }
        }
        return onBus;
    }

    @Override
    public ObjectNode handle(String operation, JsonNode request) {
        return switch (operation) {
            case "PutEvents" -> putEvents(request);
            case "CreateEventBus" -> createBus(request);
            case "DeleteEventBus" -> deleteBus(request);
            case "ListEventBuses" -> listBuses(request);
            default -> throw new AwsJsonException("UnknownOperationException", "The EventBridge fake does not implement " + operation);
        };
    }

    private ObjectNode putEvents(JsonNode request) {
        JsonNode entries = request.get("Entries");
        if (entries == null || !entries.isArray() || entries.isEmpty() || entries.size() > 10) {
            throw AwsJsonException.validation("Entries must hold between 1 and 10 events.");
        }
        ObjectNode response = Json.object();
        ArrayNode results = response.putArray("Entries");
        int failed = 0;
        for (JsonNode entry : entries) {
            String problem = problem(entry);
            if (problem != null) {
                failed++;
                results.addObject().put("ErrorCode", problem.startsWith("Event bus") ? "ResourceNotFoundException" : "InvalidArgument")
                        .put("ErrorMessage", problem);
                continue;
            }
            String id = UUID.randomUUID().toString();
            published.add(new PublishedEvent(id, busName(entry), entry.get("Source").asText(), entry.get("DetailType").asText(),
                    entry.get("Detail").asText(), Instant.now()));
            results.addObject().put("EventId", id);
        }
        response.put("FailedEntryCount", failed);
        return response;
    }

    private String problem(JsonNode entry) {
        if (!entry.path("Source").isTextual() || entry.path("Source").asText().isBlank()) {
            return "Parameter Source is not valid. Reason: Source is a required argument.";
        }
        if (!entry.path("DetailType").isTextual() || entry.path("DetailType").asText().isBlank()) {
            return "Parameter DetailType is not valid. Reason: DetailType is a required argument.";
        }
        if (!entry.path("Detail").isTextual()) {
            return "Parameter Detail is not valid. Reason: Detail is a required argument.";
        }
        try {
            if (!Json.MAPPER.readTree(entry.get("Detail").asText()).isObject()) {
                return "Detail is malformed.";
            }
        } catch (JsonProcessingException e) {
            return "Detail is malformed.";
        }
        if (!buses.contains(busName(entry))) {
            return "Event bus " + busName(entry) + " does not exist.";
        }
        return null;
    }

    private static String busName(JsonNode entry) {
        String bus = entry.path("EventBusName").asText(DEFAULT_BUS);
        if (bus.isEmpty()) {
            return DEFAULT_BUS;
        }
        // A bus may be named by ARN: arn:aws:events:region:account:event-bus/NAME
        int slash = bus.lastIndexOf('/');
        return bus.startsWith("arn:") && slash >= 0 ? bus.substring(slash + 1) : bus;
    }

    private ObjectNode createBus(JsonNode request) {
        String name = Json.requiredText(request, "Name");
        if (!buses.add(name)) {
            throw new AwsJsonException("ResourceAlreadyExistsException", "Event bus " + name + " already exists.");
        }
        return Json.object().put("EventBusArn", arn(name));
    }

    private ObjectNode deleteBus(JsonNode request) {
        String name = Json.requiredText(request, "Name");
        if (DEFAULT_BUS.equals(name)) {
            throw AwsJsonException.validation("Cannot delete event bus default.");
        }
        buses.remove(name);
        return Json.object();
    }

    private ObjectNode listBuses(JsonNode request) {
        String prefix = Json.optionalText(request, "NamePrefix", "");
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray("EventBuses");
        buses.stream().filter(b -> b.startsWith(prefix)).sorted()
                .forEach(b -> list.addObject().put("Name", b).put("Arn", arn(b)));
        return response;
    }

    private static String arn(String bus) {
        return "arn:aws:events:us-east-1:000000000000:event-bus/" + bus;
    }
}
