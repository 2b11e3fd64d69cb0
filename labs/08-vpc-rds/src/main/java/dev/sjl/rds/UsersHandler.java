package dev.sjl.rds;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.zaxxer.hikari.HikariDataSource;
import dev.sjl.jwt.AuthConfig;
import dev.sjl.jwt.AuthHandler;
import dev.sjl.lambda.Env;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Lab 03's auth routes ({@code POST /signup}, {@code POST /login}, {@code GET /users/me}, …) with the users in
 * PostgreSQL: the routes, the validation and the 4xx JSON answers are lab 03's reference, unchanged; this function
 * brings the store, its connection and its credentials.
 * <p>
 * Everything expensive happens once per container, in the constructor (Lambda's init phase, which runs before the
 * first request and is not repeated while the container lives): the secret is read, the pool opens its connection,
 * the schema is migrated. {@link #handleRequest} only borrows the pooled connection.
 */
public final class UsersHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse>, AutoCloseable {

    private final HikariDataSource pool;
    private final AuthHandler routes;

    /** For the Lambda runtime: configuration from the environment, clients built once per container. */
    public UsersHandler() {
        this(AuthConfig.from(Env.system()), DatabaseConfig.from(System.getenv()),
                SecretsManagerClient.builder().httpClient(UrlConnectionHttpClient.create()).build());
    }

    // tag::handler-init[]
    /** For tests: the local cloud's Secrets Manager client and a test database's secret. */
    public UsersHandler(AuthConfig auth, DatabaseConfig database, SecretsManagerClient secrets) {
        // TODO: at init, once per container: a SecretDataSource, the migrations on it (Flyway needs two connections
        //  at once: not through a pool of one), the pool (ConnectionPool) over it, and lab 03's AuthHandler over a PostgresUserRepository on the pool (bcrypt at auth.bcryptCost()).
        this.pool = null;
        this.routes = null;
    }
    // end::handler-init[]

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        // TODO: only the request's work here: no pool, no connection, no secret is created per request.
        throw new UnsupportedOperationException("Task 3: hand the request to the routes built at init");
    }

    /** Lambda never calls this (a frozen container keeps its connection); tests close what they opened. */
    @Override
    public void close() {
        if (pool != null) {
            pool.close();
        }
    }
}
