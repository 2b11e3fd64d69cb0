package dev.sjl.localcloud;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * How to reach one database of the local PostgreSQL: what an RDS instance's endpoint and its master-user secret tell a
 * Lambda function. {@link #toString()} leaves the password out, so logging this object cannot leak it.
 *
 * @param host     the loopback address the server listens on
 * @param port     its TCP port
 * @param database the database name
 * @param username the login role (the master user, as on RDS)
 * @param password that role's password, random for every start of the server
 */
public record PostgresConnection(String host, int port, String database, String username, String password) {
    /** The master user's name; its password is random per start, as an RDS-managed master password would be. */
    static final String MASTER_USER = "sjl_admin";
    /** The database every cluster has, and the one RDS connects to when no DBName was given. */
    static final String DEFAULT_DATABASE = "postgres";

    /** {@code jdbc:postgresql://127.0.0.1:14566/postgres}; pass the user and password separately, never in the URL. */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** A non-pooling DataSource with these credentials (each {@code getConnection()} opens a new connection). */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setServerNames(new String[] {host});
        dataSource.setPortNumbers(new int[] {port});
        dataSource.setDatabaseName(database);
        dataSource.setUser(username);
        dataSource.setPassword(password);
        return dataSource;
    }

    /** The same server, user and database, another password. */
    PostgresConnection withPassword(String otherPassword) {
        return new PostgresConnection(host, port, database, username, otherPassword);
    }

    /** The same server and credentials, another database. */
    public PostgresConnection withDatabase(String otherDatabase) {
        return new PostgresConnection(host, port, otherDatabase, username, password);
    }

    /**
     * The secret in the shape RDS and Secrets Manager use for database credentials:
     * {@code {"engine":"postgres","host":…,"port":5432,"username":…,"password":…,"dbname":…}}.
     */
    public String toSecretJson() {
        Map<String, Object> secret = new LinkedHashMap<>();
        secret.put("engine", "postgres");
        secret.put("host", host);
        secret.put("port", port);
        secret.put("username", username);
        secret.put("password", password);
        secret.put("dbname", database);
        try {
            return Json.MAPPER.writeValueAsString(secret);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a map of strings and a number as JSON", e);
        }
    }

    /** Made on first use: an ObjectMapper's classes cost a tenth of a second, which a server start need not pay. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }

    /** {@code postgresql://sjl_admin@127.0.0.1:14566/postgres}: the libpq URI without the password. */
    @Override
    public String toString() {
        return "postgresql://" + username + "@" + host + ":" + port + "/" + database;
    }
}
