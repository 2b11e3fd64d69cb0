package dev.sjl.jwt;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.sjl.jwt.Fixtures.body;
import static dev.sjl.jwt.Fixtures.header;
import static dev.sjl.jwt.TestKeys.AUDIENCE;
import static dev.sjl.jwt.TestKeys.ISSUER;
import static dev.sjl.jwt.TestKeys.NOW;
import static dev.sjl.jwt.TestKeys.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Task 6: rotate refresh tokens and detect reuse")
class RefreshRotationTest {

    private static final String PASSWORD = "correct horse battery staple";

    private final MutableClock clock = new MutableClock(NOW);
    private final RefreshTokenService refreshTokens = new RefreshTokenService(Duration.ofDays(30), clock);

    private void assertRefused(String refreshToken, String why) {
        assertThatThrownBy(() -> refreshTokens.rotate(refreshToken))
                .as(why + ": throw AuthException(INVALID_REFRESH_TOKEN, ...)")
                .isInstanceOfSatisfying(AuthException.class,
                        e -> assertThat(e.reason()).isEqualTo(AuthException.Reason.INVALID_REFRESH_TOKEN));
    }

    @Test
    @Tag("task:6")
    @DisplayName("Exchanges a refresh token for a new one of the same user")
    void rotates() {
        String first = refreshTokens.issue("user-1");

        RefreshTokenService.Rotation rotation = refreshTokens.rotate(first);

        assertThat(rotation.userId()).as("the rotation says whose session it is").isEqualTo("user-1");
        assertThat(rotation.refreshToken()).as("a new token, not the one presented").isNotBlank().isNotEqualTo(first);
        assertThat(refreshTokens.rotate(rotation.refreshToken()).userId())
                .as("the new token works in turn").isEqualTo("user-1");
    }

    // tag::test-reuse[]
    @Test
    @Tag("task:6")
    @DisplayName("Refuses a refresh token that was already used")
    void refusesASpentToken() {
        String first = refreshTokens.issue("user-1");
        refreshTokens.rotate(first);

        assertRefused(first, "each refresh token works once: mark it spent when you rotate it");
    }

    @Test
    @Tag("task:6")
    @DisplayName("Revokes the whole family when a used refresh token comes back")
    void reuseRevokesTheFamily() {
        String stolen = refreshTokens.issue("user-1");
        String next = refreshTokens.rotate(stolen).refreshToken();

        assertRefused(stolen, "the spent token is presented again: someone else holds a copy");
        assertRefused(next, "so the newest token of that login is revoked too, whoever holds it; "
                + "both the user and the thief must log in again");
    }

    @Test
    @Tag("task:6")
    @DisplayName("Leaves the user's other sessions alone after a reuse")
    void otherFamiliesSurvive() {
        String phone = refreshTokens.issue("user-1");
        String laptop = refreshTokens.issue("user-1");
        refreshTokens.rotate(phone);
        assertRefused(phone, "reuse on the phone's session");

        assertThat(refreshTokens.rotate(laptop).userId())
                .as("revoke the family of the reused token, not every session of the user").isEqualTo("user-1");
    }
    // end::test-reuse[]

    @Test
    @Tag("task:6")
    @DisplayName("Logs a reuse as a security warning that names the user, never the token")
    void logsReuse() {
        Logger log = Logger.getLogger(RefreshTokenService.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord logRecord) {
                records.add(logRecord);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            String stolen = refreshTokens.issue("user-1");
            RefreshTokenService.Rotation rotation = refreshTokens.rotate(stolen);
            assertRefused(stolen, "the replay");

            assertThat(records).as("one WARNING when a family is revoked: someone should look into it")
                    .singleElement()
                    .satisfies(logRecord -> {
                        assertThat(logRecord.getLevel()).isEqualTo(Level.WARNING);
                        assertThat(logRecord.getMessage()).contains("user-1")
                                .as("a logged token is a stolen token").doesNotContain(stolen)
                                .doesNotContain(rotation.refreshToken());
                    });
            assertThat(rotation.toString()).as("a logged Rotation shows whose it is, and no token")
                    .contains("user-1").doesNotContain(rotation.refreshToken());
            assertThat(new AuthHandler.RefreshRequest(stolen).toString()).startsWith("RefreshRequest[").doesNotContain(stolen);
        } finally {
            log.removeHandler(capture);
        }
    }

    @Test
    @Tag("task:6")
    @DisplayName("Rejects an unknown, blank or missing refresh token")
    void refusesUnknownTokens() {
        refreshTokens.issue("user-1");

        assertRefused("made-up-token", "a token this service never issued");
        assertRefused("", "a blank token");
        assertRefused(null, "no token at all");
    }

    @Test
    @Tag("task:6")
    @DisplayName("Ends the session 30 days after login, however often it was refreshed")
    void sessionsEnd() {
        String first = refreshTokens.issue("user-1");
        clock.advance(Duration.ofDays(30).minusSeconds(1));
        String last = refreshTokens.rotate(first).refreshToken();

        clock.advance(Duration.ofSeconds(1));

        assertRefused(last, "30 days after login the session is over: a rotated token keeps the family's end, "
                + "it does not start a new 30 days");
    }

    @Test
    @Tag("task:6")
    @DisplayName("Refuses an expired refresh token even if it was never used")
    void refusesExpiredTokens() {
        String token = refreshTokens.issue("user-1");
        clock.advance(Duration.ofDays(31));

        assertRefused(token, "compare the session's expiry with the injected clock");
    }

    @Test
    @Tag("task:6")
    @DisplayName("Refreshing gives a new access token for the same user and a new refresh token")
    void accountRefresh() {
        InMemoryUserRepository users = new InMemoryUserRepository();
        AccountService accounts = new AccountService(users, new BcryptPasswordHasher(4),
                new TokenIssuer(SigningKey.hs256(SECRET), ISSUER, AUDIENCE, Duration.ofMinutes(15), clock),
                refreshTokens, clock);
        String id = accounts.signup("ada@example.com", PASSWORD).id();
        Tokens login = accounts.login("ada@example.com", PASSWORD);
        clock.advance(Duration.ofMinutes(20));

        Tokens refreshed = accounts.refresh(login.refreshToken());

        JwtVerifier verifier = new JwtVerifier(TrustedKeys.hs256(TestKeys.hmacKey(SECRET)), ISSUER, AUDIENCE, clock);
        assertThat(verifier.verify(refreshed.accessToken()).subject())
                .as("the new access token is valid now, for the same user").isEqualTo(id);
        assertThat(refreshed.refreshToken()).isNotEqualTo(login.refreshToken());
    }

    @Test
    @Tag("task:6")
    @DisplayName("POST /token/refresh answers 200 with new tokens, then 401 for the spent one and its family")
    void refreshOverHttp() {
        AuthApi api = new AuthApi(new AuthHandler(TestKeys.config(TestKeys.hs256Environment()),
                new InMemoryUserRepository(), new BcryptPasswordHasher(4), clock));
        api.signedUp("ada@example.com", PASSWORD);
        String first = api.loggedIn("ada@example.com", PASSWORD).path("refreshToken").asText();

        APIGatewayV2HTTPResponse rotated = api.refresh(first);
        String second = body(rotated).path("refreshToken").asText();
        APIGatewayV2HTTPResponse replayed = api.refresh(first);
        APIGatewayV2HTTPResponse afterReuse = api.refresh(second);

        assertThat(rotated.getStatusCode()).as("body: %s", rotated.getBody()).isEqualTo(200);
        assertThat(header(rotated, "Cache-Control")).isEqualTo("no-store");
        assertThat(body(rotated).path("accessToken").asText()).isNotBlank();
        assertThat(second).isNotBlank().isNotEqualTo(first);
        assertThat(replayed.getStatusCode()).as("the spent token: 401").isEqualTo(401);
        assertThat(body(replayed).path("error").asText()).isEqualTo("invalid_refresh_token");
        assertThat(afterReuse.getStatusCode()).as("its family is revoked: 401 for the newest token too").isEqualTo(401);
        assertThat(afterReuse.getBody())
                .as("the same answer as for any bad refresh token: never tell a thief that reuse was detected")
                .isEqualTo(replayed.getBody());
    }
}
