package dev.sjl.rds;

import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * The connection pool of one Lambda container. A container serves one request at a time, so it needs one
 * connection: every extra one is a connection that 200 cold containers multiply against the database's
 * {@code max_connections} (about 80 on a db.t4g.micro), for nothing. The pool is still worth having: it keeps that one
 * connection between invocations (a TCP and TLS handshake plus a SCRAM login saved each time) and replaces it when it
 * breaks.
 */
public final class ConnectionPool {

    /** One request at a time per container: one connection. */
    public static final int MAXIMUM_POOL_SIZE = 1;

    /** How long a request waits for the connection before it fails: well inside API Gateway's 30 s. */
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(3);

    /** Replace connections before a NAT gateway (350 s idle), RDS Proxy or a failover drops them under the pool. */
    public static final Duration MAX_LIFETIME = Duration.ofMinutes(5);

    private ConnectionPool() {
    }

    // tag::pool[]
    /**
     * A pool over the given connections (in the function, a {@link SecretDataSource}). Create it once per container,
     * in the handler's constructor, and never close it: Lambda freezes the container with the connection open and
     * thaws it for the next request.
     */
    public static HikariDataSource create(DataSource connections) {
        // TODO: a HikariCP pool over these connections: at most MAXIMUM_POOL_SIZE connections (a container serves
        //  one request at a time), a request waits at most CONNECTION_TIMEOUT for one (the default is 30 s, API
        //  Gateway's whole budget), connections replaced after MAX_LIFETIME, a name for its threads and metrics.
        throw new UnsupportedOperationException("Task 3: create the container's connection pool");
    }
    // end::pool[]
}
