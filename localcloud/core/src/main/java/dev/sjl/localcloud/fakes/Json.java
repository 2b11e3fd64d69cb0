package dev.sjl.localcloud.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Request-reading helpers that turn a missing or mistyped member into the ValidationException AWS returns. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static String requiredText(JsonNode request, String field) {
        JsonNode node = request.get(field);
        if (node == null || !node.isTextual() || node.asText().isEmpty()) {
            throw AwsJsonException.validation("1 validation error detected: Value at '" + lower(field)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return node.asText();
    }

    static String optionalText(JsonNode request, String field, String fallback) {
        JsonNode node = request.get(field);
        return node != null && node.isTextual() ? node.asText() : fallback;
    }

    static boolean flag(JsonNode request, String field) {
        JsonNode node = request.get(field);
        return node != null && node.asBoolean(false);
    }

    /** AWS timestamps in the JSON protocol: epoch seconds with a fraction. */
    static double epochSeconds(java.time.Instant at) {
        return at.toEpochMilli() / 1000.0;
    }

    private static String lower(String field) {
        return Character.toLowerCase(field.charAt(0)) + field.substring(1);
    }
}
