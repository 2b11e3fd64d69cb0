package dev.sjl.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The handbook's architecture diagram and route table, read from the synthesized CloudFormation template: what AWS
 * would create, not what someone remembered to draw. Every edge comes from a resource: a route's integration, a JWT or
 * Lambda authorizer, a pool's triggers, an event source mapping, a bucket notification, a topic subscription, a rule's
 * target, and each function's IAM policy (which data it may touch, and how).
 * <p>
 * {@code ./mvnw package -pl deploy} runs it after synthesis:
 * {@code ArchitectureDiagram <template.json> <architecture.puml> <routes.adoc>}.
 */
public final class ArchitectureDiagram {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** CDK's logical ids end in an 8-hex-digit hash of the construct path. */
    private static final Pattern HASH = Pattern.compile("[0-9A-F]{8}$");
    private static final String FUNCTION_PREFIX = "user service: ";

    private final JsonNode resources;
    private final Map<String, String> functionOf = new LinkedHashMap<>();
    private final Map<String, String> nodes = new LinkedHashMap<>();
    private final Set<String> edges = new LinkedHashSet<>();

    private ArchitectureDiagram(JsonNode template) {
        this.resources = template.path("Resources");
        findFunctions();
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("Usage: ArchitectureDiagram <template.json> <diagram.puml> <routes.adoc>");
        }
        ArchitectureDiagram diagram = of(JSON.readTree(Path.of(args[0]).toFile()));
        Files.writeString(Path.of(args[1]), diagram.plantUml(), StandardCharsets.UTF_8);
        Files.writeString(Path.of(args[2]), diagram.routeTable(), StandardCharsets.UTF_8);
        System.out.println("architecture: " + diagram.nodes.size() + " parts, " + diagram.edges.size()
                + " connections -> " + args[1]);
    }

    static ArchitectureDiagram of(JsonNode template) {
        ArchitectureDiagram diagram = new ArchitectureDiagram(template);
        diagram.connect();
        return diagram;
    }

    /** The service's functions (by their description) and every alias or version that points at one. */
    private void findFunctions() {
        for (Map.Entry<String, JsonNode> resource : each(resources)) {
            JsonNode properties = resource.getValue().path("Properties");
            String description = properties.path("Description").asText("");
            if (type(resource.getValue()).equals("AWS::Lambda::Function") && description.startsWith(FUNCTION_PREFIX)) {
                functionOf.put(resource.getKey(), description.substring(FUNCTION_PREFIX.length()));
            }
        }
        for (Map.Entry<String, JsonNode> resource : each(resources)) {
            String type = type(resource.getValue());
            if (type.equals("AWS::Lambda::Alias") || type.equals("AWS::Lambda::Version")) {
                refs(resource.getValue().path("Properties").path("FunctionName")).stream()
                        .filter(functionOf::containsKey).findFirst()
                        .ifPresent(function -> functionOf.put(resource.getKey(), functionOf.get(function)));
            }
        }
    }

    private void connect() {
        nodes.put("client", "actor \"Browser / app\" as client");
        Map<String, List<String>> routesByFunction = new TreeMap<>();
        for (Map.Entry<String, JsonNode> resource : each(resources)) {
            JsonNode properties = resource.getValue().path("Properties");
            switch (type(resource.getValue())) {
                case "AWS::ApiGatewayV2::Api" -> {
                    node(resource.getKey(), "cloud", "HTTP API");
                    edges.add("client --> " + id(resource.getKey()) + " : HTTPS");
                }
                case "AWS::ApiGatewayV2::Route" -> functionBehind(integrationOf(properties)).ifPresent(function ->
                        routesByFunction.computeIfAbsent(function, f -> new ArrayList<>())
                                .add(properties.path("RouteKey").asText()));
                case "AWS::ApiGatewayV2::Authorizer" -> authorizer(properties);
                case "AWS::Cognito::UserPool" -> {
                    node(resource.getKey(), "rectangle", "Cognito user pool");
                    for (Map.Entry<String, JsonNode> trigger : each(properties.path("LambdaConfig"))) {
                        function(refs(trigger.getValue())).ifPresent(f -> edges.add(id(resource.getKey()) + " --> " + functionId(f) + " : "
                                        + trigger.getKey().replace("Config", "")));
                    }
                }
                case "AWS::Lambda::EventSourceMapping" -> function(refs(properties.path("FunctionName")))
                        .ifPresent(f -> refs(properties.path("EventSourceArn")).forEach(source -> {
                            node(source);
                            edges.add(id(source) + " --> " + functionId(f) + " : "
                                    + (type(resources.path(source)).equals("AWS::DynamoDB::Table") ? "stream" : "batches"));
                        }));
                case "Custom::S3BucketNotifications" -> refs(properties.path("BucketName")).forEach(bucket -> {
                    node(bucket);
                    for (JsonNode target : properties.path("NotificationConfiguration")
                            .path("LambdaFunctionConfigurations")) {
                        function(refs(target.path("LambdaFunctionArn"))).ifPresent(f ->
                                edges.add(id(bucket) + " --> " + functionId(f) + " : ObjectCreated"));
                    }
                });
                case "AWS::SNS::Subscription" -> refs(properties.path("TopicArn")).forEach(topic ->
                        refs(properties.path("Endpoint")).forEach(queue -> {
                            node(topic);
                            node(queue);
                            edges.add(id(topic) + " --> " + id(queue) + " : " + properties.path("Protocol").asText());
                        }));
                case "AWS::Events::Rule" -> {
                    node(resource.getKey(), "rectangle", "EventBridge rule " + label(resource.getKey()));
                    for (JsonNode target : properties.path("Targets")) {
                        function(refs(target.path("Arn"))).ifPresent(f ->
                                edges.add(id(resource.getKey()) + " --> " + functionId(f)));
                    }
                }
                case "AWS::CloudFront::Distribution" -> {
                    node(resource.getKey(), "cloud", "CloudFront " + label(resource.getKey()));
                    for (JsonNode origin : properties.path("DistributionConfig").path("Origins")) {
                        refs(origin.path("DomainName")).forEach(bucket -> {
                            node(bucket);
                            edges.add(id(resource.getKey()) + " ..> " + id(bucket) + " : OAC");
                        });
                    }
                }
                case "AWS::IAM::Policy" -> grants(properties);
                default -> {
                }
            }
        }
        String api = firstOfType("AWS::ApiGatewayV2::Api");
        routesByFunction.forEach((function, routes) -> edges.add(id(api) + " --> " + functionId(function) + " : "
                + String.join("\\n", routes)));
    }

    private void authorizer(JsonNode properties) {
        String api = firstOfType("AWS::ApiGatewayV2::Api");
        if ("JWT".equals(properties.path("AuthorizerType").asText())) {
            String pool = firstOfType("AWS::Cognito::UserPool");
            if (pool != null) {
                edges.add(id(api) + " ..> " + id(pool) + " : verifies JWT (JWKS)");
            }
        } else {
            function(refs(properties.path("AuthorizerUri")))
                    .ifPresent(f -> edges.add(id(api) + " ..> " + functionId(f) + " : Lambda authorizer"));
        }
    }

    /** A function's policy: for each data resource it names, the actions it may take there (logs left out). */
    private void grants(JsonNode properties) {
        Set<String> functions = new TreeSet<>();
        for (String role : refs(properties.path("Roles"))) {
            for (Map.Entry<String, JsonNode> resource : each(resources)) {
                if (functionOf.containsKey(resource.getKey()) && type(resource.getValue()).equals("AWS::Lambda::Function")
                        && refs(resource.getValue().path("Properties").path("Role")).contains(role)) {
                    functions.add(functionOf.get(resource.getKey()));
                }
            }
        }
        Map<String, Set<String>> actionsOn = new TreeMap<>();
        for (JsonNode statement : properties.path("PolicyDocument").path("Statement")) {
            if (!"Allow".equals(statement.path("Effect").asText())) {
                continue;
            }
            List<String> actions = new ArrayList<>();
            statement.path("Action").forEach(a -> actions.add(a.asText()));
            if (statement.path("Action").isTextual()) {
                actions.add(statement.path("Action").asText());
            }
            for (String target : refs(statement.path("Resource"))) {
                if (isData(type(resources.path(target)))) {
                    actions.stream().filter(a -> !a.startsWith("logs:")).map(a -> a.substring(a.indexOf(':') + 1))
                            .forEach(a -> actionsOn.computeIfAbsent(target, t -> new TreeSet<>()).add(a));
                }
            }
        }
        for (String function : functions) {
            actionsOn.forEach((target, actions) -> {
                node(target);
                edges.add(functionId(function) + " --> " + id(target) + " : " + shortList(actions));
            });
        }
    }

    private static boolean isData(String type) {
        return Set.of("AWS::DynamoDB::Table", "AWS::S3::Bucket", "AWS::SNS::Topic", "AWS::SQS::Queue",
                "AWS::SecretsManager::Secret").contains(type);
    }

    private static String shortList(Set<String> actions) {
        List<String> list = new ArrayList<>(actions);
        return list.size() <= 3 ? String.join(", ", list)
                : String.join(", ", list.subList(0, 3)) + " +" + (list.size() - 3);
    }

    private String integrationOf(JsonNode route) {
        for (String ref : refs(route.path("Target"))) {
            if (type(resources.path(ref)).equals("AWS::ApiGatewayV2::Integration")) {
                return ref;
            }
        }
        throw new IllegalStateException("A route without an integration: " + route.path("RouteKey").asText());
    }

    private Optional<String> functionBehind(String integration) {
        return function(refs(resources.path(integration).path("Properties").path("IntegrationUri")));
    }

    private Optional<String> function(Set<String> refs) {
        return refs.stream().filter(functionOf::containsKey).map(functionOf::get).findFirst();
    }

    private String firstOfType(String type) {
        for (Map.Entry<String, JsonNode> resource : each(resources)) {
            if (type(resource.getValue()).equals(type)) {
                return resource.getKey();
            }
        }
        return null;
    }

    private String functionId(String function) {
        String id = "fn_" + function.replace('-', '_');
        nodes.putIfAbsent(id, "rectangle \"Lambda: " + function + "\" as " + id);
        return id;
    }

    private void node(String logicalId) {
        String type = type(resources.path(logicalId));
        String name = label(logicalId);
        switch (type) {
            case "AWS::DynamoDB::Table" -> node(logicalId, "database", "DynamoDB " + resources.path(logicalId)
                    .path("Properties").path("TableName").asText(name));
            case "AWS::S3::Bucket" -> node(logicalId, "storage", "S3 " + name);
            case "AWS::SNS::Topic" -> node(logicalId, "queue", "SNS " + name);
            case "AWS::SQS::Queue" -> node(logicalId, "queue", "SQS " + name);
            case "AWS::SecretsManager::Secret" -> node(logicalId, "rectangle", "Secret " + name);
            default -> node(logicalId, "rectangle", name);
        }
    }

    private void node(String logicalId, String shape, String label) {
        nodes.putIfAbsent(id(logicalId), shape + " \"" + label + "\" as " + id(logicalId));
    }

    private static String id(String logicalId) {
        return "r_" + logicalId;
    }

    private static String label(String logicalId) {
        return HASH.matcher(logicalId).replaceFirst("");
    }

    String plantUml() {
        StringBuilder out = new StringBuilder("@startuml architecture\n")
                .append("' Generated by dev.sjl.deploy.ArchitectureDiagram from the synthesized UserService template")
                .append(" (./mvnw package -pl deploy): do not edit.\n")
                .append("!pragma layout smetana\nskinparam shadowing false\n")
                .append("skinparam defaultFontName Helvetica\n\n");
        nodes.values().forEach(node -> out.append(node).append('\n'));
        out.append('\n');
        edges.forEach(edge -> out.append(edge).append('\n'));
        return out.append("@enduml\n").toString();
    }

    /** Every route as the stack deploys it: key, who may call it, the scopes it requires, the function behind it. */
    String routeTable() {
        Map<String, List<String>> rows = new TreeMap<>();
        for (Map.Entry<String, JsonNode> resource : each(resources)) {
            if (!type(resource.getValue()).equals("AWS::ApiGatewayV2::Route")) {
                continue;
            }
            JsonNode properties = resource.getValue().path("Properties");
            String auth = switch (properties.path("AuthorizationType").asText()) {
                case "JWT" -> "JWT (Cognito)";
                case "CUSTOM" -> "Lambda authorizer (API key)";
                default -> "public";
            };
            List<String> scopes = new ArrayList<>();
            properties.path("AuthorizationScopes").forEach(s -> scopes.add(code(s.asText())));
            String key = properties.path("RouteKey").asText();
            rows.put(key.substring(key.indexOf(' ') + 1) + " " + key, List.of(code(key), auth,
                    scopes.isEmpty() ? "-" : String.join(", ", scopes),
                    code(functionBehind(integrationOf(properties)).orElse("?"))));
        }
        StringBuilder out = new StringBuilder("// Generated by dev.sjl.deploy.ArchitectureDiagram: do not edit.\n")
                .append("[%header,cols=\"3,2,3,2\"]\n|===\n|Route |Authorization |Scopes |Function\n\n");
        rows.values().forEach(row -> out.append('|').append(String.join(" |", row)).append('\n'));
        return out.append("|===\n").toString();
    }

    /** Monospace, passed through as is: a path's {@code {id}} is not an AsciiDoc attribute. */
    private static String code(String text) {
        return "`+" + text + "+`";
    }

    int nodeCount() {
        return nodes.size();
    }

    Set<String> edges() {
        return Set.copyOf(edges);
    }

    private static String type(JsonNode resource) {
        return resource.path("Type").asText("");
    }

    /** The logical ids a value refers to: every {@code Ref} and {@code Fn::GetAtt} inside it. */
    static Set<String> refs(JsonNode value) {
        Set<String> found = new LinkedHashSet<>();
        collect(value, found);
        return found;
    }

    private static void collect(JsonNode value, Set<String> found) {
        if (value.isObject()) {
            if (value.has("Ref") && !value.path("Ref").asText().startsWith("AWS::")) {
                found.add(value.path("Ref").asText());
            }
            if (value.has("Fn::GetAtt")) {
                found.add(value.path("Fn::GetAtt").path(0).asText());
            }
            value.forEach(child -> collect(child, found));
        } else if (value.isArray()) {
            value.forEach(child -> collect(child, found));
        }
    }

    private static Iterable<Map.Entry<String, JsonNode>> each(JsonNode object) {
        return object::fields;
    }
}
