package dev.sjl.jwt;

import dev.sjl.kit.fuzz.Endpoint;
import dev.sjl.kit.fuzz.FuzzRun;
import dev.sjl.kit.fuzz.HostileRequests;
import dev.sjl.kit.fuzz.ResponseCheck;
import dev.sjl.kit.fuzz.StarterTodo;
import dev.sjl.users.InMemoryUserRepository;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

import java.security.KeyPair;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static dev.sjl.jwt.TestKeys.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every route of the auth API against hostile requests (tools/fuzz): truncated and malformed JSON, numbers, strings,
 * field names and nesting past the parser's limits, lone surrogates and control characters, lying base64 flags,
 * oversized bodies, hostile headers (Authorization among them), paths, query strings and methods, null events.
 * Each must get a deliberate answer. The service signs with RS256, so every task's code runs: the test belongs to the
 * last one.
 */
@DisplayName("The auth API under hostile input")
class AuthApiFuzzTest {

    private static final long SEED = 20261203L;
    private static final int REQUESTS = 2_500;
    private static final String PASSWORD = "correct horse battery staple";

    // tag::fuzz[]
    @Test
    @Tag("task:7")
    @DisplayName("Answers 2,500 hostile requests on every route deliberately: no 5xx, no stack trace, no echo")
    void answersHostileRequestsDeliberately() {
        KeyPair keyPair = TestKeys.rsa(2048);
        AuthHandler handler = new AuthHandler(TestKeys.config(TestKeys.rs256Environment(keyPair, "fuzz-key")),
                new InMemoryUserRepository(), new BcryptPasswordHasher(4), MutableClock.of(NOW, ZoneOffset.UTC));
        AuthApi api = new AuthApi(handler);
        api.signedUp("ada@example.com", PASSWORD);
        String refreshToken = api.loggedIn("ada@example.com", PASSWORD).path("refreshToken").asText();
        List<Endpoint> routes = AuthHandler.routeTable().stream()
                .map(route -> Endpoint.of(route.method(), route.path())).toList();
        HostileRequests hostile = HostileRequests.forRoutes(routes, Map.of(
                "POST /signup", "{\"email\":\"grace@example.com\",\"password\":\"" + PASSWORD + "\"}",
                "POST /login", "{\"email\":\"ada@example.com\",\"password\":\"" + PASSWORD + "\"}",
                "POST /token/refresh", "{\"refreshToken\":\"" + refreshToken + "\"}"), SEED);
        // Two lines at most for a client error: the router's line for the 4xx, and the security warning a reused
        // refresh token deserves (the valid refresh body is replayed, so its family is revoked on the second try).
        ResponseCheck check = ResponseCheck.errorShape("error", "message", "requestId").logLinesPerClientError(2);
        FuzzRun run = FuzzRun.of(hostile.limit(REQUESTS), event -> handler.handleRequest(event, null), check,
                StarterTodo::rethrow);

        System.out.println("Lab 03 under hostile input (seed " + SEED + "): " + run.counts().summary());
        System.out.print(run.counts().byKind());
        assertThat(run.problems())
                .as("every hostile request needs a deliberate answer: a 4xx in the error shape, never a 5xx or an "
                        + "exception, no stack trace logged for a client error, no echo of unbounded input. "
                        + "%d of %d were not: %s", run.problems().size(), REQUESTS, run.firstProblems(5))
                .isEmpty();
        assertThat(run.counts().ofClass(5)).as("no 5xx").isZero();
        assertThat(run.counts().ofClass(2)).as("the valid requests among them still succeed").isPositive();
    }
    // end::fuzz[]
}
