package dev.sjl.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.core.JsonProcessingException;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Responses in the shapes every route of the kit uses: JSON bodies and one error body. */
public final class HttpResponses {

    private static final System.Logger LOG = System.getLogger(HttpResponses.class.getName());

    /** The one error shape: clients switch on {@code error}, show {@code message}, quote {@code requestId}. */
    private record ErrorBody(String error, String message, String requestId) {
    }

    private HttpResponses() {
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body) {
        String text;
        try {
            text = Json.MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("Cannot write " + body.getClass().getName() + " as JSON", e);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(text).build();
    }

    public static APIGatewayV2HTTPResponse error(int status, String code, String message, String requestId) {
        return json(status, new ErrorBody(code, message, requestId));
    }

    public static APIGatewayV2HTTPResponse noContent() {
        return APIGatewayV2HTTPResponse.builder().withStatusCode(204).withHeaders(new LinkedHashMap<>()).build();
    }

    // tag::from-exception[]
    /**
     * What a route's exception becomes. An {@link HttpException} was written for the client: its status, code and
     * message go out. Anything else is a bug or an outage, and its message can hold a table name, a SQL fragment or
     * a user's data: it is logged here with the request id, and the client gets that id and nothing more.
     */
    public static APIGatewayV2HTTPResponse fromException(Exception error, String requestId) {
        if (error instanceof HttpException deliberate) {
            return error(deliberate.status(), deliberate.code(), deliberate.getMessage(), requestId);
        }
        LOG.log(System.Logger.Level.ERROR, "Request " + requestId + " failed", error);
        return error(500, "internal_error",
                "Something went wrong on our side. Quote the request id if you contact support.", requestId);
    }
    // end::from-exception[]
}
