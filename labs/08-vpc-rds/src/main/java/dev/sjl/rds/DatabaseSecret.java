package dev.sjl.rds;

import com.fasterxml.jackson.databind.ObjectMapper;

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
        // TODO: parse with Jackson; host, port, dbname, username, password are all required (port as a number or a
        //  string). Fail with IllegalStateException naming the missing field, never quoting the secret, and never
        //  passing on Jackson's message: it quotes the input.
        throw new UnsupportedOperationException("Task 2: parse the RDS secret's JSON");
    }
    // end::parse-secret[]

}
