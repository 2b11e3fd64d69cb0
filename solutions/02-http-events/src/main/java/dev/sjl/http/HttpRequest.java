package dev.sjl.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One HTTP request as API Gateway's payload 2.0 delivers it, with the path parameters of the route it matched.
 * The accessors hide the format's traps: header names in any case, base64 bodies, the stage in {@code rawPath}.
 */
public final class HttpRequest {

    private final APIGatewayV2HTTPEvent event;
    private final Map<String, String> pathParams;
    private final String requestId;

    /** A request that has not been matched to a route yet. */
    public HttpRequest(APIGatewayV2HTTPEvent event) {
        this(event, Map.of());
    }

    public HttpRequest(APIGatewayV2HTTPEvent event, Map<String, String> pathParams) {
        this(event, pathParams, requestIdOf(event));
    }

    private HttpRequest(APIGatewayV2HTTPEvent event, Map<String, String> pathParams, String requestId) {
        this.event = event;
        this.pathParams = Map.copyOf(pathParams);
        this.requestId = requestId;
    }

    /** The same request once a route matched it: keeps the request id, so logs and responses agree. */
    HttpRequest withPathParams(Map<String, String> params) {
        return new HttpRequest(event, params, requestId);
    }

    /** The method in upper case, e.g. {@code GET}; empty for an event that did not come from API Gateway. */
    public String method() {
        var http = event.getRequestContext() == null ? null : event.getRequestContext().getHttp();
        return http == null || http.getMethod() == null ? "" : http.getMethod().toUpperCase(Locale.ROOT);
    }

    // tag::path[]
    /**
     * The path the client asked for, still percent-encoded. On a named stage (not {@code $default}) API Gateway
     * puts the stage in front of {@code rawPath} ({@code /dev/users/42}); the routes are written without it.
     */
    public String path() {
        String raw = event.getRawPath() == null || event.getRawPath().isEmpty() ? "/" : event.getRawPath();
        String stage = event.getRequestContext() == null ? null : event.getRequestContext().getStage();
        // "$default" never appears in a path, so only a named stage can match here.
        if (stage != null && raw.startsWith("/" + stage + "/")) {
            return raw.substring(stage.length() + 1);
        }
        return raw;
    }
    // end::path[]

    /** A parameter of the route's template, e.g. {@code id} for {@code /users/{id}}, already percent-decoded. */
    public String pathParam(String name) {
        String value = pathParams.get(name);
        if (value == null) {
            // A programming error (the template has no such parameter), so it surfaces as a 500 and a log line.
            throw new IllegalArgumentException("No path parameter '" + name + "' in this route");
        }
        return value;
    }

    /** A query string parameter, decoded by API Gateway; a repeated parameter arrives comma-joined ({@code a,b}). */
    public Optional<String> query(String name) {
        Map<String, String> query = event.getQueryStringParameters();
        return query == null ? Optional.empty() : Optional.ofNullable(query.get(name));
    }

    /** A header by name in any case: API Gateway lower-cases names, hand-written events and other proxies may not. */
    public Optional<String> header(String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return Optional.empty();
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return Optional.ofNullable(header.getValue());
            }
        }
        return Optional.empty();
    }

    // tag::body[]
    /**
     * The body as text, base64-decoded when API Gateway encoded it, and empty when there is none.
     * API Gateway base64-encodes bodies whose content type it does not treat as text, so the flag decides, never the
     * content type the client claims.
     */
    public String body() {
        String body = event.getBody();
        if (body == null) {
            return "";
        }
        if (!event.getIsBase64Encoded()) {
            return body;
        }
        try {
            return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            throw HttpException.badRequest("invalid_body", "The request body is marked as base64 but is not.");
        }
    }

    /**
     * The body parsed as JSON into {@code type} (a record, usually). Every way a client can get it wrong is a 400
     * {@code invalid_json} whose message names the problem, and never echoes the body back.
     */
    public <T> T json(Class<T> type) {
        String body = body();
        if (body.isBlank()) {
            throw invalidJson("The request body is empty; send a JSON object.");
        }
        T value;
        try {
            value = Json.MAPPER.readValue(body, type);
        } catch (UnrecognizedPropertyException e) {
            throw invalidJson("Unknown field '" + fieldPath(e) + "'.");
        } catch (MismatchedInputException e) {
            String field = fieldPath(e);
            throw invalidJson(field.isEmpty()
                    ? "The request body does not have the expected shape; send a JSON object."
                    : "Field '" + field + "' has the wrong type.");
        } catch (StreamReadException e) {
            JsonLocation at = e.getLocation();
            throw invalidJson("The request body is not valid JSON (line " + at.getLineNr()
                    + ", column " + at.getColumnNr() + ").");
        } catch (JsonProcessingException e) {
            // Not the client's fault: the type itself cannot be bound (no constructor, bad annotation).
            throw new UncheckedIOException("Cannot bind JSON to " + type.getName(), e);
        }
        if (value == null) {
            throw invalidJson("The request body is JSON null; send a JSON object.");
        }
        return value;
    }

    private static HttpException invalidJson(String message) {
        return HttpException.badRequest("invalid_json", message);
    }

    /** {@code address.city} or {@code items[2]}: where in the document the problem is. */
    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference step : e.getPath()) {
            if (step.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(step.getFieldName());
            } else {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }
    // end::body[]

    /** API Gateway's id for this request: the client sees it in the {@code apigw-requestid} header. */
    public String requestId() {
        return requestId;
    }

    /** The raw event, for what the accessors do not cover (cookies, the authorizer's claims, source IP). */
    public APIGatewayV2HTTPEvent event() {
        return event;
    }

    /**
     * The correlation id comes from API Gateway, never from a client header: a client could send the id of someone
     * else's request and muddle the logs. An event with none (a hand-made test event) gets a fresh one.
     */
    private static String requestIdOf(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        return context == null || context.getRequestId() == null ? UUID.randomUUID().toString() : context.getRequestId();
    }
}
