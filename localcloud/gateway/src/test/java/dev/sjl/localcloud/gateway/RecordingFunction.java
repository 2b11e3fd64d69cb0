package dev.sjl.localcloud.gateway;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A function reached by its JSON payload that keeps every event it receives, so a test can read the exact JSON
 * the gateway sent, and answers with a fixed payload.
 */
final class RecordingFunction implements Function<String, String> {

    static final String OK = "{\"statusCode\":200,\"headers\":{\"content-type\":\"text/plain\"},\"body\":\"ok\"}";

    private final List<String> events = new CopyOnWriteArrayList<>();
    private final String response;

    RecordingFunction() {
        this(OK);
    }

    RecordingFunction(String response) {
        this.response = response;
    }

    @Override
    public String apply(String event) {
        events.add(event);
        return response;
    }

    int invocations() {
        return events.size();
    }

    JsonNode lastEvent() {
        if (events.isEmpty()) {
            throw new AssertionError("The function was never invoked");
        }
        return Http.json(events.get(events.size() - 1));
    }
}
