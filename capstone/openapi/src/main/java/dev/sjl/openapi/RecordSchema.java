package dev.sjl.openapi;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The JSON Schema (2020-12, as OpenAPI 3.1 uses it) of a record the functions read or write, derived from the record's
 * components so that a field added, renamed or retyped in the code changes the document (and the drift test says so).
 * What the types cannot tell (a format, a bound, which field may be null) is added here, next to the route it serves.
 *
 * <p>The shapes follow the functions' own mapper ({@code dev.sjl.http.Json}): every component is written, {@code null}
 * included, unless the record says {@code @JsonInclude(NON_NULL)}; an unknown field in a request is a 400.
 */
final class RecordSchema {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Class<? extends Record> type;
    private final boolean request;
    private final Map<String, ObjectNode> extras = new LinkedHashMap<>();
    private final Set<String> nullable = new LinkedHashSet<>();
    private final Set<String> optional = new LinkedHashSet<>();
    private final Map<Class<? extends Record>, RecordSchema> nestedSchemas = new LinkedHashMap<>();
    private String description;

    private RecordSchema(Class<? extends Record> type, boolean request) {
        this.type = type;
        this.request = request;
    }

    /** A request body: every field required unless said otherwise, no other field accepted. */
    static RecordSchema request(Class<? extends Record> type) {
        return new RecordSchema(type, true);
    }

    /** A response body: every field present (maybe null when said so) unless the record leaves nulls out. */
    static RecordSchema response(Class<? extends Record> type) {
        return new RecordSchema(type, false);
    }

    String name() {
        return type.getSimpleName();
    }

    Class<? extends Record> type() {
        return type;
    }

    RecordSchema description(String text) {
        this.description = text;
        return this;
    }

    /** Adds JSON Schema keywords to one field, e.g. {@code "format", "email"}; pairs of key and value. */
    RecordSchema field(String field, Object... keywordsAndValues) {
        component(field);
        if (keywordsAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("Keywords and values come in pairs: " + List.of(keywordsAndValues));
        }
        ObjectNode node = extras.computeIfAbsent(field, f -> NODES.objectNode());
        for (int i = 0; i < keywordsAndValues.length; i += 2) {
            node.set((String) keywordsAndValues[i], OpenApiDocument.MAPPER.valueToTree(keywordsAndValues[i + 1]));
        }
        return this;
    }

    /** The field is written as JSON null when the function has no value for it. */
    RecordSchema nullable(String... fields) {
        for (String field : fields) {
            component(field);
            nullable.add(field);
        }
        return this;
    }

    /** The field may be left out of the body. */
    RecordSchema optional(String... fields) {
        for (String field : fields) {
            component(field);
            optional.add(field);
        }
        return this;
    }

    ObjectNode toSchema() {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", "object");
        if (description != null) {
            schema.put("description", description);
        }
        boolean leavesNullsOut = type.isAnnotationPresent(JsonInclude.class)
                && type.getAnnotation(JsonInclude.class).value() == JsonInclude.Include.NON_NULL;
        ObjectNode properties = schema.putObject("properties");
        ArrayNode required = NODES.arrayNode();
        for (RecordComponent component : type.getRecordComponents()) {
            String name = component.getName();
            ObjectNode property = typeOf(component.getGenericType(), name);
            if (nullable.contains(name)) {
                if (!property.has("type")) {
                    throw new IllegalArgumentException(name + " of " + type.getName() + " is a record: not nullable here");
                }
                property.set("type", NODES.arrayNode().add(property.get("type").asText()).add("null"));
            }
            ObjectNode extra = extras.get(name);
            if (extra != null) {
                property.setAll(extra);
            }
            properties.set(name, property);
            if (!optional.contains(name) && !(leavesNullsOut && !request)) {
                required.add(name);
            }
        }
        if (!required.isEmpty()) {
            schema.set("required", required);
        }
        if (request) {
            // The functions' mapper fails on an unknown property: a userId slipped into a body is a 400, not ignored.
            schema.put("additionalProperties", false);
        }
        return schema;
    }

    /** The schemas of the records this one's fields hold: custom ones when given, the plain response shape if not. */
    List<RecordSchema> nested() {
        List<RecordSchema> found = new java.util.ArrayList<>();
        for (RecordComponent component : type.getRecordComponents()) {
            collect(component.getGenericType(), found);
        }
        return found;
    }

    /** Describes a record that one of this record's fields holds (its nullable fields, its formats). */
    RecordSchema with(RecordSchema nestedSchema) {
        nestedSchemas.put(nestedSchema.type, nestedSchema);
        return this;
    }

    private void collect(Type type, List<RecordSchema> found) {
        if (type instanceof ParameterizedType generic) {
            for (Type argument : generic.getActualTypeArguments()) {
                collect(argument, found);
            }
        } else if (type instanceof Class<?> nested && nested.isRecord()) {
            @SuppressWarnings("unchecked")
            Class<? extends Record> record = (Class<? extends Record>) nested;
            found.add(nestedSchemas.getOrDefault(record, request ? request(record) : response(record)));
        }
    }

    private RecordComponent component(String field) {
        for (RecordComponent component : type.getRecordComponents()) {
            if (component.getName().equals(field)) {
                return component;
            }
        }
        throw new IllegalArgumentException(type.getName() + " has no field '" + field + "'");
    }

    private static ObjectNode typeOf(Type type, String field) {
        ObjectNode node = NODES.objectNode();
        if (type == String.class) {
            node.put("type", "string");
        } else if (type == Long.class || type == long.class) {
            node.put("type", "integer").put("format", "int64");
        } else if (type == Integer.class || type == int.class) {
            node.put("type", "integer").put("format", "int32");
        } else if (type == Boolean.class || type == boolean.class) {
            node.put("type", "boolean");
        } else if (type instanceof ParameterizedType generic && generic.getRawType() == List.class) {
            node.put("type", "array");
            node.set("items", typeOf(generic.getActualTypeArguments()[0], field));
        } else if (type instanceof ParameterizedType generic && generic.getRawType() == Map.class
                && generic.getActualTypeArguments()[0] == String.class) {
            node.put("type", "object");
            node.set("additionalProperties", typeOf(generic.getActualTypeArguments()[1], field));
        } else if (type instanceof Class<?> nested && nested.isRecord()) {
            // A record inside a body is a component of its own, referenced (UsersPage.users -> UserSummary).
            node.put("$ref", "#/components/schemas/" + nested.getSimpleName());
        } else {
            throw new IllegalArgumentException("No JSON Schema mapping for field '" + field + "' of type " + type);
        }
        return node;
    }

    static JsonNode ref(String name) {
        return NODES.objectNode().put("$ref", "#/components/schemas/" + name);
    }
}
