package dev.sjl.jwt;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static dev.sjl.jwt.Fixtures.body;
import static dev.sjl.jwt.Fixtures.header;
import static dev.sjl.jwt.TestKeys.AUDIENCE;
import static dev.sjl.jwt.TestKeys.ISSUER;
import static dev.sjl.jwt.TestKeys.NOW;
import static dev.sjl.jwt.TestKeys.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Task 4: sign up")
class SignupTest {

    private static final String PASSWORD = "correct horse battery staple";

    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final InMemoryUserRepository users = new InMemoryUserRepository();
    private final BcryptPasswordHasher hasher = new BcryptPasswordHasher(4);

    private AccountService accounts() {
        return new AccountService(users, hasher,
                new TokenIssuer(SigningKey.hs256(SECRET), ISSUER, AUDIENCE, Duration.ofMinutes(15), clock),
                new RefreshTokenService(Duration.ofDays(30), clock), clock);
    }

    private AuthApi api() {
        return new AuthApi(new AuthHandler(TestKeys.config(TestKeys.hs256Environment()), users, hasher, clock));
    }

    private static void assertReason(Throwable thrown, AuthException.Reason reason) {
        assertThat(thrown).isInstanceOf(AuthException.class);
        assertThat(((AuthException) thrown).reason()).isEqualTo(reason);
    }

    @Test
    @Tag("task:4")
    @DisplayName("Normalises an email: trimmed, lower-cased, Unicode composed")
    void normalisesEmails() {
        assertThat(Emails.normalise("  Ada.Lovelace@Example.COM "))
                .as("strip() the spaces and lower-case with Locale.ROOT, so one address is one account")
                .isEqualTo("ada.lovelace@example.com");
        assertThat(Emails.normalise("Ame\u0301lie@example.com"))
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
        assertThatThrownBy(() -> Emails.normalise(email))
                .as("throw AuthException(INVALID_EMAIL, ...) for anything without one @, a local part and a dotted domain")
                .satisfies(thrown -> assertReason(thrown, AuthException.Reason.INVALID_EMAIL));
    }

    @Test
    @Tag("task:4")
    @DisplayName("Refuses an address longer than 254 characters")
    void refusesOverlongEmails() {
        String longest = "a".repeat(64) + "@" + "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(63) + ".com";

        assertThat(longest).hasSize(254);
        assertThat(Emails.normalise(longest)).as("254 characters is the longest address SMTP carries").isEqualTo(longest);
        assertThatThrownBy(() -> Emails.normalise("x" + longest))
                .as("255 characters is one too many")
                .satisfies(thrown -> assertReason(thrown, AuthException.Reason.INVALID_EMAIL));
    }

    // tag::test-signup[]
    @Test
    @Tag("task:4")
    @DisplayName("Signs up: stores a bcrypt hash under the normalised email and returns a profile without it")
    void signsUp() {
        UserProfile profile = accounts().signup(" Ada@Example.com ", PASSWORD);

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
        String firstId = accounts.signup("ada@example.com", PASSWORD).id();

        assertThatThrownBy(() -> accounts.signup("ADA@example.com", "another long password"))
                .as("the same address in capitals is the same account: EMAIL_TAKEN")
                .satisfies(thrown -> assertReason(thrown, AuthException.Reason.EMAIL_TAKEN));
        assertThat(users.findByEmail("ada@example.com").map(User::id))
                .as("the first account stays as it was").contains(firstId);
    }
    // end::test-signup[]

    @Test
    @Tag("task:4")
    @DisplayName("Stores users in one atomic step, findable by id and by email")
    void repositoryCreatesOnce() {
        User ada = new User("id-1", "ada@example.com", "$2a$04$hash", Instant.EPOCH);
        User impostor = new User("id-2", "ada@example.com", "$2a$04$other", Instant.EPOCH);

        users.create(ada);

        assertThat(users.findById("id-1")).as("create stores by id").contains(ada);
        assertThat(users.findByEmail("ada@example.com")).as("create stores by email").contains(ada);
        assertThatThrownBy(() -> users.create(impostor))
                .as("a taken email fails with EMAIL_TAKEN: check and write in one step (putIfAbsent), like a "
                        + "conditional write, never a find followed by a put")
                .satisfies(thrown -> assertReason(thrown, AuthException.Reason.EMAIL_TAKEN));
        assertThat(users.findById("id-2")).as("the refused user is not stored at all").isEmpty();
        assertThat(users.findByEmail("ada@example.com")).as("and the first one keeps the email").contains(ada);
    }

    @Test
    @Tag("task:4")
    @DisplayName("Checks email and password before hashing or storing anything")
    void validatesFirst() {
        AccountService accounts = accounts();

        assertThatThrownBy(() -> accounts.signup("ada@example.com", "too short"))
                .satisfies(thrown -> assertReason(thrown, AuthException.Reason.WEAK_PASSWORD));
        assertThatThrownBy(() -> accounts.signup("not an email", PASSWORD))
                .satisfies(thrown -> assertReason(thrown, AuthException.Reason.INVALID_EMAIL));
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
