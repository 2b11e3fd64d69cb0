package dev.sjl.localcloud.gateway;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes the JSON API Gateway sends to Lambda, payload format 2.0: the integration event and the REQUEST authorizer
 * event. Fields appear in the order of AWS's documented examples, and absent parts (no cookies, no query, no body)
 * are left out rather than sent as null, as the service does.
 */
final class EventFactory {

    private static final DateTimeFormatter CLF_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /**
     * Bodies of these types reach the function as text; every other type, and a body without a content type, is
     * base64-encoded with {@code isBase64Encoded: true}. This is the split observed on real HTTP APIs (AWS documents
     * the mechanism but not the list).
     */
    private static final Set<String> TEXT_TYPES =
            Set.of("application/json", "application/xml", "application/javascript");

    private final ApiSettings api;

    EventFactory(ApiSettings api) {
        this.api = api;
    }

    // tag::integration-event[]
    ObjectNode integrationEvent(GatewayRequest request, String routeKey, Map<String, String> pathParameters,
                                ObjectNode authorizer) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        putRequestParts(event, request);
        event.set("requestContext", requestContext(request, routeKey, authorizer));
        byte[] body = request.body();
        boolean base64 = body.length > 0 && !isText(request.header("content-type"));
        if (body.length > 0) {
            event.put("body", base64 ? Base64.getEncoder().encodeToString(body)
                    : new String(body, StandardCharsets.UTF_8));
        }
        putMap(event, "pathParameters", pathParameters);
        event.put("isBase64Encoded", base64);
        putMap(event, "stageVariables", api.stageVariables());
        return event;
    }
    // end::integration-event[]

    ObjectNode authorizerEvent(GatewayRequest request, String routeKey, Map<String, String> pathParameters,
                               String pathBelowStage, List<String> identitySource) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("version", "2.0");
        event.put("type", "REQUEST");
        event.put("routeArn", api.routeArn(request.method(), pathBelowStage));
        ArrayNode identity = event.putArray("identitySource");
        identitySource.forEach(identity::add);
        event.put("routeKey", routeKey);
        putRequestParts(event, request);
        event.set("requestContext", requestContext(request, routeKey, null));
        putMap(event, "pathParameters", pathParameters);
        putMap(event, "stageVariables", api.stageVariables());
        return event;
    }

    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .trim().toLowerCase(Locale.ROOT);
        return mediaType.startsWith("text/") || TEXT_TYPES.contains(mediaType);
    }

    private void putRequestParts(ObjectNode event, GatewayRequest request) {
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", request.rawQueryString());
        if (!request.cookies().isEmpty()) {
            ArrayNode cookies = event.putArray("cookies");
            request.cookies().forEach(cookies::add);
        }
        putMap(event, "headers", request.headers());
        putMap(event, "queryStringParameters", request.queryParameters());
    }

    private ObjectNode requestContext(GatewayRequest request, String routeKey, ObjectNode authorizer) {
        ObjectNode context = Json.MAPPER.createObjectNode();
        context.put("accountId", api.accountId());
        context.put("apiId", api.apiId());
        if (authorizer != null) {
            context.set("authorizer", authorizer);
        }
        String domainName = request.header("host");
        context.put("domainName", domainName);
        context.put("domainPrefix", domainPrefix(domainName));
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", RouteTable.percentDecode(request.rawPath()));
        http.put("protocol", request.protocol());
        http.put("sourceIp", request.sourceIp());
        String userAgent = request.header("user-agent");
        http.put("userAgent", userAgent == null ? "" : userAgent);
        context.put("requestId", request.requestId());
        context.put("routeKey", routeKey);
        context.put("stage", api.stage());
        context.put("time", CLF_TIME.format(request.receivedAt()));
        context.put("timeEpoch", request.receivedAt().toEpochMilli());
        return context;
    }

    /** The first label of the host name: "abc123" for abc123.execute-api.us-east-1.amazonaws.com. */
    private static String domainPrefix(String domainName) {
        int colon = domainName.lastIndexOf(':');
        String host = colon < 0 ? domainName : domainName.substring(0, colon);
        int dot = host.indexOf('.');
        return dot < 0 ? host : host.substring(0, dot);
    }

    private static void putMap(ObjectNode event, String field, Map<String, String> values) {
        if (values.isEmpty()) {
            return;
        }
        ObjectNode node = event.putObject(field);
        values.forEach(node::put);
    }
}
