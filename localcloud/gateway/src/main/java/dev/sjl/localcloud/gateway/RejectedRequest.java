package dev.sjl.localcloud.gateway;

import java.util.List;

/**
 * Thrown wherever the gateway decides to answer a request itself (no route, a failed authorizer, a limit, a broken
 * integration); the HTTP layer turns it into the matching {@link GatewayError} response.
 */
final class RejectedRequest extends Exception {

    private final GatewayError error;
    private final transient List<GatewayResponse.Header> headers;

    RejectedRequest(GatewayError error) {
        this(error, List.of());
    }

    RejectedRequest(GatewayError error, List<GatewayResponse.Header> headers) {
        super(error.name(), null, false, false);
        this.error = error;
        this.headers = List.copyOf(headers);
    }

    GatewayError error() {
        return error;
    }

    GatewayResponse response() {
        return error.response(headers);
    }
}
