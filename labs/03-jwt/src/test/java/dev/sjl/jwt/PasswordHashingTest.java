package dev.sjl.jwt;

import dev.sjl.lambda.ConfigurationException;
import dev.sjl.lambda.Env;
import dev.sjl.users.UserServiceException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static dev.sjl.jwt.Outcomes.completes;
import static dev.sjl.jwt.Outcomes.refused;
import static dev.sjl.jwt.Outcomes.refusedFor;
import static dev.sjl.jwt.Outcomes.returned;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Task 1: hash passwords and enforce a policy")
class PasswordHashingTest {

    private static final String PASSWORD = "correct horse battery staple";

    /** Cost 4, the lowest bcrypt allows: a millisecond per hash keeps the tests fast. Production uses 10 or more. */
    private final BcryptPasswordHasher hasher = new BcryptPasswordHasher(4);

    /** Whether the password matches; a {@code matches} that throws fails the test with {@code rule}. */
    private boolean matches(String password, String hash, String rule) {
        return returned(rule + " (matches must answer false, never throw)", () -> hasher.matches(password, hash));
    }

    private static UserServiceException weak(String password, String rule) {
        return refusedFor(UserServiceException.Reason.WEAK_PASSWORD,
                rule + ": throw UserServiceException(WEAK_PASSWORD, a message naming the rule)", () -> PasswordPolicy.check(password));
    }

    private static void accepted(String password, String rule) {
        completes(rule, () -> PasswordPolicy.check(password));
    }

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
        assertThat(matches(PASSWORD, first, "the password matches its first hash")).as("the password matches its first hash").isTrue();
        assertThat(matches(PASSWORD, second, "the password matches its second hash")).as("the password matches its second hash").isTrue();
    }
    // end::test-bcrypt[]

    @Test
    @Tag("task:1")
    @DisplayName("Accepts the right password and refuses a wrong one")
    void matchesOnlyTheRightPassword() {
        String hash = hasher.hash(PASSWORD);

        assertThat(matches(PASSWORD, hash, "the right password")).as("the right password must match").isTrue();
        assertThat(matches(PASSWORD + "!", hash, "a longer password")).as("one character more is another password").isFalse();
        assertThat(matches("Correct horse battery staple", hash, "another case")).as("passwords are case-sensitive").isFalse();
        assertThat(matches("", hash, "an empty password")).as("an empty password matches nothing").isFalse();
    }

    @Test
    @Tag("task:1")
    @DisplayName("Answers false, never an exception, for a missing password, a broken hash or a password over 72 bytes")
    void matchesIsTotal() {
        String hash = hasher.hash("a".repeat(72));

        assertThat(matches("a".repeat(72), hash, "72 bytes")).as("72 bytes is allowed, and matches its hash").isTrue();
        assertThat(matches(null, hash, "a missing password")).as("a missing password does not match").isFalse();
        assertThat(matches(PASSWORD, null, "a missing hash")).as("a missing hash matches nothing").isFalse();
        assertThat(matches(PASSWORD, "not-a-bcrypt-hash", "a broken hash")).as("a broken hash matches nothing").isFalse();
        String over72 = "bcrypt reads 72 bytes at most, and the library throws beyond: "
                + "a longer password can never have been stored, so answer false before calling it";
        assertThat(matches("a".repeat(73), hash, over72)).as(over72).isFalse();
    }

    @Test
    @Tag("task:1")
    @DisplayName("Never matches a password with a NUL in it: bcrypt reads \"P\" + NUL + \"P\" as \"P\"")
    void matchesNoPasswordWithANul() {
        String password = "abcdefghijkl";
        String hash = hasher.hash(password);
        String rule = "bcrypt repeats its key, NUL-terminated, so \"abcdefghijkl\" + NUL + \"abcdefghijkl\" has the same "
                + "hash as \"abcdefghijkl\": a password with a control character never passed the policy, so it matches "
                + "nothing (check it before the library does)";

        assertThat(matches(password + "\0" + password, hash, rule)).as(rule).isFalse();
        assertThat(matches(password, hash, "the password itself")).as("the password itself still matches").isTrue();
    }

    @Test
    @Tag("task:1")
    @DisplayName("Hashes with the cost it is given")
    void usesTheGivenCost() {
        assertThat(new BcryptPasswordHasher(5).hash(PASSWORD))
                .as("the cost is the two digits after $2a$: pass the hasher's cost to the library, don't hard-code one")
                .startsWith("$2a$05$");
        assertThat(hasher.hash(PASSWORD))
                .as("the cost is the two digits after $2a$: pass the hasher's cost to the library, don't hard-code one")
                .startsWith("$2a$04$");
        assertThat(new BcryptPasswordHasher(5).cost()).isEqualTo(5);
        assertThat(new BcryptPasswordHasher(31).cost()).as("31 is the library's highest cost").isEqualTo(31);
        refused(IllegalArgumentException.class, "cost 3 is below what bcrypt allows", () -> new BcryptPasswordHasher(3));
        refused(IllegalArgumentException.class, "cost 32 is above what bcrypt allows", () -> new BcryptPasswordHasher(32));
    }

    @Test
    @Tag("task:1")
    @DisplayName("Hashes at a cost of at least 10 in production, and refuses a configured cost under 10")
    void productionCostIsAtLeastTen() {
        Map<String, String> environment = TestKeys.hs256Environment();
        environment.put("BCRYPT_COST", "9");

        assertThat(BcryptPasswordHasher.DEFAULT_COST).as("the default cost of a deployment").isGreaterThanOrEqualTo(10);
        assertThat(refused(ConfigurationException.class, "BCRYPT_COST=9 must fail init: below 10 a stolen hash is cheap to crack",
                () -> AuthConfig.from(new Env(environment))))
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
        assertThat(weak("elevenchars", "11 characters are too few")).hasMessageContaining("12");
        accepted("twelve chars", "12 characters are enough");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Counts characters as a person does: six emoji are six characters, not twelve")
    void countsCodePoints() {
        String sixEmoji = "\uD83D\uDD11".repeat(6);

        assertThat(sixEmoji.length()).as("Java's length() counts UTF-16 units: 12 here").isEqualTo(12);
        weak(sixEmoji, "count code points (codePointCount), not chars: 6 emoji are 6 characters, too few");
        accepted("\uD83D\uDD11".repeat(12), "12 emoji are 12 characters (48 bytes): enough, and not too many");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Refuses a password over 72 bytes of UTF-8, because bcrypt ignores the rest")
    void refusesPasswordsBcryptWouldTruncate() {
        accepted("a".repeat(72), "72 bytes is the most bcrypt reads, and still allowed");
        assertThat(weak("a".repeat(73), "73 bytes: bcrypt would ignore the last one, so refuse it")).hasMessageContaining("72");
        weak("\u00e9".repeat(37), "37 'é' are 37 characters but 74 bytes in UTF-8: count bytes "
                + "(getBytes(StandardCharsets.UTF_8)) for this rule, not length()");
    }
    // end::test-policy[]

    // tag::test-control-characters[]
    @ParameterizedTest(name = "[{index}] U+{0}")
    @ValueSource(strings = {"0000", "0009", "000A", "000D", "001B", "007F", "0085"})
    @Tag("task:1")
    @DisplayName("Refuses a password with a control character in it (NUL, tab, line breaks, DEL...)")
    void refusesControlCharacters(String hex) {
        String control = Character.toString(Integer.parseInt(hex, 16));

        weak("correct horse" + control + "battery staple", "a control character (here U+" + hex + ") has no place in a "
                + "password: bcrypt treats NUL as the end of its key, and nobody types the others the same way twice");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Refuses twelve NULs, which bcrypt hashes exactly like the empty password")
    void refusesNuls() {
        String twelveNuls = "\0".repeat(12);
        String hash = hasher.hash(twelveNuls);

        assertThat(matches("", hash, "the library's own behaviour"))
                .as("(how bcrypt behaves, not your code) twelve NULs and nothing at all have the same hash").isTrue();
        assertThat(weak(twelveNuls, "twelve NULs count as 12 characters, but bcrypt sees an empty password: refuse "
                + "control characters"))
                .as("say which rule").hasMessageContaining("control");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Refuses half an emoji (a lone UTF-16 surrogate) and accepts a whole one")
    void refusesBrokenUnicode() {
        weak("correct horse battery \uD83D", "a lone surrogate is not text: UTF-8 turns each one into the same '?', "
                + "so two different passwords would have one hash");
        weak("correct horse battery \uDD11", "a lone low surrogate is not text either");
        accepted("correct horse battery \uD83D\uDD11", "a surrogate pair is one emoji: refuse only a half");
    }
    // end::test-control-characters[]

    @Test
    @Tag("task:1")
    @DisplayName("Refuses a missing password and accepts a passphrase with spaces and accents")
    void missingAndPassphrases() {
        weak(null, "a missing password is a WEAK_PASSWORD refusal, not a NullPointerException");
        weak("", "an empty password is refused");
        accepted("Ça va être une longue phrase", "no composition rules: any characters, spaces included");
    }
}
