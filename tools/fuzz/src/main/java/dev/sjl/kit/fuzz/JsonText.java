package dev.sjl.kit.fuzz;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A valid JSON object as a list of fields, each kept as JSON text, so that one field's value or name can be replaced
 * by text no JSON library would write (a raw control character, a 10,000-digit number, an unclosed array).
 */
final class JsonText {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One field: its name as a JSON string literal (quotes included) and its value as JSON text. */
    private record Field(String name, String value, boolean isString) {
    }

    private final List<Field> fields;

    private JsonText(List<Field> fields) {
        this.fields = List.copyOf(fields);
    }

    /**
     * Reads a caller's valid body. A body that is not a JSON object is wrapped as {@code {"value": body}}, so every
     * strategy still has a field to work on.
     *
     * @throws IllegalArgumentException when the body is not JSON at all (a valid body must be valid)
     */
    static JsonText parse(String validBody) {
        JsonNode node;
        try {
            node = MAPPER.readTree(validBody);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A valid body must be valid JSON: " + Text.shown(validBody, 80), e);
        }
        List<Field> fields = new ArrayList<>();
        if (node != null && node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.add(new Field(quote(field.getKey()), field.getValue().toString(), field.getValue().isTextual()));
            }
        } else if (node != null && !node.isMissingNode()) {
            fields.add(new Field(quote("value"), node.toString(), node.isTextual()));
        }
        if (fields.isEmpty()) {
            fields.add(new Field(quote("name"), quote("Ada"), true));
        }
        return new JsonText(fields);
    }

    /** A JSON string literal: {@code "a\"b"}. */
    static String quote(String text) {
        return TextNode.valueOf(text).toString();
    }

    int size() {
        return fields.size();
    }

    /** The index of a field whose value is a string, or of any field when none is. */
    int stringField(java.util.Random random) {
        List<Integer> strings = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).isString()) {
                strings.add(i);
            }
        }
        return strings.isEmpty() ? random.nextInt(fields.size()) : strings.get(random.nextInt(strings.size()));
    }

    /** The name of field {@code i}, without quotes (JSON escapes kept as they are). */
    String name(int i) {
        String quoted = fields.get(i).name();
        return quoted.substring(1, quoted.length() - 1);
    }

    String value(int i) {
        return fields.get(i).value();
    }

    String render() {
        return render(fields);
    }

    /** The object with field {@code i}'s value replaced by {@code valueJson}, written as given. */
    String withValue(int i, String valueJson) {
        List<Field> changed = new ArrayList<>(fields);
        changed.set(i, new Field(fields.get(i).name(), valueJson, false));
        return render(changed);
    }

    /** The object with one more field at the end; {@code nameJson} is the name's literal, quotes included. */
    String withExtra(String nameJson, String valueJson) {
        List<Field> changed = new ArrayList<>(fields);
        changed.add(new Field(nameJson, valueJson, false));
        return render(changed);
    }

    /** The object with text inserted into field {@code i}'s string value, after {@code offset} of its characters. */
    String withInsideValue(int i, int offset, String raw) {
        String value = fields.get(i).value();
        int at = value.startsWith("\"") ? 1 + Math.min(offset, Math.max(0, value.length() - 2)) : value.length();
        String inserted = value.startsWith("\"") ? value.substring(0, at) + raw + value.substring(at)
                : quote("x").replace("x", raw);
        return withValue(i, inserted);
    }

    private static String render(List<Field> fields) {
        StringBuilder out = new StringBuilder("{");
        for (int i = 0; i < fields.size(); i++) {
            out.append(i == 0 ? "" : ",").append(fields.get(i).name()).append(':').append(fields.get(i).value());
        }
        return out.append('}').toString();
    }
}
