package dev.sjl.jwt;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.HashMap;
import java.util.Map;

/** The payload 2.0 events under src/test/resources/events, and the reading of responses. */
final class Fixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** A fresh copy of an event fixture, e.g. {@code event("login")}; tests may change it freely. */
    static APIGatewayV2HTTPEvent event(String name) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/" + name + ".json");
        event.setHeaders(new HashMap<>(event.getHeaders()));
        return event;
    }

    /** The event with {@code body} as its JSON body. */
    static APIGatewayV2HTTPEvent withBody(APIGatewayV2HTTPEvent event, Map<String, ?> body) {
        try {
            event.setBody(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return event;
    }

    /** The event with {@code Authorization: Bearer token}, or with no Authorization header when token is null. */
    static APIGatewayV2HTTPEvent withBearer(APIGatewayV2HTTPEvent event, String token) {
        event.getHeaders().remove("authorization");
        if (token != null) {
            event.getHeaders().put("authorization", "Bearer " + token);
        }
        return event;
    }

    /** The response's body parsed as JSON; fails the test when it is not JSON. */
    static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return JSON.readTree(response.getBody() == null ? "" : response.getBody());
        } catch (JsonProcessingException e) {
            throw new AssertionError("The response body is not JSON: " + response.getBody(), e);
        }
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("Not JSON: " + text, e);
        }
    }

    /** A header of the response by name in any case, or null. */
    static String header(APIGatewayV2HTTPResponse response, String name) {
        if (response.getHeaders() == null) {
            return null;
        }
        return response.getHeaders().entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }
}
