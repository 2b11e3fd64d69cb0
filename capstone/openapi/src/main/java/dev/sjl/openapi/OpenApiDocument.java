package dev.sjl.openapi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sjl.apigateway.ApiDefinition;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document of an {@link ApiDefinition}: one operation per route, its security from the route's
 * authorizer and scopes, its bodies and answers from the route's {@link OperationDoc}. The gateway's own refusals
 * (401 and 403 by the authorizers, 429 by the throttle) are added from the definition, in the gateway's
 * {@code {"message": ...}} shape, so they cannot be forgotten for one route.
 *
 * <p>The document is generated, never edited: {@code capstone/openapi/openapi.json} is this class's output, and
 * {@code OpenApiDriftTest} fails when they differ.
 */
public final class OpenApiDocument {

    /**
     * The issuer and app client the committed document names: the deployed pool's values are known only once it
     * exists, and the local cloud's change at every start. A deployment renders its own document with
     * {@link #generate} and the real values.
     */
    public static final String EXAMPLE_ISSUER = "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_EXAMPLE";
    public static final String EXAMPLE_CLIENT_ID = "example-app-client-id";

    static final ObjectMapper MAPPER = new ObjectMapper();

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([A-Za-z0-9_]+)(\\+?)}");
    private static final String ERROR_BODY = "ErrorBody";
    private static final String GATEWAY_MESSAGE = "GatewayMessage";

    private OpenApiDocument() {
    }

    /**
     * @param api        the routes and authorizers, as the gateway is configured with them
     * @param operations the documentation of every route; a route without one, or one without a route, is refused
     * @param serverUrl  the base URL the document names as its server
     */
    public static ObjectNode generate(ApiDefinition api, List<OperationDoc> operations, String serverUrl) {
        Coverage coverage = Coverage.of(api, operations);
        if (!coverage.complete()) {
            throw new IllegalArgumentException(coverage.toString());
        }
        Map<String, OperationDoc> byRoute = new LinkedHashMap<>();
        operations.forEach(op -> byRoute.put(op.routeKey(), op));

        ObjectNode document = MAPPER.createObjectNode();
        document.put("openapi", "3.1.1");
        ObjectNode info = document.putObject("info");
        info.put("title", "Serverless Java Labs user service");
        info.put("version", "1.0.0");
        info.put("description", "The HTTP API of the user service the labs build: accounts on a Cognito user pool "
                + "(lab 04), verified by API Gateway before any function runs (lab 05), avatars on S3 (lab 06). "
                + "Generated from the route definitions (capstone/openapi); each tag is the Lambda function behind "
                + "the route. Every function error is {\"error\", \"message\", \"requestId\"}: switch on error; "
                + "the gateway's own refusals are {\"message\"}.");
        info.putObject("license").put("name", "Apache-2.0").put("identifier", "Apache-2.0");
        document.putArray("servers").addObject().put("url", serverUrl)
                .put("description", "The local cloud's gateway as ./kit run starts it");

        Map<String, ObjectNode> schemas = new TreeMap<>();
        Map<String, Class<?>> schemaTypes = new LinkedHashMap<>();
        schemas.put(ERROR_BODY, errorBodySchema());
        schemas.put(GATEWAY_MESSAGE, gatewayMessageSchema());

        Set<String> tags = new TreeSet<>();
        ObjectNode paths = document.putObject("paths");
        for (ApiDefinition.Route route : api.routes()) {
            OperationDoc doc = byRoute.get(route.routeKey());
            String[] methodAndPath = route.routeKey().split(" ", 2);
            String method = methodAndPath[0].toLowerCase(Locale.ROOT);
            String path = methodAndPath[1];
            ObjectNode pathItem = paths.has(path) ? (ObjectNode) paths.get(path) : paths.putObject(path);
            ObjectNode operation = pathItem.putObject(method);
            tags.add(route.function());
            operation.putArray("tags").add(route.function());
            operation.put("operationId", doc.operationId());
            operation.put("summary", doc.summary());
            if (doc.description() != null) {
                operation.put("description", doc.description());
            }
            pathParameters(route, path, doc, operation);
            security(api, route, operation);
            if (doc.requestBody() != null) {
                register(doc.requestBody(), schemas, schemaTypes);
                ObjectNode body = operation.putObject("requestBody").put("required", true);
                body.putObject("content").putObject("application/json").set("schema",
                        RecordSchema.ref(doc.requestBody().name()));
            }
            ObjectNode responses = operation.putObject("responses");
            Map<Integer, ObjectNode> byStatus = new TreeMap<>();
            for (OperationDoc.Response response : doc.responses()) {
                byStatus.put(response.status(), functionResponse(response, schemas, schemaTypes));
            }
            gatewayResponses(api, route, doc).forEach((status, description) ->
                    byStatus.merge(status, gatewayResponse(description), OpenApiDocument::either));
            byStatus.forEach((status, response) -> responses.set(String.valueOf(status), response));
        }

        ArrayNode tagList = document.putArray("tags");
        tags.forEach(tag -> tagList.addObject().put("name", tag)
                .put("description", "Routes served by the Lambda function '" + tag + "'"));
        ObjectNode components = document.putObject("components");
        ObjectNode schemaNode = components.putObject("schemas");
        schemas.forEach(schemaNode::set);
        components.set("securitySchemes", securitySchemes(api));
        return document;
    }

    /** The document as the committed file holds it: two-space indents, one trailing newline. */
    public static String toJson(JsonNode document) {
        // "name": value, as people and most tools write JSON (Jackson's default puts a space before the colon too).
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter(Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator(""))
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return MAPPER.writer(printer).writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void pathParameters(ApiDefinition.Route route, String path, OperationDoc doc, ObjectNode operation) {
        Matcher matcher = PATH_PARAMETER.matcher(path);
        Set<String> names = new LinkedHashSet<>();
        while (matcher.find()) {
            if (!matcher.group(2).isEmpty()) {
                throw new IllegalArgumentException(route.routeKey() + ": a greedy {" + matcher.group(1)
                        + "+} parameter has no OpenAPI equivalent; document it as a path of its own");
            }
            names.add(matcher.group(1));
        }
        if (!names.equals(doc.pathParameters().keySet())) {
            throw new IllegalArgumentException(route.routeKey() + " has path parameters " + names
                    + " but its documentation describes " + doc.pathParameters().keySet());
        }
        if (names.isEmpty()) {
            return;
        }
        ArrayNode parameters = operation.putArray("parameters");
        for (String name : names) {
            parameters.addObject().put("name", name).put("in", "path").put("required", true)
                    .put("description", doc.pathParameters().get(name))
                    .putObject("schema").put("type", "string").put("minLength", 1);
        }
    }

    private static void security(ApiDefinition api, ApiDefinition.Route route, ObjectNode operation) {
        ArrayNode security = operation.putArray("security");
        if (route.authorizer().equals(ApiDefinition.PUBLIC)) {
            // An empty list, not a missing key: this route is public on purpose.
            return;
        }
        ObjectNode requirement = security.addObject();
        ArrayNode scopes = requirement.putArray(authorizerName(api, route));
        route.scopes().forEach(scopes::add);
    }

    private static String authorizerName(ApiDefinition api, ApiDefinition.Route route) {
        if (api.jwt() != null && route.authorizer().equals(api.jwt().name())) {
            return api.jwt().name();
        }
        if (api.apiKey() != null && route.authorizer().equals(api.apiKey().name())) {
            return api.apiKey().name();
        }
        throw new IllegalArgumentException(route.routeKey() + " names the authorizer '" + route.authorizer()
                + "', which the API does not define");
    }

    /** The gateway's own answers for this route, by status: what the client gets before the function runs. */
    private static Map<Integer, String> gatewayResponses(ApiDefinition api, ApiDefinition.Route route, OperationDoc doc) {
        Map<Integer, String> answers = new TreeMap<>();
        if (!route.authorizer().equals(ApiDefinition.PUBLIC)) {
            if (api.jwt() != null && route.authorizer().equals(api.jwt().name())) {
                answers.put(401, "The gateway's JWT authorizer refused: no token, or one whose signature, issuer, "
                        + "audience or expiry is wrong (WWW-Authenticate says which)");
                if (!route.scopes().isEmpty()) {
                    answers.put(403, "The gateway's JWT authorizer refused: the token has none of the route's "
                            + "scopes (an ID token instead of an access token)");
                }
            } else {
                answers.put(401, "The gateway refused: no " + headerOf(api.apiKey()) + " header");
                answers.put(403, "The gateway's API-key authorizer refused the key");
            }
        }
        if (doc.requestBody() != null) {
            answers.put(413, "The gateway refused a body over its own limit");
        }
        answers.put(429, "The gateway's throttle: too many requests to this route or stage");
        return answers;
    }

    private static ObjectNode functionResponse(OperationDoc.Response response, Map<String, ObjectNode> schemas,
                                               Map<String, Class<?>> schemaTypes) {
        ObjectNode node = MAPPER.createObjectNode().put("description", response.description());
        if (!response.headers().isEmpty()) {
            ObjectNode headers = node.putObject("headers");
            new TreeMap<>(response.headers()).forEach((name, description) -> headers.putObject(name)
                    .put("description", description).putObject("schema").put("type", "string"));
        }
        JsonNode schema;
        if (response.isError()) {
            ObjectNode codes = MAPPER.createObjectNode();
            ArrayNode allOf = codes.putArray("allOf");
            allOf.add(RecordSchema.ref(ERROR_BODY));
            ArrayNode values = allOf.addObject().putObject("properties").putObject("error").putArray("enum");
            response.errorCodes().forEach(values::add);
            schema = codes;
        } else if (response.body() != null) {
            register(response.body(), schemas, schemaTypes);
            schema = RecordSchema.ref(response.body().name());
        } else {
            return node;
        }
        node.putObject("content").putObject("application/json").set("schema", schema);
        return node;
    }

    private static ObjectNode gatewayResponse(String description) {
        ObjectNode node = MAPPER.createObjectNode().put("description", description);
        node.putObject("content").putObject("application/json").set("schema", RecordSchema.ref(GATEWAY_MESSAGE));
        return node;
    }

    /** The function and the gateway can both answer this status: either body, told apart by their fields. */
    private static ObjectNode either(ObjectNode function, ObjectNode gateway) {
        ObjectNode merged = MAPPER.createObjectNode().put("description",
                function.get("description").asText() + ". Or: " + gateway.get("description").asText());
        if (function.has("headers")) {
            merged.set("headers", function.get("headers"));
        }
        ArrayNode oneOf = merged.putObject("content").putObject("application/json").putObject("schema")
                .putArray("oneOf");
        oneOf.add(function.at("/content/application~1json/schema"));
        oneOf.add(gateway.at("/content/application~1json/schema"));
        return merged;
    }

    private static void register(RecordSchema schema, Map<String, ObjectNode> schemas, Map<String, Class<?>> types) {
        Class<?> previous = types.putIfAbsent(schema.name(), schema.type());
        if (previous != null && previous != schema.type()) {
            throw new IllegalArgumentException("Two bodies are named " + schema.name() + ": " + previous.getName()
                    + " and " + schema.type().getName());
        }
        ObjectNode generated = schema.toSchema();
        ObjectNode existing = schemas.putIfAbsent(schema.name(), generated);
        if (existing != null && !existing.equals(generated)) {
            throw new IllegalArgumentException(schema.name() + " is described in two different ways");
        }
        schema.nested().forEach(nested -> register(nested, schemas, types));
    }

    private static ObjectNode errorBodySchema() {
        ObjectNode schema = MAPPER.createObjectNode().put("type", "object")
                .put("description", "Every error a function answers (dev.sjl.http.HttpResponses)");
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("error").put("type", "string")
                .put("description", "A machine-readable code, e.g. invalid_json: clients switch on it");
        properties.putObject("message").put("type", "string")
                .put("description", "For a person, in the service's words; never a library's");
        properties.putObject("requestId").put("type", "string")
                .put("description", "The gateway's request id (also the apigw-requestid header): quote it to support");
        schema.putArray("required").add("error").add("message").add("requestId");
        schema.put("additionalProperties", false);
        return schema;
    }

    private static ObjectNode gatewayMessageSchema() {
        ObjectNode schema = MAPPER.createObjectNode().put("type", "object")
                .put("description", "An answer API Gateway gives itself, before or instead of the function");
        schema.putObject("properties").putObject("message").put("type", "string")
                .putArray("examples").add("Unauthorized").add("Forbidden").add("Too Many Requests");
        schema.putArray("required").add("message");
        schema.put("additionalProperties", false);
        return schema;
    }

    private static ObjectNode securitySchemes(ApiDefinition api) {
        ObjectNode schemes = MAPPER.createObjectNode();
        if (api.jwt() != null) {
            ApiDefinition.JwtAuthorizerSpec jwt = api.jwt();
            ObjectNode scheme = schemes.putObject(jwt.name());
            scheme.put("type", "openIdConnect");
            scheme.put("openIdConnectUrl", jwt.issuer() + "/.well-known/openid-configuration");
            scheme.put("description", "Cognito's access token as 'Authorization: Bearer <token>', verified by the "
                    + "gateway's JWT authorizer (signature by the issuer's JWKS, iss, client_id among the audience, "
                    + "exp) before the function runs. The operation's scopes: the token must carry one of them.");
            ObjectNode authorizer = scheme.putObject("x-amazon-apigateway-authorizer");
            authorizer.put("type", "jwt");
            authorizer.put("identitySource", jwt.identitySource());
            ObjectNode configuration = authorizer.putObject("jwtConfiguration");
            configuration.put("issuer", jwt.issuer());
            ArrayNode audience = configuration.putArray("audience");
            jwt.audience().forEach(audience::add);
        }
        if (api.apiKey() != null) {
            ApiDefinition.LambdaAuthorizerSpec key = api.apiKey();
            ObjectNode scheme = schemes.putObject(key.name());
            scheme.put("type", "apiKey");
            scheme.put("in", "header");
            scheme.put("name", headerOf(key));
            scheme.put("description", "A machine client's key, checked by the Lambda authorizer '" + key.function()
                    + "'; its decision is cached for " + key.resultTtl().toSeconds() + " s per key.");
            ObjectNode authorizer = scheme.putObject("x-amazon-apigateway-authorizer");
            authorizer.put("type", "request");
            authorizer.put("identitySource", String.join(", ", key.identitySources()));
            authorizer.put("authorizerPayloadFormatVersion", "2.0");
            authorizer.put("enableSimpleResponses", true);
            authorizer.put("authorizerResultTtlInSeconds", key.resultTtl().toSeconds());
        }
        return schemes;
    }

    private static String headerOf(ApiDefinition.LambdaAuthorizerSpec key) {
        List<String> headers = new ArrayList<>();
        for (String source : key.identitySources()) {
            if (source.startsWith("$request.header.")) {
                headers.add(source.substring("$request.header.".length()));
            }
        }
        if (headers.size() != 1) {
            throw new IllegalArgumentException("The API-key authorizer '" + key.name()
                    + "' must read exactly one header to be described as an apiKey scheme: " + key.identitySources());
        }
        return headers.get(0);
    }
}
