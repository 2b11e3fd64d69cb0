package dev.sjl.localcloud.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Secrets Manager: CreateSecret, GetSecretValue (AWSCURRENT / AWSPREVIOUS), PutSecretValue (rotates the stages),
 * DescribeSecret, ListSecrets (name filter), DeleteSecret. A secret is found by name or ARN, as on AWS.
 */
final class SecretsManagerFake implements AwsJsonService {
    private static final String CURRENT = "AWSCURRENT";
    private static final String PREVIOUS = "AWSPREVIOUS";

    private record Version(String id, String string, String binary, Instant created) {
    }

    private static final class Secret {
        final String name;
        final String arn;
        final String description;
        final Instant created;
        Version current;
        Version previous;

        Secret(String name, String description) {
            this.name = name;
            // AWS appends six random characters, so code must not build secret ARNs by hand.
            this.arn = "arn:aws:secretsmanager:us-east-1:000000000000:secret:" + name + "-"
                    + UUID.randomUUID().toString().substring(0, 6);
            this.description = description;
            this.created = Instant.now();
        }
    }

    private final Map<String, Secret> secrets = new ConcurrentSkipListMap<>();

    /** Forgets every secret, those scheduled for deletion included (the local cloud's reset). */
    public int reset() {
        int count = secrets.size();
        secrets.clear();
        return count;
    }

    @Override
    public String targetPrefix() {
        return "secretsmanager";
    }

    @Override
    public ObjectNode handle(String operation, JsonNode request) {
        return switch (operation) {
            case "CreateSecret" -> create(request);
            case "GetSecretValue" -> getValue(request);
            case "PutSecretValue" -> putValue(request);
            case "DescribeSecret" -> describe(request);
            case "ListSecrets" -> list(request);
            case "DeleteSecret" -> delete(request);
            default -> throw new AwsJsonException("UnknownOperationException", "The Secrets Manager fake does not implement " + operation);
        };
    }

    private synchronized ObjectNode create(JsonNode request) {
        String name = Json.requiredText(request, "Name");
        if (!name.matches("[a-zA-Z0-9/_+=.@\\-]{1,512}")) {
            throw new AwsJsonException("ValidationException", "Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!");
        }
        if (secrets.containsKey(name)) {
            throw new AwsJsonException("ResourceExistsException", "The operation failed because the secret " + name + " already exists.");
        }
        Secret secret = new Secret(name, Json.optionalText(request, "Description", null));
        Version version = version(request, true);
        secret.current = version;
        secrets.put(name, secret);
        return identity(secret).put("VersionId", version.id());
    }

    private ObjectNode getValue(JsonNode request) {
        Secret secret = find(Json.requiredText(request, "SecretId"));
        String stage = Json.optionalText(request, "VersionStage", CURRENT);
        Version version;
        synchronized (this) {
            version = switch (stage) {
                case CURRENT -> secret.current;
                case PREVIOUS -> secret.previous;
                default -> null;
            };
        }
        if (version == null) {
            throw new AwsJsonException("ResourceNotFoundException", "Secrets Manager can't find the specified secret value for staging label: " + stage);
        }
        ObjectNode response = identity(secret).put("VersionId", version.id());
        if (version.string() != null) {
            response.put("SecretString", version.string());
        }
        if (version.binary() != null) {
            response.put("SecretBinary", version.binary());
        }
        response.putArray("VersionStages").add(stage);
        response.put("CreatedDate", Json.epochSeconds(version.created()));
        return response;
    }

    private synchronized ObjectNode putValue(JsonNode request) {
        Secret secret = find(Json.requiredText(request, "SecretId"));
        Version version = version(request, false);
        secret.previous = secret.current;
        secret.current = version;
        ObjectNode response = identity(secret).put("VersionId", version.id());
        response.putArray("VersionStages").add(CURRENT);
        return response;
    }

    private ObjectNode describe(JsonNode request) {
        Secret secret = find(Json.requiredText(request, "SecretId"));
        ObjectNode response = identity(secret).put("CreatedDate", Json.epochSeconds(secret.created));
        if (secret.description != null) {
            response.put("Description", secret.description);
        }
        return response;
    }

    private ObjectNode list(JsonNode request) {
        String namePrefix = null;
        JsonNode filters = request.get("Filters");
        if (filters != null && filters.isArray()) {
            for (JsonNode filter : filters) {
                if ("name".equals(filter.path("Key").asText()) && filter.path("Values").isArray() && !filter.path("Values").isEmpty()) {
                    namePrefix = filter.path("Values").get(0).asText();
                }
            }
        }
        ObjectNode response = Json.object();
        ArrayNode list = response.putArray("SecretList");
        for (Secret secret : secrets.values()) {
            if (namePrefix == null || secret.name.startsWith(namePrefix)) {
                list.add(identity(secret));
            }
        }
        return response;
    }

    private ObjectNode delete(JsonNode request) {
        Secret secret = find(Json.requiredText(request, "SecretId"));
        secrets.remove(secret.name);
        return identity(secret).put("DeletionDate", Json.epochSeconds(Instant.now()));
    }

    private Secret find(String id) {
        Secret byName = secrets.get(id);
        if (byName != null) {
            return byName;
        }
        return secrets.values().stream().filter(s -> s.arn.equals(id)).findFirst()
                .orElseThrow(() -> new AwsJsonException("ResourceNotFoundException", "Secrets Manager can't find the specified secret."));
    }

    private static Version version(JsonNode request, boolean optional) {
        String string = Json.optionalText(request, "SecretString", null);
        String binary = Json.optionalText(request, "SecretBinary", null);
        if (string != null && binary != null) {
            throw new AwsJsonException("InvalidParameterException", "You can't specify both a binary secret value and a string secret value in the same secret.");
        }
        if (string == null && binary == null && !optional) {
            throw new AwsJsonException("InvalidRequestException", "You must provide either SecretString or SecretBinary.");
        }
        String id = Json.optionalText(request, "ClientRequestToken", UUID.randomUUID().toString());
        return new Version(id, string, binary, Instant.now());
    }

    private static ObjectNode identity(Secret secret) {
        return Json.object().put("ARN", secret.arn).put("Name", secret.name);
    }
}
