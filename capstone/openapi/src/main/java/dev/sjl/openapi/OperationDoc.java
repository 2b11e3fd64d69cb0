package dev.sjl.openapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the route definition cannot say about one route: its purpose, its body and every answer its function gives,
 * written next to the handler's code it describes (see {@link UserServiceOperations}). The gateway's own answers (401,
 * 403, 429 with {@code {"message": ...}}) are not written here: {@link OpenApiDocument} adds them from the route's
 * authorizer, so a route moved behind another authorizer is documented by that change alone.
 */
public final class OperationDoc {

    /** One answer of the function: a body schema (a record's, or none for 204) and the error codes it may carry. */
    public record Response(int status, String description, RecordSchema body, List<String> errorCodes,
                           Map<String, String> headers) {
        public Response {
            errorCodes = List.copyOf(errorCodes);
            headers = Map.copyOf(headers);
        }

        boolean isError() {
            return !errorCodes.isEmpty();
        }
    }

    private final String routeKey;
    private final String operationId;
    private final String summary;
    private String description;
    private RecordSchema requestBody;
    private final Map<String, String> pathParameters = new LinkedHashMap<>();
    private final List<Response> responses = new ArrayList<>();

    private OperationDoc(String routeKey, String operationId, String summary) {
        this.routeKey = Objects.requireNonNull(routeKey);
        this.operationId = Objects.requireNonNull(operationId);
        this.summary = Objects.requireNonNull(summary);
    }

    /** The documentation of the route {@code routeKey} ({@code "POST /signup"}), as the route definition names it. */
    static OperationDoc route(String routeKey, String operationId, String summary) {
        return new OperationDoc(routeKey, operationId, summary);
    }

    OperationDoc description(String text) {
        this.description = text;
        return this;
    }

    OperationDoc body(RecordSchema schema) {
        this.requestBody = schema;
        return this;
    }

    OperationDoc pathParameter(String name, String text) {
        pathParameters.put(name, text);
        return this;
    }

    /** A success with a JSON body. */
    OperationDoc answers(int status, String text, RecordSchema body) {
        return add(new Response(status, text, body, List.of(), Map.of()));
    }

    /** A success with a JSON body and response headers (name to description). */
    OperationDoc answers(int status, String text, RecordSchema body, Map<String, String> headers) {
        return add(new Response(status, text, body, List.of(), headers));
    }

    /** A success without a body. */
    OperationDoc answers(int status, String text) {
        return add(new Response(status, text, null, List.of(), Map.of()));
    }

    /** The function's error body ({@code {"error", "message", "requestId"}}) with one of these codes. */
    OperationDoc fails(int status, String text, String... codes) {
        if (codes.length == 0) {
            throw new IllegalArgumentException("An error answer names the codes a client can switch on");
        }
        return add(new Response(status, text, null, List.of(codes), Map.of()));
    }

    private OperationDoc add(Response response) {
        if (responses.stream().anyMatch(r -> r.status() == response.status())) {
            throw new IllegalArgumentException(routeKey + " documents status " + response.status() + " twice");
        }
        responses.add(response);
        return this;
    }

    public String routeKey() {
        return routeKey;
    }

    String operationId() {
        return operationId;
    }

    String summary() {
        return summary;
    }

    String description() {
        return description;
    }

    RecordSchema requestBody() {
        return requestBody;
    }

    Map<String, String> pathParameters() {
        return pathParameters;
    }

    public List<Response> responses() {
        return List.copyOf(responses);
    }
}
