package dev.sjl.users;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The rules every {@link UserRepository} keeps, whatever holds the users: lab 03's map, lab 06's DynamoDB table, lab
 * 08's PostgreSQL table. A store's test extends this class and says how to get an empty repository; the rules are
 * written once, here, so no store can quietly keep fewer of them.
 * <p>
 * Later labs take it from lab 03's reference test jar ({@code solution-03-jwt}, {@code <type>test-jar</type>}, test
 * scope) and tag their subclass with their own task.
 */
public abstract class UserRepositoryContract {

    /** Milliseconds, not nanoseconds: what every store keeps of an instant (DynamoDB as text, PostgreSQL in microseconds). */
    protected static final Instant CREATED = Instant.parse("2026-01-15T10:00:00.123Z");

    /** A real bcrypt string's length: a column or attribute too small for it would cut it. */
    private static final String HASH = "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW";

    /** A repository with no users in it, for this test alone (a fresh map, table or schema). */
    protected abstract UserRepository emptyRepository();

    protected static User user(String id, String email) {
        return new User(id, email, HASH, CREATED);
    }

    @Test
    @DisplayName("Stores a user, findable by id and by email, every field as it was")
    void storesAndFinds() {
        UserRepository users = emptyRepository();
        User ada = user("3f0c9a52-6a4e-4bd0-9a8e-2f7c1d1b7e01", "ada@example.com");

        users.create(ada);

        assertThat(users.findById(ada.id())).as("findById after create").contains(ada);
        assertThat(users.findByEmail(ada.email())).as("findByEmail after create").contains(ada);
    }

    @Test
    @DisplayName("Keeps the longest address and non-ASCII characters exactly, and the hash and the time to the millisecond")
    void keepsEveryFieldExactly() {
        UserRepository users = emptyRepository();
        // 254 bytes of UTF-8 in 190 characters: a store that sizes or compares by characters, or loses the encoding,
        // fails here.
        String longest = "\u00e9".repeat(64) + "@" + "b".repeat(60) + "." + "c".repeat(60) + ".com";
        assertThat(longest.getBytes(StandardCharsets.UTF_8)).as("(the test's own setup)").hasSize(Emails.MAX_BYTES);
        User zoe = user("7d1e2f3a-0000-4000-8000-000000000002", longest);

        users.create(zoe);

        assertThat(users.findByEmail(longest)).as("an address of %s bytes of UTF-8 comes back as it was stored",
                Emails.MAX_BYTES).contains(zoe);
        assertThat(users.findById(zoe.id()).map(User::passwordHash)).as("the whole bcrypt string").contains(HASH);
        assertThat(users.findById(zoe.id()).map(User::createdAt)).as("createdAt to the millisecond").contains(CREATED);
    }

    @Test
    @DisplayName("Refuses a second user for a taken email with EMAIL_TAKEN, and keeps the first")
    void refusesATakenEmail() {
        UserRepository users = emptyRepository();
        User ada = user("id-1", "ada@example.com");
        User impostor = user("id-2", "ada@example.com");
        users.create(ada);

        Throwable refused = catchThrowable(() -> users.create(impostor));

        assertThat(refused).as("create for a taken email must throw UserServiceException(EMAIL_TAKEN, ...); it %s",
                refused == null ? "returned normally" : "threw " + refused)
                .isInstanceOfSatisfying(UserServiceException.class,
                        e -> assertThat(e.reason()).as("the reason").isEqualTo(UserServiceException.Reason.EMAIL_TAKEN));
        assertThat(users.findById("id-2")).as("the refused user is not stored at all, not even by id").isEmpty();
        assertThat(users.findByEmail("ada@example.com")).as("the first user keeps the email").contains(ada);
    }

    @Test
    @DisplayName("Finds nothing, and throws nothing, for an unknown or a null id or email")
    void findsNothingForUnknownKeys() {
        UserRepository users = emptyRepository();
        users.create(user("id-1", "ada@example.com"));

        assertThat(users.findById("id-2")).as("an unknown id").isEmpty();
        assertThat(users.findByEmail("grace@example.com")).as("an unknown email").isEmpty();
        assertThat(users.findById(null)).as("a null id").isEmpty();
        assertThat(users.findByEmail(null)).as("a null email").isEmpty();
    }

    // tag::contract-race[]
    /**
     * Eight creates for one email, released together, round after round with a new email each round: exactly one may
     * win. A store that checks first and writes after (a query on an email index, then a put) lets two through as
     * soon as two meet between the check and the write; a conditional write or a unique index does not.
     */
    @Test
    @DisplayName("Lets exactly one of eight racing creates for one email win")
    void oneWinnerPerEmailUnderARace() throws InterruptedException {
        UserRepository users = emptyRepository();
        int racers = 8;
        for (int round = 0; round < 10; round++) {
            String email = "racer-" + round + "@example.com";
            AtomicInteger winners = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int racer = 0; racer < racers; racer++) {
                User candidate = user("round-" + round + "-racer-" + racer, email);
                Thread thread = new Thread(() -> {
                    try {
                        start.await();
                        users.create(candidate);
                        winners.incrementAndGet();
                    } catch (UserServiceException e) {
                        if (e.reason() != UserServiceException.Reason.EMAIL_TAKEN) {
                            failure.compareAndSet(null, e);
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "create-racer-" + racer);
                thread.start();
                threads.add(thread);
            }
            start.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            rethrow(failure.get());
            assertThat(winners.get()).as("creates for %s that succeeded (round %s): check and write in one atomic "
                    + "step (a conditional write, a unique index), never a find followed by a write", email, round)
                    .isEqualTo(1);
            assertThat(users.findByEmail(email)).as("the winner is stored").isPresent();
        }
    }
    // end::contract-race[]

    /** A racer's own failure (a TODO's UnsupportedOperationException above all) reaches the learner as it was thrown. */
    private static void rethrow(Throwable failure) {
        if (failure instanceof RuntimeException e) {
            throw e;
        }
        if (failure instanceof Error e) {
            throw e;
        }
        if (failure != null) {
            throw new AssertionError("a racing create threw " + failure, failure);
        }
    }
}
