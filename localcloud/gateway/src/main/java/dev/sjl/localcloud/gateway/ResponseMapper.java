package dev.sjl.localcloud.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Turns a function's response (payload format 2.0) into the HTTP response, with API Gateway's rules:
 * <ul>
 *   <li>a JSON object with {@code statusCode} is a structured response: {@code statusCode}, {@code headers},
 *       {@code cookies} (one {@code set-cookie} each), {@code body}, {@code isBase64Encoded};</li>
 *   <li>any other valid JSON is the simple format: 200, {@code content-type: application/json}, and the body is the
 *       function's output (the string itself when the output is a JSON string);</li>
 *   <li>anything else (not JSON, a status outside 100-599, a non-string body, bad base64) is a 500.</li>
 * </ul>
 * {@code multiValueHeaders} exists on the Java response class but format 2.0 does not read it: it is dropped here
 * as it is on AWS, with a warning, so a handler relying on it fails locally before it fails in the cloud.
 */
final class ResponseMapper {

    private static final System.Logger LOG = System.getLogger(ResponseMapper.class.getName());

    /** Set by the HTTP layer itself; a value from the function would contradict the bytes actually sent. */
    private static final Set<String> CONNECTION_HEADERS =
            Set.of("content-length", "transfer-encoding", "connection", "keep-alive", "upgrade", "date");

    private final AtomicBoolean warnedAboutMultiValueHeaders = new AtomicBoolean();

    // tag::map-response[]
    GatewayResponse map(String output, String functionName) throws RejectedRequest {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(output);
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || root.isMissingNode()) {
            LOG.log(System.Logger.Level.WARNING, "Function {0} returned a response that is not JSON", functionName);
            throw new RejectedRequest(GatewayError.INTERNAL_SERVER_ERROR);
        }
        if (!root.isObject() || !root.has("statusCode")) {
            String body = root.isTextual() ? root.textValue() : output;
            return new GatewayResponse(200, List.of(new GatewayResponse.Header("content-type", "application/json")),
                    body.getBytes(StandardCharsets.UTF_8));
        }
        return structured(root, functionName);
    }
    // end::map-response[]

    private GatewayResponse structured(JsonNode root, String functionName) throws RejectedRequest {
        JsonNode status = root.get("statusCode");
        if (!status.canConvertToInt() || !status.isIntegralNumber()
                || status.intValue() < 100 || status.intValue() > 599) {
            throw malformed(functionName, "statusCode must be a number from 100 to 599");
        }
        List<GatewayResponse.Header> headers = new ArrayList<>();
        JsonNode headerNode = root.path("headers");
        if (headerNode.isObject()) {
            for (Map.Entry<String, JsonNode> header : headerNode.properties()) {
                if (!header.getValue().isValueNode() || header.getValue().isNull()) {
                    throw malformed(functionName, "header " + header.getKey() + " must be a string");
                }
                if (!CONNECTION_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
                    headers.add(new GatewayResponse.Header(header.getKey(), header.getValue().asText()));
                }
            }
        }
        if (root.hasNonNull("multiValueHeaders") && warnedAboutMultiValueHeaders.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "Function {0} set multiValueHeaders: payload format 2.0 ignores "
                    + "them (put the value in headers, comma-joined, or use cookies)", functionName);
        }
        for (JsonNode cookie : root.path("cookies")) {
            headers.add(new GatewayResponse.Header("set-cookie", cookie.asText()));
        }
        JsonNode bodyNode = root.path("body");
        if (!bodyNode.isMissingNode() && !bodyNode.isNull() && !bodyNode.isTextual()) {
            throw malformed(functionName, "body must be a string");
        }
        String body = bodyNode.isTextual() ? bodyNode.textValue() : "";
        byte[] bytes;
        if (root.path("isBase64Encoded").asBoolean(false)) {
            try {
                bytes = Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw malformed(functionName, "isBase64Encoded is true but the body is not base64");
            }
        } else {
            bytes = body.getBytes(StandardCharsets.UTF_8);
        }
        return new GatewayResponse(status.intValue(), headers, bytes);
    }

    private static RejectedRequest malformed(String functionName, String why) {
        LOG.log(System.Logger.Level.WARNING, "Function {0} returned a malformed response: {1}", functionName, why);
        return new RejectedRequest(GatewayError.INTERNAL_SERVER_ERROR);
    }
}
