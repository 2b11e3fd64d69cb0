package dev.sjl.rds;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.zaxxer.hikari.HikariDataSource;
import dev.sjl.jwt.AuthConfig;
import dev.sjl.jwt.BcryptPasswordHasher;
import dev.sjl.lambda.Env;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The function as Lambda runs it: init once, then warm invocations that reuse what init made. */
@Tag("task:3")
@LocalCloudTest(services = {Service.POSTGRES, Service.SECRETS_MANAGER})
@DisplayName("Task 3: connections the Lambda way")
class UsersHandlerTest {

    static final String PASSWORD = "correct horse battery staple";
    static final int TEST_BCRYPT_COST = BcryptPasswordHasher.MIN_COST;

    private TestDatabase db;
    private DatabaseConfig config;
    private SecretsManagerClient secrets;
    private String secretId;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void setUp(TestResources resources, SecretsManagerClient secrets) {
        this.db = TestDatabase.withRole(resources);
        this.secrets = secrets;
        this.secretId = resources.name("users-db");
        secrets.createSecret(b -> b.name(secretId).secretString(db.secretJson()));
        this.config = new DatabaseConfig(secretId, "disable");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        db.close();
    }

    private UsersHandler handler() {
        UsersHandler handler = new UsersHandler(auth(), config, secrets);
        opened.add(handler);
        return handler;
    }

    /**
     * Lab 03's configuration, read from the environment as in Lambda, then with bcrypt's cheapest cost: the routes
     * hash on every sign-up and login, and cost 10 (the least {@code BCRYPT_COST} allows, tested in lab 03) would
     * make bcrypt most of this suite's time.
     */
    static AuthConfig auth() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        AuthConfig read = AuthConfig.from(new Env(Map.of("JWT_ISSUER", "https://users.example.com",
                "JWT_AUDIENCE", "users-api", "JWT_ALGORITHM", "HS256",
                "JWT_HS256_SECRET", Base64.getEncoder().encodeToString(key))));
        return new AuthConfig(read.issuer(), read.audience(), read.signingKey(), read.accessTokenTtl(),
                read.refreshTokenTtl(), TEST_BCRYPT_COST);
    }

    static APIGatewayV2HTTPEvent event(String name, String email) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/" + name + ".json");
        event.setHeaders(new HashMap<>(event.getHeaders()));
        event.setBody("{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        return event;
    }

    @Test
    @DisplayName("Signs up, refuses a taken email with 409, and logs in, with the users in PostgreSQL")
    void servesTheRoutesFromPostgres() throws SQLException {
        UsersHandler handler = handler();

        APIGatewayV2HTTPResponse created = handler.handleRequest(event("signup", "ada@example.com"), null);
        APIGatewayV2HTTPResponse again = handler.handleRequest(event("signup", "Ada@Example.com"), null);
        APIGatewayV2HTTPResponse login = handler.handleRequest(event("login", "ada@example.com"), null);

        assertThat(created.getStatusCode()).as("POST /signup: %s", created.getBody()).isEqualTo(201);
        assertThat(again.getStatusCode()).as("POST /signup for the same address in other case: %s", again.getBody())
                .isEqualTo(409);
        assertThat(again.getBody()).as("a 409 is lab 03's JSON error, no SQL in it").contains("\"error\"")
                .doesNotContainIgnoringCase("sql").doesNotContain("users_email_key");
        assertThat(login.getStatusCode()).as("POST /login: %s", login.getBody()).isEqualTo(200);
        assertThat(PostgresSchemaTest.strings(db.master.dataSource(), "SELECT password_hash FROM users"))
                .as("the stored hash's cost: bcrypt at auth.bcryptCost(), the BCRYPT_COST an operator raises without "
                        + "a release, not a cost fixed in code")
                .singleElement(InstanceOfAssertFactories.STRING).startsWith(String.format("$2a$%02d$", TEST_BCRYPT_COST));
    }

    // tag::pool-settings-test[]
    @Test
    @DisplayName("Sizes the pool for one request at a time, with short waits")
    void poolIsSmallAndQuick() {
        try (HikariDataSource pool = ConnectionPool.create(new SecretDataSource(secrets, config))) {
            assertThat(pool.getMaximumPoolSize()).as("maximumPoolSize: a container serves one request at a time; "
                    + "Hikari's default pool size of 10 times 200 containers is 2,000 connections").isBetween(1, 2);
            assertThat(Duration.ofMillis(pool.getConnectionTimeout())).as("connectionTimeout: how long a request "
                    + "waits for a connection (Hikari's default of 30 s is API Gateway's whole timeout)")
                    .isLessThanOrEqualTo(Duration.ofSeconds(5));
            assertThat(Duration.ofMillis(pool.getMaxLifetime())).as("maxLifetime: replace a connection before a NAT "
                    + "gateway (350 s idle) or a failover drops it").isLessThanOrEqualTo(Duration.ofMinutes(15));
            assertThat(pool.getPoolName()).as("a pool name of your own: it names the pool's threads and metrics")
                    .doesNotStartWith("HikariPool-");
        }
    }
    // end::pool-settings-test[]

    // tag::warm-invocations-test[]
    @Test
    @DisplayName("Opens the connection at init and reuses it on every warm invocation")
    void warmInvocationsReuseTheConnection() throws InterruptedException {
        UsersHandler handler = handler();
        Set<Integer> afterInit = db.sessions();

        List<Set<Integer>> afterEach = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            APIGatewayV2HTTPResponse response = handler.handleRequest(event("signup", "user" + i + "@example.com"), null);
            assertThat(response.getStatusCode()).as("POST /signup %s: %s", i, response.getBody()).isEqualTo(201);
            afterEach.add(db.sessions());
        }

        String rule = "the container keeps one pooled connection from init on; a connection per invocation or a "
                + "pool created in the handler logs in again on every request";
        assertThat(afterInit).as("connections open after init, before any request (%s)", rule).isNotEmpty();
        assertThat(afterEach.get(0)).as("connections open after the first request (%s)", rule).isNotEmpty();
        assertThat(afterInit).as("connections after init, against those after the first request %s (%s)",
                afterEach.get(0), rule).containsAll(afterEach.get(0));
        assertThat(afterEach).as("connections (server pids) after each of four warm invocations (%s)", rule)
                .allSatisfy(pids -> assertThat(pids).as("the connections after an invocation (%s)", rule)
                        .isEqualTo(afterEach.get(0)));

        handler.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!db.sessions().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(db.sessions()).as("connections left on the database 5 s after close(): close() closes the pool (a "
                + "local run or a test that leaves its pool open holds connections the database counts against max_connections)")
                .isEmpty();
    }
    // end::warm-invocations-test[]

    @Test
    @DisplayName("Recovers when the database ends its connection (restart, failover)")
    void recoversAfterTheConnectionIsKilled() {
        UsersHandler handler = handler();
        assertThat(handler.handleRequest(event("signup", "ada@example.com"), null).getStatusCode()).isEqualTo(201);

        db.terminateSessions();
        APIGatewayV2HTTPResponse login = handler.handleRequest(event("login", "ada@example.com"), null);
        APIGatewayV2HTTPResponse signup = handler.handleRequest(event("signup", "grace@example.com"), null);

        assertThat(login.getStatusCode()).as("POST /login after pg_terminate_backend ended the pooled connection: "
                + "%s", login.getBody()).isEqualTo(200);
        assertThat(signup.getStatusCode()).as("POST /signup after that: %s", signup.getBody()).isEqualTo(201);
    }

    @Test
    @DisplayName("Recovers from a password rotation without a restart")
    void recoversFromARotation() {
        UsersHandler handler = handler();
        assertThat(handler.handleRequest(event("signup", "ada@example.com"), null).getStatusCode()).isEqualTo(201);

        String rotated = db.rotatePassword();
        secrets.putSecretValue(b -> b.secretId(secretId).secretString(db.secretJson(rotated)));
        db.terminateSessions();
        APIGatewayV2HTTPResponse login = handler.handleRequest(event("login", "ada@example.com"), null);

        assertThat(login.getStatusCode()).as("POST /login after the password was rotated and the old connection "
                + "ended: the pool's new connection re-reads the secret: %s", login.getBody()).isEqualTo(200);
    }
}
