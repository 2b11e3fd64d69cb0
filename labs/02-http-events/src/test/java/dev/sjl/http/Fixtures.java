package dev.sjl.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.HashMap;

/** Loads the payload 2.0 events under src/test/resources/events and reads responses. */
public final class Fixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {
    }

    /** A fresh copy of an event fixture, e.g. {@code event("get-user")}; tests may change it freely. */
    public static APIGatewayV2HTTPEvent event(String name) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/" + name + ".json");
        event.setHeaders(new HashMap<>(event.getHeaders()));
        return event;
    }

    /** The same event, sent by a browser script from {@code origin}. */
    public static APIGatewayV2HTTPEvent fromOrigin(APIGatewayV2HTTPEvent event, String origin) {
        event.getHeaders().put("origin", origin);
        return event;
    }

    /** The response's body parsed as JSON; fails the test when it is not JSON. */
    public static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return JSON.readTree(response.getBody() == null ? "" : response.getBody());
        } catch (JsonProcessingException e) {
            throw new AssertionError("The response body is not JSON: " + response.getBody(), e);
        }
    }

    /** A header of the response by name in any case, or null. */
    public static String header(APIGatewayV2HTTPResponse response, String name) {
        if (response.getHeaders() == null) {
            return null;
        }
        return response.getHeaders().entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(java.util.Map.Entry::getValue)
                .findFirst().orElse(null);
    }
}
