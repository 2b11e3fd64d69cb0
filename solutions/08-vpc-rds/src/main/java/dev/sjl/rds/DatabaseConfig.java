package dev.sjl.rds;

import dev.sjl.lambda.ConfigurationException;
import dev.sjl.lambda.Env;
import dev.sjl.lambda.EnvVar;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where the function finds its database: the <em>name or ARN</em> of the RDS secret, never the password. Lambda shows
 * environment variables to anyone allowed {@code lambda:GetFunctionConfiguration}, copies them into every version, and
 * a rotation would have to redeploy the function; the secret is read at init, with the function's own IAM role.
 *
 * @param secretId the secret's name or ARN
 * @param sslMode  the JDBC driver's {@code sslmode}: {@code verify-full} on RDS (with its CA bundle), {@code disable}
 *                 only for the local PostgreSQL, which serves no TLS
 */
public record DatabaseConfig(String secretId, String sslMode) {

    public static final EnvVar DB_SECRET_ID = new EnvVar("DB_SECRET_ID", true, false,
            "name or ARN of the Secrets Manager secret in RDS's JSON shape (host, port, dbname, username, password)");
    public static final EnvVar DB_SSL_MODE = new EnvVar("DB_SSL_MODE", false, false,
            "the JDBC sslmode: require (default), verify-full, or disable for the local PostgreSQL");

    public static final List<EnvVar> ENVIRONMENT = List.of(DB_SECRET_ID, DB_SSL_MODE);

    /** Names under which a database password turns up in Lambda configurations (the seed's and libpq's). */
    public static final List<String> PASSWORD_VARIABLES = List.of("DB_PASSWORD", "DATABASE_PASSWORD", "PGPASSWORD",
            "POSTGRES_PASSWORD", "RDS_PASSWORD", "DATABASE_URL");

    private static final Set<String> SSL_MODES = Set.of("disable", "require", "verify-ca", "verify-full");

    // tag::database-config[]
    /**
     * The configuration from the function's environment. Refuses to start when a password (or a URL that may carry
     * one) is in the environment too: it would be a second, unrotated copy, and someone would start using it.
     */
    public static DatabaseConfig from(Map<String, String> variables) {
        // BEGIN TASK 2
        Env env = new Env(variables);
        for (String name : PASSWORD_VARIABLES) {
            if (variables.containsKey(name)) {
                throw new ConfigurationException(name, name + " is set: a database password must not be in an "
                        + "environment variable (the value is not shown). Remove it; the function reads "
                        + DB_SECRET_ID.name() + " from Secrets Manager.");
            }
        }
        String sslMode = env.optional(DB_SSL_MODE).map(String::strip).orElse("require");
        if (!SSL_MODES.contains(sslMode)) {
            throw new ConfigurationException(DB_SSL_MODE.name(), DB_SSL_MODE.name()
                    + " must be one of disable, require, verify-ca, verify-full, but is \"" + sslMode + "\".");
        }
        return new DatabaseConfig(env.require(DB_SECRET_ID).strip(), sslMode);
        // STARTER
        //| // TODO: the secret's id is required (new Env(variables).require). A password in the environment (any of PASSWORD_VARIABLES,
        //| //  in variables) is refused with a ConfigurationException naming the variable, never its value. DB_SSL_MODE is
        //| //  optional: require when absent, one of disable/require/verify-ca/verify-full otherwise.
        //| throw new UnsupportedOperationException("Task 2: read the secret's id, and refuse a password in the environment");
        // END TASK 2
    }
    // end::database-config[]
}
