package dev.sjl.jwt;

import dev.sjl.lambda.ConfigurationException;
import dev.sjl.lambda.Env;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Task 1: hash passwords and enforce a policy")
class PasswordHashingTest {

    private static final String PASSWORD = "correct horse battery staple";

    /** Cost 4, the lowest bcrypt allows: a millisecond per hash keeps the tests fast. Production uses 10 or more. */
    private final BcryptPasswordHasher hasher = new BcryptPasswordHasher(4);

    // tag::test-bcrypt[]
    @Test
    @Tag("task:1")
    @DisplayName("Stores a bcrypt string, never the password")
    void hashIsBcrypt() {
        String hash = hasher.hash(PASSWORD);

        assertThat(hash)
                .as("a bcrypt hash reads $2a$<cost>$ then 53 characters of salt and hash: "
                        + "use BCrypt.withDefaults().hashToString(cost, password.toCharArray())")
                .matches("\\$2[aby]\\$04\\$[./A-Za-z0-9]{53}");
        assertThat(hash).as("nothing of the password may show in what is stored").doesNotContain("horse");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Salts every hash: the same password hashed twice gives two strings that both match")
    void saltsEveryHash() {
        String first = hasher.hash(PASSWORD);
        String second = hasher.hash(PASSWORD);

        assertThat(first)
                .as("without a random salt, equal passwords have equal hashes and one cracked hash cracks them all")
                .isNotEqualTo(second);
        assertThat(hasher.matches(PASSWORD, first)).as("the password matches its first hash").isTrue();
        assertThat(hasher.matches(PASSWORD, second)).as("the password matches its second hash").isTrue();
    }
    // end::test-bcrypt[]

    @Test
    @Tag("task:1")
    @DisplayName("Accepts the right password and refuses a wrong one")
    void matchesOnlyTheRightPassword() {
        String hash = hasher.hash(PASSWORD);

        assertThat(hasher.matches(PASSWORD, hash)).as("the right password must match").isTrue();
        assertThat(hasher.matches(PASSWORD + "!", hash)).as("one character more is another password").isFalse();
        assertThat(hasher.matches("Correct horse battery staple", hash)).as("passwords are case-sensitive").isFalse();
        assertThat(hasher.matches("", hash)).as("an empty password matches nothing").isFalse();
    }

    @Test
    @Tag("task:1")
    @DisplayName("Answers false, never an exception, for a missing password, a broken hash or a password over 72 bytes")
    void matchesIsTotal() {
        String hash = hasher.hash("a".repeat(72));

        assertThat(hasher.matches("a".repeat(72), hash)).as("72 bytes is allowed, and matches its hash").isTrue();
        assertThat(hasher.matches(null, hash)).as("a missing password does not match").isFalse();
        assertThat(hasher.matches(PASSWORD, null)).as("a missing hash matches nothing").isFalse();
        assertThat(hasher.matches(PASSWORD, "not-a-bcrypt-hash")).as("a broken hash matches nothing").isFalse();
        assertThat(hasher.matches("a".repeat(73), hash))
                .as("bcrypt reads 72 bytes at most, and the library throws beyond: "
                        + "a longer password can never have been stored, so answer false before calling it")
                .isFalse();
    }

    @Test
    @Tag("task:1")
    @DisplayName("Hashes with the cost it is given")
    void usesTheGivenCost() {
        assertThat(new BcryptPasswordHasher(5).hash(PASSWORD))
                .as("the cost is the two digits after $2a$: pass the hasher's cost to the library, don't hard-code one")
                .startsWith("$2a$05$");
        assertThat(hasher.hash(PASSWORD)).startsWith("$2a$04$");
        assertThat(new BcryptPasswordHasher(5).cost()).isEqualTo(5);
        assertThat(new BcryptPasswordHasher(31).cost()).as("31 is the library's highest cost").isEqualTo(31);
        assertThatThrownBy(() -> new BcryptPasswordHasher(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BcryptPasswordHasher(32)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @Tag("task:1")
    @DisplayName("Hashes at a cost of at least 10 in production, and refuses a configured cost under 10")
    void productionCostIsAtLeastTen() {
        Map<String, String> environment = TestKeys.hs256Environment();
        environment.put("BCRYPT_COST", "9");

        assertThat(BcryptPasswordHasher.DEFAULT_COST).as("the default cost of a deployment").isGreaterThanOrEqualTo(10);
        assertThatThrownBy(() -> AuthConfig.from(new Env(environment)))
                .as("BCRYPT_COST=9 must fail init: below 10 a stolen hash is cheap to crack")
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("BCRYPT_COST");
        assertThat(new BcryptPasswordHasher(BcryptPasswordHasher.DEFAULT_COST).hash(PASSWORD))
                .as("a hasher built with the default cost writes it into the hash")
                .startsWith("$2a$" + BcryptPasswordHasher.DEFAULT_COST + "$");
    }

    // tag::test-policy[]
    @Test
    @Tag("task:1")
    @DisplayName("Refuses a password shorter than 12 characters, and says so")
    void refusesShortPasswords() {
        assertThatThrownBy(() -> PasswordPolicy.check("elevenchars"))
                .as("11 characters are too few: throw AuthException(WEAK_PASSWORD, a message naming the minimum)")
                .isInstanceOfSatisfying(AuthException.class,
                        e -> assertThat(e.reason()).isEqualTo(AuthException.Reason.WEAK_PASSWORD))
                .hasMessageContaining("12");
        assertThatCode(() -> PasswordPolicy.check("twelve chars"))
                .as("12 characters are enough").doesNotThrowAnyException();
    }

    @Test
    @Tag("task:1")
    @DisplayName("Counts characters as a person does: six emoji are six characters, not twelve")
    void countsCodePoints() {
        String sixEmoji = "\uD83D\uDD11".repeat(6);

        assertThat(sixEmoji.length()).as("Java's length() counts UTF-16 units: 12 here").isEqualTo(12);
        assertThatThrownBy(() -> PasswordPolicy.check(sixEmoji))
                .as("count code points (codePointCount), not chars: 6 emoji are 6 characters, too few")
                .isInstanceOf(AuthException.class);
    }

    @Test
    @Tag("task:1")
    @DisplayName("Refuses a password over 72 bytes of UTF-8, because bcrypt ignores the rest")
    void refusesPasswordsBcryptWouldTruncate() {
        assertThatCode(() -> PasswordPolicy.check("a".repeat(72)))
                .as("72 bytes is the most bcrypt reads, and still allowed").doesNotThrowAnyException();
        assertThatThrownBy(() -> PasswordPolicy.check("a".repeat(73)))
                .as("73 bytes: bcrypt would ignore the last one, so refuse it")
                .isInstanceOfSatisfying(AuthException.class,
                        e -> assertThat(e.reason()).isEqualTo(AuthException.Reason.WEAK_PASSWORD))
                .hasMessageContaining("72");
        assertThatThrownBy(() -> PasswordPolicy.check("\u00e9".repeat(37)))
                .as("37 'é' are 37 characters but 74 bytes in UTF-8: count bytes for this rule")
                .isInstanceOf(AuthException.class);
    }
    // end::test-policy[]

    @Test
    @Tag("task:1")
    @DisplayName("Refuses a missing password and accepts a passphrase with spaces and accents")
    void missingAndPassphrases() {
        assertThatThrownBy(() -> PasswordPolicy.check(null))
                .as("a missing password is a WEAK_PASSWORD refusal, not a NullPointerException")
                .isInstanceOf(AuthException.class);
        assertThatThrownBy(() -> PasswordPolicy.check(""))
                .as("an empty password is refused").isInstanceOf(AuthException.class);
        assertThatCode(() -> PasswordPolicy.check("Ça va être une longue phrase"))
                .as("no composition rules: any characters, spaces included").doesNotThrowAnyException();
    }
}
