package dev.sjl.localcloud.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * SSM Parameter Store: PutParameter, GetParameter, GetParameters, GetParametersByPath (recursive or one level,
 * paginated by 10 like AWS), DeleteParameter, DeleteParameters. A SecureString read without {@code WithDecryption}
 * comes back as an opaque blob, as it would from KMS, so code that forgets the flag fails here too.
 */
final class SsmFake implements AwsJsonService {
    private static final Set<String> TYPES = Set.of("String", "StringList", "SecureString");
    private static final int PAGE = 10;

    private record Parameter(String name, String type, String value, long version, Instant modified, String description) {
    }

    private final Map<String, Parameter> parameters = new ConcurrentSkipListMap<>();

    /** Forgets every parameter and its history (the local cloud's reset). */
    public int reset() {
        int count = parameters.size();
        parameters.clear();
        return count;
    }

    @Override
    public String targetPrefix() {
        return "AmazonSSM";
    }

    @Override
    public ObjectNode handle(String operation, JsonNode request) {
        return switch (operation) {
            case "PutParameter" -> put(request);
            case "GetParameter" -> get(request);
            case "GetParameters" -> getMany(request);
            case "GetParametersByPath" -> byPath(request);
            case "DeleteParameter" -> delete(request);
            case "DeleteParameters" -> deleteMany(request);
            default -> throw new AwsJsonException("UnknownOperationException", "The SSM fake does not implement " + operation);
        };
    }

    private synchronized ObjectNode put(JsonNode request) {
        String name = validName(Json.requiredText(request, "Name"));
        String value = Json.requiredText(request, "Value");
        Parameter existing = parameters.get(name);
        String type = Json.optionalText(request, "Type", existing == null ? null : existing.type());
        if (type == null) {
            throw AwsJsonException.validation("A parameter type is required when you create a parameter.");
        }
        if (!TYPES.contains(type)) {
            throw AwsJsonException.validation("Value '" + type + "' at 'type' failed to satisfy constraint: Member must satisfy enum value set: " + TYPES);
        }
        if (existing != null && !Json.flag(request, "Overwrite")) {
            throw new AwsJsonException("ParameterAlreadyExists", "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
        }
        long version = existing == null ? 1 : existing.version() + 1;
        parameters.put(name, new Parameter(name, type, value, version, Instant.now(),
                Json.optionalText(request, "Description", existing == null ? null : existing.description())));
        return Json.object().put("Version", version).put("Tier", "Standard");
    }

    private ObjectNode get(JsonNode request) {
        String name = Json.requiredText(request, "Name");
        Parameter parameter = parameters.get(name);
        if (parameter == null) {
            throw new AwsJsonException("ParameterNotFound", "Parameter " + name + " not found.");
        }
        ObjectNode response = Json.object();
        response.set("Parameter", render(parameter, Json.flag(request, "WithDecryption")));
        return response;
    }

    private ObjectNode getMany(JsonNode request) {
        JsonNode names = request.get("Names");
        if (names == null || !names.isArray() || names.isEmpty() || names.size() > 10) {
            throw AwsJsonException.validation("Names must hold between 1 and 10 parameter names.");
        }
        boolean decrypt = Json.flag(request, "WithDecryption");
        ObjectNode response = Json.object();
        ArrayNode found = response.putArray("Parameters");
        ArrayNode invalid = response.putArray("InvalidParameters");
        for (JsonNode n : names) {
            Parameter parameter = parameters.get(n.asText());
            if (parameter == null) {
                invalid.add(n.asText());
            } else {
                found.add(render(parameter, decrypt));
            }
        }
        return response;
    }

    private ObjectNode byPath(JsonNode request) {
        String path = Json.requiredText(request, "Path");
        if (!path.startsWith("/")) {
            throw AwsJsonException.validation("The parameter path must begin with a forward slash (/).");
        }
        String prefix = path.endsWith("/") ? path : path + "/";
        boolean recursive = Json.flag(request, "Recursive");
        int max = request.has("MaxResults") ? request.get("MaxResults").asInt(PAGE) : PAGE;
        if (max < 1 || max > PAGE) {
            throw AwsJsonException.validation("MaxResults must be between 1 and " + PAGE + ".");
        }
        List<Parameter> matches = new ArrayList<>();
        for (Parameter p : parameters.values()) {
            if (p.name().startsWith(prefix) && (recursive || p.name().indexOf('/', prefix.length()) < 0)) {
                matches.add(p);
            }
        }
        int start = 0;
        String token = Json.optionalText(request, "NextToken", null);
        if (token != null) {
            try {
                start = Integer.parseInt(token);
            } catch (NumberFormatException e) {
                throw AwsJsonException.validation("The NextToken is not valid.");
            }
        }
        boolean decrypt = Json.flag(request, "WithDecryption");
        ObjectNode response = Json.object();
        ArrayNode page = response.putArray("Parameters");
        int end = Math.min(matches.size(), start + max);
        for (int i = start; i < end; i++) {
            page.add(render(matches.get(i), decrypt));
        }
        if (end < matches.size()) {
            response.put("NextToken", Integer.toString(end));
        }
        return response;
    }

    private ObjectNode delete(JsonNode request) {
        String name = Json.requiredText(request, "Name");
        if (parameters.remove(name) == null) {
            throw new AwsJsonException("ParameterNotFound", "Parameter " + name + " not found.");
        }
        return Json.object();
    }

    private ObjectNode deleteMany(JsonNode request) {
        ObjectNode response = Json.object();
        ArrayNode deleted = response.putArray("DeletedParameters");
        ArrayNode invalid = response.putArray("InvalidParameters");
        JsonNode names = request.get("Names");
        if (names != null && names.isArray()) {
            for (JsonNode n : names) {
                (parameters.remove(n.asText()) != null ? deleted : invalid).add(n.asText());
            }
        }
        return response;
    }

    private static ObjectNode render(Parameter p, boolean decrypt) {
        String value = "SecureString".equals(p.type()) && !decrypt ? opaque(p.value()) : p.value();
        return Json.object()
                .put("Name", p.name())
                .put("Type", p.type())
                .put("Value", value)
                .put("Version", p.version())
                .put("LastModifiedDate", Json.epochSeconds(p.modified()))
                .put("ARN", "arn:aws:ssm:us-east-1:000000000000:parameter/" + (p.name().startsWith("/") ? p.name().substring(1) : p.name()))
                .put("DataType", "text");
    }

    /** Stands in for a KMS ciphertext: stable, not the value, and not reversible to it. */
    private static String opaque(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return "AQICAH" + Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String validName(String name) {
        if (name.length() > 2048 || !name.matches("[a-zA-Z0-9_.\\-/]+")) {
            throw AwsJsonException.validation("Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive) "
                    + "and must use only a-zA-Z0-9_.-/");
        }
        String lower = name.startsWith("/") ? name.substring(1).toLowerCase() : name.toLowerCase();
        if (lower.startsWith("aws") || lower.startsWith("ssm")) {
            throw AwsJsonException.validation("Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive).");
        }
        return name;
    }
}
