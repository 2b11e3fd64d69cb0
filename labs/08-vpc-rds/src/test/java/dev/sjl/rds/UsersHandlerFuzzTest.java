package dev.sjl.rds;

import dev.sjl.jwt.AuthHandler;
import dev.sjl.kit.fuzz.Endpoint;
import dev.sjl.kit.fuzz.FuzzRun;
import dev.sjl.kit.fuzz.HostileRequests;
import dev.sjl.kit.fuzz.ResponseCheck;
import dev.sjl.kit.fuzz.StarterTodo;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The function on PostgreSQL against hostile requests (tools/fuzz): whatever reaches the database, a constraint it
 * breaks or a value it cannot store must come back as the service's own 4xx, never as a 500 or PostgreSQL's words.
 */
@Tag("task:3")
@LocalCloudTest(services = {Service.POSTGRES, Service.SECRETS_MANAGER})
@DisplayName("The PostgreSQL-backed function under hostile input")
class UsersHandlerFuzzTest {

    private static final long SEED = 20261203L;
    // The valid sign-ups among them hash with bcrypt and write to the local PostgreSQL.
    private static final int REQUESTS = 800;

    @Test
    @DisplayName("Answers 800 hostile requests deliberately: no 5xx, no stack trace, no echo")
    void answersHostileRequestsDeliberately(TestResources resources, SecretsManagerClient secrets)
            throws Exception {
        try (TestDatabase db = TestDatabase.withRole(resources)) {
            String secretId = resources.name("users-db");
            secrets.createSecret(b -> b.name(secretId).secretString(db.secretJson()));
            try (UsersHandler handler = new UsersHandler(UsersHandlerTest.auth(), new DatabaseConfig(secretId,
                    "disable"), secrets, line -> { })) {
                List<Endpoint> routes = AuthHandler.routeTable().stream()
                        .map(route -> Endpoint.of(route.method(), route.path())).toList();
                String body = "{\"email\":\"grace@example.com\",\"password\":\"" + UsersHandlerTest.PASSWORD + "\"}";
                HostileRequests hostile = HostileRequests.forRoutes(routes,
                        Map.of("POST /signup", body, "POST /login", body), SEED);
                // Two lines at most for a client error, as in lab 03: the router's line, and the security warning a
                // replayed refresh token deserves.
                ResponseCheck check = ResponseCheck.errorShape("error", "message", "requestId")
                        .logLinesPerClientError(2);
                FuzzRun run = FuzzRun.of(hostile.limit(REQUESTS), event -> handler.handleRequest(event, null),
                        check, StarterTodo::rethrow);

                System.out.println("Lab 08 under hostile input (seed " + SEED + "): " + run.counts().summary());
                assertThat(run.problems())
                        .as("every hostile request needs a deliberate answer: a 4xx in the error shape, never a 5xx "
                                + "or an exception, no stack trace logged for a client error, no echo of unbounded "
                                + "input. %d of %d were not: %s", run.problems().size(), REQUESTS,
                                run.firstProblems(5))
                        .isEmpty();
                assertThat(run.counts().ofClass(5)).as("no 5xx").isZero();
                assertThat(run.counts().ofClass(2)).as("the valid requests among them still succeed").isPositive();
            }
        }
    }
}
