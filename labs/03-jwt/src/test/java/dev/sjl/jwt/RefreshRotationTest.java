package dev.sjl.jwt;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.kit.fuzz.StarterTodo;
import dev.sjl.users.InMemoryUserRepository;
import dev.sjl.users.UserServiceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static dev.sjl.jwt.Fixtures.body;
import static dev.sjl.jwt.Fixtures.header;
import static dev.sjl.jwt.TestKeys.AUDIENCE;
import static dev.sjl.jwt.TestKeys.ISSUER;
import static dev.sjl.jwt.TestKeys.NOW;
import static dev.sjl.jwt.TestKeys.SECRET;
import static dev.sjl.jwt.Outcomes.refusedFor;
import static dev.sjl.jwt.Outcomes.returned;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Task 6: rotate refresh tokens and detect reuse")
class RefreshRotationTest {

    private static final String PASSWORD = "correct horse battery staple";

    private final MutableClock clock = MutableClock.of(NOW, ZoneOffset.UTC);
    private final RefreshTokenService refreshTokens = new RefreshTokenService(Duration.ofDays(30), clock);

    private void assertRefused(String refreshToken, String why) {
        assertRefused(refreshTokens, refreshToken, why);
    }

    /** {@code why} is the calling test's rule: it is what the learner reads when the token is not refused. */
    private static void assertRefused(RefreshTokenService service, String refreshToken, String why) {
        refusedFor(UserServiceException.Reason.INVALID_REFRESH_TOKEN, why + ": throw UserServiceException(INVALID_REFRESH_TOKEN, ...)",
                () -> service.rotate(refreshToken));
    }

    private RefreshTokenService.Rotation rotated(String refreshToken, String rule) {
        return returned(rule, () -> refreshTokens.rotate(refreshToken));
    }

    @Test
    @Tag("task:6")
    @DisplayName("Exchanges a refresh token for a new one of the same user")
    void rotates() {
        String first = refreshTokens.issue("user-1");

        RefreshTokenService.Rotation rotation = rotated(first, "a token just issued");

        assertThat(rotation.userId()).as("the rotation says whose session it is").isEqualTo("user-1");
        assertThat(rotation.refreshToken()).as("a new token, not the one presented").isNotBlank().isNotEqualTo(first);
        assertThat(rotated(rotation.refreshToken(), "the new token works in turn").userId())
                .as("the new token works in turn").isEqualTo("user-1");
    }

    // tag::test-reuse[]
    @Test
    @Tag("task:6")
    @DisplayName("Refuses a refresh token that was already used")
    void refusesASpentToken() {
        String first = refreshTokens.issue("user-1");
        rotated(first, "a token just issued");

        assertRefused(first, "each refresh token works once: mark it spent when you rotate it");
    }

    @Test
    @Tag("task:6")
    @DisplayName("Revokes the whole family when a used refresh token comes back")
    void reuseRevokesTheFamily() {
        String stolen = refreshTokens.issue("user-1");
        String next = rotated(stolen, "a token just issued").refreshToken();

        assertRefused(stolen, "the spent token is presented again: someone else holds a copy");
        assertRefused(next, "so the newest token of that login (the same family: the next token keeps the family) is "
                + "revoked too, whoever holds it; both the user and the thief must log in again");
    }

    @Test
    @Tag("task:6")
    @DisplayName("Leaves the user's other sessions alone after a reuse")
    void otherFamiliesSurvive() {
        String phone = refreshTokens.issue("user-1");
        String laptop = refreshTokens.issue("user-1");
        rotated(phone, "the phone's token, just issued");
        assertRefused(phone, "reuse on the phone's session");

        assertThat(rotated(laptop, "revoke the family of the reused token, not every session of the user").userId())
                .as("revoke the family of the reused token, not every session of the user").isEqualTo("user-1");
    }
    // end::test-reuse[]

    @Test
    @Tag("task:6")
    @DisplayName("Logs a reuse as a security warning that names the user, never the token")
    void logsReuse() {
        List<LogRecord> records;
        String stolen = refreshTokens.issue("user-1");
        RefreshTokenService.Rotation rotation;
        try (LogCapture logs = LogCapture.of(RefreshTokenService.class)) {
            rotation = rotated(stolen, "a token just issued");
            assertRefused(stolen, "the replay");
            records = logs.records();
        }

        assertThat(records).as("one WARNING when a family is revoked: someone should look into it")
                .filteredOn(logRecord -> logRecord.getLevel().intValue() >= Level.WARNING.intValue())
                .singleElement()
                .satisfies(logRecord -> assertThat(logRecord.getMessage()).as("name the user").contains("user-1"));
        assertThat(records).as("a logged token is a stolen token: log the user and the family, never a token")
                .noneMatch(logRecord -> String.valueOf(logRecord.getMessage()).contains(stolen)
                        || String.valueOf(logRecord.getMessage()).contains(rotation.refreshToken()));
        assertThat(rotation.toString()).as("a logged Rotation shows whose it is, and no token")
                .contains("user-1").doesNotContain(rotation.refreshToken());
        assertThat(new AuthHandler.RefreshRequest(stolen).toString()).startsWith("RefreshRequest[").doesNotContain(stolen);
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
        clock.add(Duration.ofDays(30).minusSeconds(1));
        String last = rotated(first, "a token one second before its family's end still works").refreshToken();

        clock.add(Duration.ofSeconds(1));

        assertRefused(last, "30 days after login the session is over: the next token keeps the family and its "
                + "expiry (the family's end), it does not start a new 30 days");
    }

    @Test
    @Tag("task:6")
    @DisplayName("Refuses an expired refresh token even if it was never used")
    void refusesExpiredTokens() {
        // In 2090: the system's clock says otherwise, so only code that reads the injected clock sees the expiry.
        MutableClock in2090 = MutableClock.of(java.time.Instant.parse("2090-01-01T00:00:00Z"), ZoneOffset.UTC);
        RefreshTokenService service = new RefreshTokenService(Duration.ofDays(30), in2090);
        String token = service.issue("user-1");
        in2090.add(Duration.ofDays(31));

        assertRefused(service, token, "31 days after a 30-day login: compare the session's expiry with the injected "
                + "clock (clock.instant()), not the system's");
    }

    // tag::test-race[]
    /**
     * The same token presented twice at the same instant (a client retrying, or a thief racing the user), round
     * after round, each round on a fresh service. The service's clock is the meeting point: while it is read, it holds
     * the first caller until the second arrives, so both requests stand between reading the token and spending it at
     * the same time. A spend that is one atomic step (replace(key, old, spent), compute) lets exactly one through; a
     * get followed by a put lets both, in the first round. (Code that reads the clock while holding a lock only makes
     * the clock wait a little, once, then the rounds run without the meeting point.)
     */
    @Test
    @Tag("task:6")
    @DisplayName("Spends a refresh token once when two refreshes race for it")
    void spendsOnceUnderARace() {
        record Login(RefreshTokenService service, String refreshToken) {
        }
        OptionalInt doubleWin = Race.firstDoubleWin(16, round -> {
            RendezvousClock meetingPoint = new RendezvousClock(NOW);
            RefreshTokenService service = new RefreshTokenService(Duration.ofDays(30), meetingPoint);
            String refreshToken = service.issue("user-1");
            meetingPoint.arm();
            return new Login(service, refreshToken);
        }, (login, thread) -> {
            try {
                login.service().rotate(login.refreshToken());
                return true;
            } catch (UserServiceException refused) {
                return false;
            }
        });

        assertThat(doubleWin)
                .as("two refreshes with the same token both succeeded (in round %s): spend it in one atomic step "
                        + "(replace(key, session, spent) or compute), so that only one wins; a get followed by a put "
                        + "lets both through", doubleWin.isPresent() ? doubleWin.getAsInt() : "none")
                .isEmpty();
    }

    @Test
    @Tag("task:6")
    @DisplayName("Treats the second of two simultaneous refreshes as a reuse, and revokes the family")
    void raceLoserRevokesTheFamily() {
        RendezvousClock meetingPoint = new RendezvousClock(NOW);
        RefreshTokenService service = new RefreshTokenService(Duration.ofDays(30), meetingPoint);
        String token = service.issue("user-1");
        meetingPoint.arm();
        List<RefreshTokenService.Rotation> winners = new CopyOnWriteArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<Thread> racers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            racers.add(new Thread(() -> {
                try {
                    winners.add(service.rotate(token));
                } catch (UserServiceException refused) {
                    // the loser
                } catch (Throwable e) {
                    failures.add(e);
                }
            }));
        }
        racers.forEach(Thread::start);
        racers.forEach(RefreshRotationTest::join);
        meetingPoint.disarm();
        failures.forEach(StarterTodo::rethrow);
        assertThat(failures).as("rotate threw something other than UserServiceException").isEmpty();

        assertThat(winners).as("of two refreshes with one token at the same instant, exactly one wins").hasSize(1);
        assertRefused(service, winners.get(0).refreshToken(), "the other refresh presented a token already spent: "
                + "that is a reuse, whoever came second, so the family is revoked, the winner's next token with it");
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
    // end::test-race[]

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
        clock.add(Duration.ofMinutes(20));

        Tokens refreshed = returned("a refresh 20 minutes after login", () -> accounts.refresh(login.refreshToken()));

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
