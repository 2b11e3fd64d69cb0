package dev.sjl.localcloud.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper of the gateway's own documents (events, error bodies, authorizer answers). */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }
}
