package dev.sjl.rds;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * The secret RDS creates for a database's master user (and the one its rotation functions update), as JSON:
 * {@code {"engine":"postgres","host":"…","port":5432,"username":"…","password":"…","dbname":"…"}}.
 */
public record DatabaseSecret(String host, int port, String dbname, String username, String password) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A record prints every field: this one never prints the password, in a log line or an exception. */
    @Override
    public String toString() {
        return "DatabaseSecret[" + username + "@" + host + ":" + port + "/" + dbname + ", password hidden]";
    }

    // tag::parse-secret[]
    /**
     * Reads RDS's shape. A secret that is not JSON or lacks a field fails with a message that names the field and
     * never quotes the secret, which holds the password. {@code port} may be a number or a string (both are seen).
     */
    public static DatabaseSecret parse(String secretString) {
        // BEGIN TASK 2
        JsonNode json;
        try {
            json = secretString == null ? null : JSON.readTree(secretString);
        } catch (IOException notJson) {
            // Not e.getMessage(): Jackson quotes the text around the error, which is the secret.
            throw new IllegalStateException("The database secret is not JSON (its value is not shown).");
        }
        if (json == null || !json.isObject()) {
            throw new IllegalStateException("The database secret is not a JSON object in RDS's shape (its value is not shown).");
        }
        int port;
        try {
            port = Integer.parseInt(text(json, "port"));
        } catch (NumberFormatException notANumber) {
            throw new IllegalStateException("The database secret's \"port\" is not a number.");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalStateException("The database secret's \"port\" is not a TCP port.");
        }
        return new DatabaseSecret(text(json, "host"), port, text(json, "dbname"), text(json, "username"),
                text(json, "password"));
        // STARTER
        //| // TODO: parse with Jackson; host, port, dbname, username, password are all required (port as a number or a
        //| //  string). Fail with IllegalStateException naming the missing field, never quoting the secret, and never
        //| //  passing on Jackson's message: it quotes the input.
        //| throw new UnsupportedOperationException("Task 2: parse the RDS secret's JSON");
        // END TASK 2
    }
    // end::parse-secret[]

    // BEGIN TASK 2
    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !(value.isTextual() || value.isNumber()) || value.asText().isBlank()) {
            throw new IllegalStateException("The database secret has no \"" + field + "\" (RDS's shape: host, port, "
                    + "dbname, username, password).");
        }
        return value.asText();
    }
    // END TASK 2
}
