package dev.sjl.localcloud.fakes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An EventBridge event pattern, compiled once and matched against events, following AWS's
 * <a href="https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html">content
 * filtering</a> rules: every field the pattern names must be in the event (except under {@code exists: false}); a
 * leaf is an array of alternatives, any of which may match; when the event's value is an array, one of its elements
 * matching is enough. Supported: exact strings, numbers, booleans and null; {@code prefix} and {@code suffix} (also
 * with {@code equals-ignore-case}); {@code anything-but} (a value, a list, a {@code prefix}, a {@code suffix});
 * {@code numeric} with up to two comparisons; {@code exists} (on leaves only); {@code equals-ignore-case};
 * {@code wildcard}; and {@code $or}. {@code cidr} is refused as not emulated.
 */
public final class EventPattern {

    private final JsonNode pattern;

    private EventPattern(JsonNode pattern) {
        this.pattern = pattern;
    }

    /** Parses and checks a pattern; a pattern AWS would refuse throws {@code InvalidEventPatternException}. */
    public static EventPattern parse(String json) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw invalid("Filter is not valid JSON");
        }
        if (node == null || !node.isObject() || node.isEmpty()) {
            throw invalid("Filter is not an object");
        }
        checkObject(node);
        return new EventPattern(node);
    }

    /** Whether {@code event} (the whole event: source, detail-type, detail, …) matches. */
    public boolean matches(JsonNode event) {
        return matchesObject(pattern, event);
    }

    private static boolean matchesObject(JsonNode pattern, JsonNode event) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("$or")) {
                boolean any = false;
                for (JsonNode alternative : field.getValue()) {
                    any |= matchesObject(alternative, event);
                }
                if (!any) {
                    return false;
                }
                continue;
            }
            JsonNode value = event == null || !event.isObject() ? null : event.get(field.getKey());
            if (field.getValue().isObject()) {
                if (value == null || !value.isObject() || !matchesObject(field.getValue(), value)) {
                    return false;
                }
            } else if (!matchesLeaf(field.getValue(), value)) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesLeaf(JsonNode alternatives, JsonNode value) {
        for (JsonNode matcher : alternatives) {
            if (matcher.isObject() && matcher.has("exists")) {
                boolean present = value != null && !value.isObject() && !(value.isArray() && value.isEmpty());
                if (present == matcher.get("exists").asBoolean()) {
                    return true;
                }
                continue;
            }
            if (value == null) {
                continue;
            }
            if (value.isArray()) {
                for (JsonNode element : value) {
                    if (matchesOne(matcher, element)) {
                        return true;
                    }
                }
            } else if (matchesOne(matcher, value)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesOne(JsonNode matcher, JsonNode value) {
        if (!matcher.isObject()) {
            return equal(matcher, value);
        }
        Map.Entry<String, JsonNode> operator = matcher.fields().next();
        JsonNode operand = operator.getValue();
        return switch (operator.getKey()) {
            case "prefix" -> value.isTextual() && affix(operand, value.asText(), true);
            case "suffix" -> value.isTextual() && affix(operand, value.asText(), false);
            case "equals-ignore-case" -> value.isTextual() && value.asText().equalsIgnoreCase(operand.asText());
            case "wildcard" -> value.isTextual() && wildcard(operand.asText()).matcher(value.asText()).matches();
            case "numeric" -> value.isNumber() && numeric(operand, value.decimalValue());
            case "anything-but" -> !anythingButExcludes(operand, value);
            default -> false;
        };
    }

    private static boolean anythingButExcludes(JsonNode operand, JsonNode value) {
        if (operand.isArray()) {
            for (JsonNode excluded : operand) {
                if (equal(excluded, value)) {
                    return true;
                }
            }
            return false;
        }
        if (operand.isObject()) {
            Map.Entry<String, JsonNode> inner = operand.fields().next();
            if (!value.isTextual()) {
                return false;
            }
            return switch (inner.getKey()) {
                case "prefix" -> affix(inner.getValue(), value.asText(), true);
                case "suffix" -> affix(inner.getValue(), value.asText(), false);
                case "wildcard" -> wildcard(inner.getValue().asText()).matcher(value.asText()).matches();
                default -> { // equals-ignore-case: a string or a list of them
                    boolean hit = false;
                    for (JsonNode s : inner.getValue().isArray() ? inner.getValue() : Json.MAPPER.createArrayNode().add(inner.getValue())) {
                        hit |= s.asText().equalsIgnoreCase(value.asText());
                    }
                    yield hit;
                }
            };
        }
        return equal(operand, value);
    }

    private static boolean affix(JsonNode operand, String text, boolean prefix) {
        if (operand.isObject()) {
            String affix = operand.get("equals-ignore-case").asText().toLowerCase(Locale.ROOT);
            String lower = text.toLowerCase(Locale.ROOT);
            return prefix ? lower.startsWith(affix) : lower.endsWith(affix);
        }
        return prefix ? text.startsWith(operand.asText()) : text.endsWith(operand.asText());
    }

    private static boolean numeric(JsonNode comparisons, BigDecimal value) {
        for (int i = 0; i < comparisons.size(); i += 2) {
            int c = value.compareTo(comparisons.get(i + 1).decimalValue());
            boolean ok = switch (comparisons.get(i).asText()) {
                case "=" -> c == 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                default -> c >= 0;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean equal(JsonNode expected, JsonNode value) {
        if (expected.isNumber() && value.isNumber()) {
            return expected.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        if (expected.isNull()) {
            return value.isNull();
        }
        return expected.getNodeType() == value.getNodeType() && expected.asText().equals(value.asText());
    }

    private static Pattern wildcard(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    // --- validation, with the reasons AWS gives where we know them ---

    private static void checkObject(JsonNode pattern) {
        for (Iterator<Map.Entry<String, JsonNode>> fields = pattern.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            if (field.getKey().equals("$or")) {
                if (!value.isArray() || value.size() < 2) {
                    throw invalid("$or must hold at least two patterns");
                }
                for (JsonNode alternative : value) {
                    if (!alternative.isObject()) {
                        throw invalid("$or must hold patterns (objects)");
                    }
                    checkObject(alternative);
                }
            } else if (value.isObject()) {
                checkObject(value);
            } else if (value.isArray()) {
                if (value.isEmpty()) {
                    throw invalid("Empty arrays are not allowed");
                }
                value.forEach(EventPattern::checkMatcher);
            } else {
                throw invalid("\"" + field.getKey() + "\" must be an object or an array");
            }
        }
    }

    private static void checkMatcher(JsonNode matcher) {
        if (!matcher.isObject()) {
            if (matcher.isArray()) {
                throw invalid("Arrays inside arrays are not allowed");
            }
            return;
        }
        if (matcher.size() != 1) {
            throw invalid("A matcher object must have exactly one operator");
        }
        Map.Entry<String, JsonNode> operator = matcher.fields().next();
        JsonNode operand = operator.getValue();
        switch (operator.getKey()) {
            case "prefix", "suffix" -> {
                if (!operand.isTextual() && !(operand.isObject() && operand.size() == 1 && operand.path("equals-ignore-case").isTextual())) {
                    throw invalid(operator.getKey() + " match pattern must be a string or {\"equals-ignore-case\": string}");
                }
            }
            case "equals-ignore-case", "wildcard" -> {
                if (!operand.isTextual()) {
                    throw invalid(operator.getKey() + " match pattern must be a string");
                }
            }
            case "exists" -> {
                if (!operand.isBoolean()) {
                    throw invalid("exists match pattern must be either true or false.");
                }
            }
            case "numeric" -> checkNumeric(operand);
            case "anything-but" -> checkAnythingBut(operand);
            case "cidr" -> throw invalid("cidr matching is not emulated by the local cloud");
            default -> throw invalid("Unrecognized match type " + operator.getKey());
        }
    }

    private static void checkNumeric(JsonNode operand) {
        if (!operand.isArray() || operand.isEmpty() || operand.size() % 2 != 0 || operand.size() > 4) {
            throw invalid("numeric takes one or two pairs of an operator and a number");
        }
        List<String> operators = new ArrayList<>();
        for (int i = 0; i < operand.size(); i += 2) {
            String op = operand.get(i).asText("");
            if (!List.of("=", "<", "<=", ">", ">=").contains(op) || !operand.get(i + 1).isNumber()) {
                throw invalid("Unrecognized numeric range operator or value: " + operand.get(i) + " " + operand.get(i + 1));
            }
            operators.add(op);
        }
        if (operators.size() == 2 && (!operators.get(0).startsWith(">") || !operators.get(1).startsWith("<"))) {
            throw invalid("A numeric range takes a lower bound (> or >=) then an upper bound (< or <=)");
        }
    }

    private static void checkAnythingBut(JsonNode operand) {
        if (operand.isTextual() || operand.isNumber()) {
            return;
        }
        if (operand.isArray()) {
            for (JsonNode value : operand) {
                if (!value.isTextual() && !value.isNumber()) {
                    throw invalid("Inside anything but list, start|null|boolean is not supported.");
                }
            }
            return;
        }
        if (operand.isObject() && operand.size() == 1) {
            String key = operand.fieldNames().next();
            JsonNode inner = operand.get(key);
            if ((key.equals("prefix") || key.equals("suffix") || key.equals("wildcard")) && inner.isTextual()) {
                return;
            }
            if (key.equals("equals-ignore-case") && (inner.isTextual() || inner.isArray())) {
                return;
            }
        }
        throw invalid("Value of anything-but must be an array or single string/number value.");
    }

    private static AwsJsonException invalid(String reason) {
        return new AwsJsonException("InvalidEventPatternException", "Event pattern is not valid. Reason: " + reason);
    }
}
