package dev.sjl.dynamodb;

import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.users.UserServiceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@Tag("task:5")
@LocalCloudTest(services = Service.DYNAMODB)
@DisplayName("Task 5: refresh tokens in DynamoDB")
class RefreshTokensTest {

    /**
     * The tests' clock starts at the real time: the table's TTL sweeper deletes, by the real clock, every item whose
     * expiresAt is past, so a session that started at a fixed date long ago would vanish in the middle of a test.
     */
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private static final Duration THIRTY_DAYS = Duration.ofDays(30);

    private static void assertRefused(DynamoDbRefreshTokens tokens, String token, String rule) {
        Throwable thrown = catchThrowable(() -> tokens.rotate(token));
        assertThat(thrown).as(rule + "; rotate must throw UserServiceException(INVALID_REFRESH_TOKEN), it %s",
                        thrown == null ? "returned a new token" : "threw " + thrown)
                .isInstanceOfSatisfying(UserServiceException.class,
                        e -> assertThat(e.reason()).as("the reason").isEqualTo(UserServiceException.Reason.INVALID_REFRESH_TOKEN));
    }

    @Test
    @DisplayName("Rotates a token into the next one of the same login, across a restart")
    void rotates(DynamoDbClient dynamo, TestResources resources) {
        String table = Tables.fresh(dynamo, resources);
        String first = new DynamoDbRefreshTokens(dynamo, table, THIRTY_DAYS, MutableClock.of(NOW, ZoneOffset.UTC)).issue("ada");
        DynamoDbRefreshTokens afterColdStart = new DynamoDbRefreshTokens(dynamo, table, THIRTY_DAYS, MutableClock.of(NOW, ZoneOffset.UTC));

        DynamoDbRefreshTokens.Rotation second = afterColdStart.rotate(first);
        DynamoDbRefreshTokens.Rotation third = afterColdStart.rotate(second.refreshToken());

        assertThat(second.userId()).as("whose session the token was").isEqualTo("ada");
        assertThat(second.refreshToken()).as("the next token is a new one").isNotEqualTo(first);
        assertThat(third.userId()).as("the next token works once too").isEqualTo("ada");
        assertThat(second.toString()).as("a rotation printed in a log line shows no token").doesNotContain(second.refreshToken())
                .contains("ada");
    }

    @Test
    @DisplayName("Refuses a spent token coming back, and ends the whole login it belonged to")
    void reuseRevokesTheFamily(DynamoDbClient dynamo, TestResources resources) {
        DynamoDbRefreshTokens tokens = new DynamoDbRefreshTokens(dynamo, Tables.fresh(dynamo, resources), THIRTY_DAYS,
                MutableClock.of(NOW, ZoneOffset.UTC));
        String stolen = tokens.issue("ada");
        String next = tokens.rotate(stolen).refreshToken();
        String otherLogin = tokens.issue("ada");

        List<String> logged;
        try (LogCapture log = new LogCapture(DynamoDbRefreshTokens.class)) {
            assertRefused(tokens, stolen, "a spent token presented again is a reuse");
            logged = log.messages();
        }
        assertThat(logged).as("a reuse is a security event: one WARNING naming the user, never the token")
                .anySatisfy(m -> assertThat(m).startsWith("WARNING").contains("ada"))
                .noneSatisfy(m -> assertThat(m).contains(stolen));
        assertRefused(tokens, next, "after a reuse the whole family is revoked, the newest token too (the conditional "
                + "check that FAMILY#<id>/REVOKED does not exist)");
        assertThat(tokens.rotate(otherLogin).userId()).as("another login (family) of the same user is not affected")
                .isEqualTo("ada");
    }

    @Test
    @DisplayName("Refuses an expired token by the clock; refreshing never extends a login")
    void expiry(DynamoDbClient dynamo, TestResources resources) {
        MutableClock clock = MutableClock.of(NOW, ZoneOffset.UTC);
        DynamoDbRefreshTokens tokens = new DynamoDbRefreshTokens(dynamo, Tables.fresh(dynamo, resources), THIRTY_DAYS, clock);
        String token = tokens.issue("ada");
        clock.add(Duration.ofDays(29));
        String next = tokens.rotate(token).refreshToken();

        clock.add(Duration.ofDays(1));

        assertRefused(tokens, next, "30 days after the login, its latest token is expired: TTL deletes late, so the "
                + "expiry is checked on every read, and rotation keeps the family's expiry");
    }

    @Test
    @DisplayName("Refuses an unknown, blank or null token")
    void unknown(DynamoDbClient dynamo, TestResources resources) {
        DynamoDbRefreshTokens tokens = new DynamoDbRefreshTokens(dynamo, Tables.fresh(dynamo, resources), THIRTY_DAYS,
                MutableClock.of(NOW, ZoneOffset.UTC));
        tokens.issue("ada");

        assertRefused(tokens, "never-issued", "a token never issued");
        assertRefused(tokens, " ", "a blank token");
        assertRefused(tokens, null, "no token");
    }

    // tag::refresh-race[]
    @Test
    @DisplayName("Lets exactly one of 50 parallel refreshes of one token win, and ends that login")
    void fiftyParallelRefreshes(DynamoDbClient dynamo, TestResources resources) throws Exception {
        // Every refresh reads the clock after reading the token and before writing: the clock holds the 50 there
        // until all have read, so a get-then-put lets them all through in every run, not only when the scheduler allows.
        RendezvousClock clock = new RendezvousClock(NOW);
        DynamoDbRefreshTokens tokens = new DynamoDbRefreshTokens(dynamo, Tables.fresh(dynamo, resources), THIRTY_DAYS, clock);
        String token = tokens.issue("ada");
        clock.arm(50);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        List<Future<String>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        return tokens.rotate(token).refreshToken();
                    } catch (UserServiceException e) {
                        return null;
                    }
                }));
            }
            start.countDown();
            List<String> issued = new ArrayList<>();
            int refused = 0;
            for (Future<String> result : results) {
                String next = Concurrency.await(result);
                if (next != null) {
                    issued.add(next);
                } else {
                    refused++;
                }
            }
            assertThat(issued).as("refreshes that got a new token: spend the token with a conditional write (spent = "
                    + "false) in the same transaction as the next token; a get-then-put lets several win").hasSize(1);
            assertThat(refused).as("refreshes refused with a UserServiceException (lab 03's handler answers 401): every "
                    + "one that lost, none lost to another error").isEqualTo(49);
            assertRefused(tokens, issued.get(0), "the other 49 presented a spent token, a reuse: the family is revoked");
        } finally {
            pool.shutdownNow();
        }
    }
    // end::refresh-race[]

    @Test
    @DisplayName("Stores only a hash of each token, and the login's end in epoch seconds for TTL")
    void storedItems(DynamoDbClient dynamo, TestResources resources) {
        String table = Tables.fresh(dynamo, resources);
        DynamoDbRefreshTokens tokens = new DynamoDbRefreshTokens(dynamo, table, THIRTY_DAYS, MutableClock.of(NOW, ZoneOffset.UTC));
        String first = tokens.issue("ada");
        String second = tokens.rotate(first).refreshToken();

        List<Map<String, AttributeValue>> items = Tables.everyItem(dynamo, table);

        assertThat(items).as("two token items (the spent one and the next)").hasSize(2);
        for (Map<String, AttributeValue> item : items) {
            assertThat(item.toString()).as("a stored item must not contain a token itself, only its SHA-256: a copy of "
                    + "the table must not be a set of working tokens").doesNotContain(first).doesNotContain(second);
            AttributeValue expiresAt = item.get(UsersTable.EXPIRES_AT);
            assertThat(expiresAt == null ? null : expiresAt.n()).as("expiresAt must be a Number of epoch SECONDS (TTL "
                    + "ignores a String and reads milliseconds as a date thousands of years away)")
                    .isEqualTo(Long.toString(NOW.plus(THIRTY_DAYS).getEpochSecond()));
        }
    }
}
