package dev.sjl.jwt;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sjl.users.Emails;
import dev.sjl.users.InMemoryUserRepository;
import dev.sjl.users.User;
import dev.sjl.users.UserProfile;
import dev.sjl.users.UserServiceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalInt;

import static dev.sjl.jwt.Fixtures.body;
import static dev.sjl.jwt.Fixtures.header;
import static dev.sjl.jwt.Outcomes.refusedFor;
import static dev.sjl.jwt.Outcomes.returned;
import static dev.sjl.jwt.TestKeys.AUDIENCE;
import static dev.sjl.jwt.TestKeys.ISSUER;
import static dev.sjl.jwt.TestKeys.NOW;
import static dev.sjl.jwt.TestKeys.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Task 4: sign up")
class SignupTest {

    private static final String PASSWORD = "correct horse battery staple";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryUserRepository users = new InMemoryUserRepository();
    private final RecordingHasher hasher = new RecordingHasher(4);

    private AccountService accounts() {
        return new AccountService(users, hasher,
                new TokenIssuer(SigningKey.hs256(SECRET), ISSUER, AUDIENCE, Duration.ofMinutes(15), clock),
                new RefreshTokenService(Duration.ofDays(30), clock), clock);
    }

    private AuthApi api() {
        return new AuthApi(new AuthHandler(TestKeys.config(TestKeys.hs256Environment()), users, hasher, clock));
    }

    private static String normalised(String email, String rule) {
        return returned(rule, () -> Emails.normalise(email));
    }

    private static void invalidEmail(String email, String rule) {
        refusedFor(UserServiceException.Reason.INVALID_EMAIL, rule + ": throw UserServiceException(INVALID_EMAIL, ...)",
                () -> Emails.normalise(email));
    }

    @Test
    @Tag("task:4")
    @DisplayName("Normalises an email: trimmed, lower-cased, Unicode composed")
    void normalisesEmails() {
        assertThat(normalised("  Ada.Lovelace@Example.COM ", "an address with spaces around and capitals"))
                .as("strip() the spaces and lower-case with Locale.ROOT, so one address is one account")
                .isEqualTo("ada.lovelace@example.com");
        assertThat(normalised("Ame\u0301lie@example.com", "an address with a combining accent"))
                .as("'e' + combining accent and the single 'é' are the same address: Normalizer.normalize(..., NFC)")
                .isEqualTo("am\u00e9lie@example.com");
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {"ada", "ada@", "@example.com", "ada@example", "ada lovelace@example.com",
            "ada@@example.com", "ada@example..com"})
    @Tag("task:4")
    @DisplayName("Refuses what is not shaped like an email address")
    void refusesNonEmails(String email) {
        invalidEmail(email, "anything without one @, a local part and a dotted domain is not an address");
    }

    // tag::test-invisible[]
    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"ada@example.com\u200B", "ada\u2060@example.com", "ada@example.com\u00A0",
            "\u00A0ada@example.com", "ada@exa\u00ADmple.com", "\uFEFFada@example.com", "ada@example.com\u0000",
            "ada\u2028@example.com", "ada\u202E@example.com"})
    @Tag("task:4")
    @DisplayName("Refuses an email with an invisible character (zero-width space, word joiner, no-break space, NUL...)")
    void refusesInvisibleCharacters(String email) {
        invalidEmail(email, "an invisible character (U+" + String.format("%04X", invisibleIn(email)) + ") would make "
                + "a second account that looks exactly like ada@example.com: refuse control and format characters and "
                + "every kind of space (strip() and \\s know only some of them)");
    }

    private static int invisibleIn(String email) {
        return email.codePoints().filter(c -> c > 0x7E || c < 0x20).findFirst().orElse(0);
    }
    // end::test-invisible[]

    @Test
    @Tag("task:4")
    @DisplayName("Refuses an address longer than 254 bytes of UTF-8")
    void refusesOverlongEmails() {
        String longest = "a".repeat(64) + "@" + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(63) + ".com";

        assertThat(longest).hasSize(254);
        assertThat(normalised(longest, "254 bytes is the longest address SMTP carries")).isEqualTo(longest);
        invalidEmail("x" + longest, "255 bytes is one too many");

        String e = "\u00e9";
        String accented = e.repeat(64) + "@" + "b".repeat(60) + "." + "c".repeat(60) + ".com";
        assertThat(accented.getBytes(StandardCharsets.UTF_8)).as("(the test's own setup)").hasSize(254);
        assertThat(normalised(accented, "an address of 190 characters and 254 bytes of UTF-8 fits")).isEqualTo(accented);
        invalidEmail(e + accented, "an address of 191 characters is 256 bytes of UTF-8 ('\u00e9' is two bytes): the limit "
                + "counts bytes of UTF-8, as SMTP and the database columns of labs 06 and 08 do, not characters");
    }

    // tag::test-signup[]
    @Test
    @Tag("task:4")
    @DisplayName("Signs up: stores a bcrypt hash under the normalised email and returns a profile without it")
    void signsUp() {
        AccountService accounts = accounts();
        UserProfile profile = returned("a valid sign-up", () -> accounts.signup(" Ada@Example.com ", PASSWORD));

        assertThat(profile.email()).as("the profile shows the normalised email").isEqualTo("ada@example.com");
        assertThat(profile.id()).as("a fresh random id (UUID.randomUUID()): the token's sub later").isNotBlank();
        assertThat(profile.createdAt()).as("createdAt comes from the injected clock").isEqualTo(NOW.toString());
        User stored = users.findByEmail("ada@example.com").orElseThrow(
                () -> new AssertionError("signup must store the user in the repository under the normalised email"));
        assertThat(stored.id()).as("the stored user is the one returned").isEqualTo(profile.id());
        assertThat(stored.passwordHash()).as("store the hash, never the password").isNotEqualTo(PASSWORD).startsWith("$2");
        assertThat(hasher.matches(PASSWORD, stored.passwordHash())).as("the hash is of the password signed up with").isTrue();
    }

    @Test
    @Tag("task:4")
    @DisplayName("Refuses a second account for the same email, whatever its case")
    void refusesADuplicateEmail() {
        AccountService accounts = accounts();
        String firstId = returned("the first sign-up", () -> accounts.signup("ada@example.com", PASSWORD)).id();

        refusedFor(UserServiceException.Reason.EMAIL_TAKEN, "the same address in capitals is the same account: EMAIL_TAKEN",
                () -> accounts.signup("ADA@example.com", "another long password"));
        assertThat(users.findByEmail("ada@example.com").map(User::id))
                .as("the first account stays as it was").contains(firstId);
    }
    // end::test-signup[]

    // tag::test-race[]
    /**
     * Four sign-ups for one email, released at the same instant, round after round, each round on a fresh
     * repository. The email shares its hash code and its first four million characters with one address already
     * stored ({@code ...Aa@} and {@code ...BB@} hash alike), so every lookup and every insert compares four million
     * characters: the gap between a "check" and its "write" lasts milliseconds instead of nanoseconds, and with more
     * racers than cores the scheduler cuts some of them off inside it. A check-then-put loses the race in the first
     * rounds (measured on two cores, one fresh JVM per run: caught in 200 of 200 runs, by round 2 at the latest, 50
     * of them with both cores kept busy by other work); an atomic putIfAbsent lets exactly one win, every round, and
     * the twelve rounds take about half a second.
     */
    @Test
    @Tag("task:4")
    @DisplayName("Creates one account per email when two sign-ups race for it")
    void oneAccountPerEmailUnderARace() {
        String prefix = "a".repeat(4 * 1024 * 1024);
        String stored = prefix + "Aa@example.com";
        String racing = prefix + "BB@example.com";
        assertThat(stored.hashCode()).as("(the test's own setup) the two addresses share a hash code").isEqualTo(racing.hashCode());
        User neighbour = new User("neighbour", stored, "$2a$04$hash", Instant.EPOCH);

        OptionalInt doubleWin = Race.firstDoubleWin(4, 12, round -> {
            InMemoryUserRepository repository = new InMemoryUserRepository();
            repository.create(neighbour);
            return repository;
        }, (repository, thread) -> {
            try {
                repository.create(new User("racer-" + thread, racing, "$2a$04$hash", Instant.EPOCH));
                return true;
            } catch (UserServiceException taken) {
                return false;
            }
        });

        assertThat(doubleWin)
                .as("two sign-ups for one email both succeeded (in round %s): check and write in one atomic step "
                        + "(putIfAbsent), never containsKey or get followed by put, which lets both through",
                        doubleWin.isPresent() ? doubleWin.getAsInt() : "none")
                .isEmpty();
    }
    // end::test-race[]

    @Test
    @Tag("task:4")
    @DisplayName("Checks email and password before hashing or storing anything")
    void validatesFirst() {
        AccountService accounts = accounts();
        hasher.forget();

        refusedFor(UserServiceException.Reason.WEAK_PASSWORD, "a 9-character password", () -> accounts.signup("ada@example.com", "too short"));
        refusedFor(UserServiceException.Reason.INVALID_EMAIL, "not an address", () -> accounts.signup("not an email", PASSWORD));
        assertThat(hasher.hashes())
                .as("check the email and the password before hashing: bcrypt is the expensive step (a quarter of a "
                        + "second at cost 12), never spent on a sign-up that will be refused")
                .isZero();
        assertThat(users.findByEmail("ada@example.com")).as("a refused sign-up stores nothing").isEmpty();
    }

    @Test
    @Tag("task:4")
    @DisplayName("POST /signup answers 201 with the profile, and no password or hash anywhere")
    void signupOverHttp() {
        APIGatewayV2HTTPResponse response = api().signup("Ada@Example.com", PASSWORD);

        assertThat(response.getStatusCode()).as("a created account is a 201 (body: %s)", response.getBody()).isEqualTo(201);
        assertThat(header(response, "Content-Type")).startsWith("application/json");
        JsonNode profile = body(response);
        assertThat(profile.path("email").asText()).isEqualTo("ada@example.com");
        assertThat(profile.path("id").asText()).isNotBlank();
        assertThat(response.getBody())
                .as("the response is a UserProfile: neither the password nor its hash ever leaves the service")
                .doesNotContain(PASSWORD).doesNotContain("$2a$").doesNotContainIgnoringCase("password");
    }

    @Test
    @Tag("task:4")
    @DisplayName("POST /signup answers 409 email_taken for an address that has an account")
    void duplicateOverHttp() {
        AuthApi api = api();
        api.signedUp("ada@example.com", PASSWORD);

        APIGatewayV2HTTPResponse response = api.signup("ada@example.com", PASSWORD);

        assertThat(response.getStatusCode()).as("body: %s", response.getBody()).isEqualTo(409);
        assertThat(body(response).path("error").asText()).isEqualTo("email_taken");
    }

    @Test
    @Tag("task:4")
    @DisplayName("POST /signup answers 400 for a look-alike address with an invisible character")
    void invisibleLookAlikeOverHttp() {
        AuthApi api = api();
        api.signedUp("ada@example.com", PASSWORD);

        APIGatewayV2HTTPResponse lookAlike = api.signup("ada@example.com\u200B", "a different long passphrase");

        assertThat(lookAlike.getStatusCode())
                .as("ada@example.com + a zero-width space must not become a second, identical-looking account: refuse "
                        + "invisible characters in Emails.normalise (body: %s)", lookAlike.getBody())
                .isEqualTo(400);
        assertThat(body(lookAlike).path("error").asText()).isEqualTo("invalid_email");
    }

    @Test
    @Tag("task:4")
    @DisplayName("POST /signup answers 400 with the rule broken, and never echoes the password")
    void badInputOverHttp() {
        AuthApi api = api();

        APIGatewayV2HTTPResponse weak = api.signup("ada@example.com", "hunter2");
        APIGatewayV2HTTPResponse invalid = api.signup("ada-at-example.com", PASSWORD);

        assertThat(weak.getStatusCode()).as("body: %s", weak.getBody()).isEqualTo(400);
        assertThat(body(weak).path("error").asText()).isEqualTo("weak_password");
        assertThat(body(weak).path("message").asText()).as("say which rule").contains("12").doesNotContain("hunter2");
        assertThat(invalid.getStatusCode()).as("body: %s", invalid.getBody()).isEqualTo(400);
        assertThat(body(invalid).path("error").asText()).isEqualTo("invalid_email");
    }
}
