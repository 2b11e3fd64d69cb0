package dev.sjl.localcloud.fakes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * EventBridge for publishers and rules: CreateEventBus, DeleteEventBus, ListEventBuses, PutEvents with AWS's
 * per-entry validation (Source, DetailType, a JSON-object Detail, a known bus, at most 10 entries); PutRule,
 * DescribeRule, ListRules, EnableRule, DisableRule, DeleteRule, PutTargets, ListTargetsByRule, RemoveTargets and
 * TestEventPattern. An accepted event goes, as the JSON event EventBridge builds, to every target of every enabled
 * rule on its bus whose {@link EventPattern} matches: asynchronously, after PutEvents has answered, as on AWS.
 * Targets are Lambda functions, SQS queues and SNS topics, reached through a {@link TargetDelivery} the local cloud
 * supplies. Accepted events are also kept so a test can read what a function published
 * ({@link #publishedEvents(String)}). Scheduled rules are not emulated.
 */
public final class EventBridgeFake implements AwsJsonService {
    private static final String DEFAULT_BUS = "default";
    private static final String REGION = "us-east-1";
    private static final String ACCOUNT = "000000000000";

    /** One accepted event, as the bus received it. */
    public record PublishedEvent(String eventId, String eventBus, String source, String detailType, String detail, Instant time) {
    }

    /** Sends an event to a rule's target; the local cloud supplies one that knows functions, queues and topics. */
    @FunctionalInterface
    public interface TargetDelivery {
        void deliver(String targetArn, String input) throws Exception;
    }

    private record Target(String id, String arn, String input, String inputPath) {
    }

    private record Rule(String name, String bus, String pattern, EventPattern compiled, boolean enabled,
                        String description, Map<String, Target> targets) {
        Rule withEnabled(boolean on) {
            return new Rule(name, bus, pattern, compiled, on, description, targets);
        }
    }

    private static final Pattern RULE_NAME = Pattern.compile("[\\.\\-_A-Za-z0-9]{1,64}");
    private static final Pattern TARGET_ID = Pattern.compile("[\\.\\-_A-Za-z0-9]{1,64}");

    private final Set<String> buses = ConcurrentHashMap.newKeySet();
    private final List<PublishedEvent> published = new CopyOnWriteArrayList<>();
    private final Map<String, Rule> rules = new LinkedHashMap<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "localcloud-eventbridge-targets");
        t.setDaemon(true);
        return t;
    });
    private volatile TargetDelivery targets = (arn, input) -> {
        throw new IllegalStateException("no target delivery configured");
    };

    EventBridgeFake() {
        buses.add(DEFAULT_BUS);
    }

    /**
     * The local cloud's reset: every rule and its targets, every custom bus and the recorded events are forgotten;
     * the default bus stays, as it does in every account. Returns how many rules there were.
     */
    public synchronized int reset() {
        int count = rules.size();
        rules.clear();
        buses.retainAll(Set.of(DEFAULT_BUS));
        published.clear();
        return count;
    }

    /** Where rule targets are sent; the local cloud sets it when it starts EventBridge. */
    public void deliverTo(TargetDelivery delivery) {
        this.targets = java.util.Objects.requireNonNull(delivery, "delivery");
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
            case "PutRule" -> putRule(request);
            case "DescribeRule" -> describeRule(request);
            case "ListRules" -> listRules(request);
            case "EnableRule" -> setState(request, true);
            case "DisableRule" -> setState(request, false);
            case "DeleteRule" -> deleteRule(request);
            case "PutTargets" -> putTargets(request);
            case "ListTargetsByRule" -> listTargets(request);
            case "RemoveTargets" -> removeTargets(request);
            case "TestEventPattern" -> testEventPattern(request);
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
            Instant time = entry.path("Time").isNumber() ? Instant.ofEpochSecond(entry.get("Time").asLong()) : Instant.now();
            PublishedEvent event = new PublishedEvent(id, busName(entry), entry.get("Source").asText(),
                    entry.get("DetailType").asText(), entry.get("Detail").asText(), time);
            published.add(event);
            route(event, entry.path("Resources"));
            results.addObject().put("EventId", id);
        }
        response.put("FailedEntryCount", failed);
        return response;
    }

    /** The event as EventBridge hands it to targets and matches it against patterns. */
    private static ObjectNode envelope(PublishedEvent event, JsonNode resources) {
        ObjectNode envelope = Json.object();
        envelope.put("version", "0").put("id", event.eventId()).put("detail-type", event.detailType())
                .put("source", event.source()).put("account", ACCOUNT)
                .put("time", event.time().truncatedTo(ChronoUnit.SECONDS).toString()).put("region", REGION);
        ArrayNode list = envelope.putArray("resources");
        resources.forEach(list::add);
        try {
            envelope.set("detail", Json.MAPPER.readTree(event.detail()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a validated Detail failed to parse", e);
        }
        return envelope;
    }

    private void route(PublishedEvent event, JsonNode resources) {
        ObjectNode envelope = envelope(event, resources);
        List<Target> matched = new ArrayList<>();
        synchronized (this) {
            for (Rule rule : rules.values()) {
                if (rule.enabled() && rule.bus().equals(event.eventBus()) && rule.compiled().matches(envelope)) {
                    matched.addAll(rule.targets().values());
                }
            }
        }
        for (Target target : matched) {
            String input = target.input() != null ? target.input()
                    : target.inputPath() != null ? path(envelope, target.inputPath()).toString() : envelope.toString();
            delivery.execute(() -> {
                try {
                    targets.deliver(target.arn(), input);
                } catch (Exception e) {
                    System.err.println("[localcloud] EventBridge could not deliver event " + event.eventId() + " to "
                            + target.arn() + ": " + e.getMessage());
                }
            });
        }
    }

    /** A JSONPath of plain members ({@code $.detail.userId}), the form InputPath takes in practice. */
    private static JsonNode path(JsonNode event, String path) {
        JsonNode node = event;
        for (String part : path.substring(1).split("\\.")) {
            if (!part.isEmpty()) {
                node = node.path(part);
            }
        }
        return node.isMissingNode() ? Json.MAPPER.nullNode() : node;
    }

    private synchronized ObjectNode putRule(JsonNode request) {
        String name = ruleName(request);
        String bus = busName(request);
        if (!buses.contains(bus)) {
            throw new AwsJsonException("ResourceNotFoundException", "Event bus " + bus + " does not exist.");
        }
        if (request.hasNonNull("ScheduleExpression")) {
            throw AwsJsonException.validation("ScheduleExpression is not emulated by the local cloud: only event-pattern rules are");
        }
        if (!request.path("EventPattern").isTextual()) {
            throw AwsJsonException.validation("Parameter(s) EventPattern or ScheduleExpression must be specified.");
        }
        String pattern = request.get("EventPattern").asText();
        EventPattern compiled = EventPattern.parse(pattern);
        String state = Json.optionalText(request, "State", "ENABLED");
        if (!state.equals("ENABLED") && !state.equals("DISABLED")) {
            throw AwsJsonException.validation("State must be ENABLED or DISABLED");
        }
        Rule existing = rules.get(key(bus, name));
        rules.put(key(bus, name), new Rule(name, bus, pattern, compiled, state.equals("ENABLED"),
                Json.optionalText(request, "Description", null), existing == null ? new LinkedHashMap<>() : existing.targets()));
        return Json.object().put("RuleArn", ruleArn(bus, name));
    }

    private synchronized ObjectNode describeRule(JsonNode request) {
        Rule rule = rule(request);
        ObjectNode response = Json.object().put("Name", rule.name()).put("Arn", ruleArn(rule.bus(), rule.name()))
                .put("EventPattern", rule.pattern()).put("State", rule.enabled() ? "ENABLED" : "DISABLED")
                .put("EventBusName", rule.bus()).put("CreatedBy", ACCOUNT);
        if (rule.description() != null) {
            response.put("Description", rule.description());
        }
        return response;
    }

    private synchronized ObjectNode listRules(JsonNode request) {
        String bus = busName(request);
        String prefix = Json.optionalText(request, "NamePrefix", "");
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray("Rules");
        rules.values().stream().filter(r -> r.bus().equals(bus) && r.name().startsWith(prefix))
                .sorted(java.util.Comparator.comparing(Rule::name))
                .forEach(r -> list.addObject().put("Name", r.name()).put("Arn", ruleArn(bus, r.name()))
                        .put("EventPattern", r.pattern()).put("State", r.enabled() ? "ENABLED" : "DISABLED").put("EventBusName", bus));
        return response;
    }

    private synchronized ObjectNode setState(JsonNode request, boolean enabled) {
        Rule rule = rule(request);
        rules.put(key(rule.bus(), rule.name()), rule.withEnabled(enabled));
        return Json.object();
    }

    private synchronized ObjectNode deleteRule(JsonNode request) {
        String name = ruleName(request);
        Rule rule = rules.get(key(busName(request), name));
        if (rule != null && !rule.targets().isEmpty()) {
            throw AwsJsonException.validation("Rule can't be deleted since it has targets.");
        }
        if (rule != null) {
            rules.remove(key(rule.bus(), name));
        }
        return Json.object();
    }

    private synchronized ObjectNode putTargets(JsonNode request) {
        Rule rule = rule(request);
        JsonNode list = request.get("Targets");
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > 10) {
            throw AwsJsonException.validation("Targets must hold between 1 and 10 targets.");
        }
        ObjectNode response = Json.object();
        ArrayNode failed = response.putArray("FailedEntries");
        for (JsonNode target : list) {
            String id = target.path("Id").asText("");
            String arn = target.path("Arn").asText("");
            if (!TARGET_ID.matcher(id).matches()) {
                throw AwsJsonException.validation("Target Id must be 1 to 64 letters, digits, '.', '-' or '_'");
            }
            if (!arn.startsWith("arn:aws:lambda:") && !arn.startsWith("arn:aws:sqs:") && !arn.startsWith("arn:aws:sns:")) {
                failed.addObject().put("TargetId", id).put("ErrorCode", "NotEmulated")
                        .put("ErrorMessage", "The local cloud delivers to Lambda functions, SQS queues and SNS topics, not " + arn);
                continue;
            }
            if (target.hasNonNull("Input") && target.hasNonNull("InputPath")) {
                throw AwsJsonException.validation("Only one of Input, InputPath, or InputTransformer must be provided.");
            }
            if (target.hasNonNull("InputTransformer")) {
                failed.addObject().put("TargetId", id).put("ErrorCode", "NotEmulated")
                        .put("ErrorMessage", "InputTransformer is not emulated by the local cloud");
                continue;
            }
            String input = target.hasNonNull("Input") ? target.get("Input").asText() : null;
            if (input != null) {
                try {
                    Json.MAPPER.readTree(input);
                } catch (JsonProcessingException e) {
                    throw AwsJsonException.validation("Input is not valid JSON text.");
                }
            }
            String inputPath = target.hasNonNull("InputPath") ? target.get("InputPath").asText() : null;
            if (inputPath != null && !inputPath.startsWith("$")) {
                throw AwsJsonException.validation("InputPath must be a JSONPath starting with $");
            }
            rule.targets().put(id, new Target(id, arn, input, inputPath));
        }
        response.put("FailedEntryCount", failed.size());
        return response;
    }

    private synchronized ObjectNode listTargets(JsonNode request) {
        Rule rule = rule(request);
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray("Targets");
        for (Target target : rule.targets().values()) {
            ObjectNode node = list.addObject().put("Id", target.id()).put("Arn", target.arn());
            if (target.input() != null) {
                node.put("Input", target.input());
            }
            if (target.inputPath() != null) {
                node.put("InputPath", target.inputPath());
            }
        }
        return response;
    }

    private synchronized ObjectNode removeTargets(JsonNode request) {
        Rule rule = rule(request);
        for (JsonNode id : request.path("Ids")) {
            rule.targets().remove(id.asText());
        }
        return Json.object().put("FailedEntryCount", 0).set("FailedEntries", Json.MAPPER.createArrayNode());
    }

    private ObjectNode testEventPattern(JsonNode request) {
        EventPattern pattern = EventPattern.parse(Json.requiredText(request, "EventPattern"));
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(Json.requiredText(request, "Event"));
        } catch (JsonProcessingException e) {
            throw AwsJsonException.validation("Parameter Event is not valid.");
        }
        for (String field : List.of("id", "account", "source", "time", "region", "detail-type")) {
            if (!event.has(field)) {
                throw AwsJsonException.validation("Parameter Event is not valid. Reason: " + field + " is a required field");
            }
        }
        return Json.object().put("Result", pattern.matches(event));
    }

    private Rule rule(JsonNode request) {
        String name = request.has("Rule") ? Json.requiredText(request, "Rule") : ruleName(request);
        String bus = busName(request);
        Rule rule = rules.get(key(bus, name));
        if (rule == null) {
            throw new AwsJsonException("ResourceNotFoundException", "Rule " + name + " does not exist on EventBus " + bus + ".");
        }
        return rule;
    }

    private static String ruleName(JsonNode request) {
        String name = Json.requiredText(request, "Name");
        if (!RULE_NAME.matcher(name).matches()) {
            throw AwsJsonException.validation("Rule name must be 1 to 64 letters, digits, '.', '-' or '_'");
        }
        return name;
    }

    private static String key(String bus, String name) {
        return bus + "|" + name;
    }

    private static String ruleArn(String bus, String name) {
        return "arn:aws:events:" + REGION + ":" + ACCOUNT + ":rule/" + (bus.equals(DEFAULT_BUS) ? "" : bus + "/") + name;
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
        synchronized (this) {
            rules.values().removeIf(rule -> rule.bus().equals(name));
        }
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
        return "arn:aws:events:" + REGION + ":" + ACCOUNT + ":event-bus/" + bus;
    }

    /** Stops delivering to targets. */
    void close() {
        delivery.shutdownNow();
    }
}
