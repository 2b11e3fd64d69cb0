package dev.sjl.localcloud.gateway;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The answers API Gateway gives on its own, before or instead of the function's: fixed status codes with a
 * {@code {"message":"..."}} body. Clients and tests match on these exact bodies, so they are not reworded.
 */
enum GatewayError {
    UNAUTHORIZED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not Found"),
    REQUEST_TOO_LARGE(413, "Request Entity Too Large"),
    TOO_MANY_REQUESTS(429, "Too Many Requests"),
    INTERNAL_SERVER_ERROR(500, "Internal Server Error"),
    SERVICE_UNAVAILABLE(503, "Service Unavailable");

    private final int status;
    private final String message;
    private final byte[] body;

    GatewayError(int status, String message) {
        this.status = status;
        this.message = message;
        this.body = body(message);
    }

    /** API Gateway's error body, {@code {"message":"..."}}, for a fixed reason phrase (no escaping needed). */
    static byte[] body(String message) {
        return ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    int status() {
        return status;
    }

    String message() {
        return message;
    }

    GatewayResponse response(List<GatewayResponse.Header> extraHeaders) {
        List<GatewayResponse.Header> headers = new ArrayList<>(extraHeaders);
        headers.add(new GatewayResponse.Header("content-type", "application/json"));
        return new GatewayResponse(status, headers, body.clone());
    }
}
