package dev.sjl.lambda;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Task 3: the configuration is read and checked at init, so a bad setting never reaches a request. */
class SignupCheckConfigTest {

    private static Env env(String... nameValuePairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            map.put(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return new Env(map);
    }

    /** The configuration this environment gives; the caller's rule is the message if from(env) throws. */
    private static SignupCheckConfig config(Env env, String rule, Object... args) {
        SignupCheckConfig[] config = new SignupCheckConfig[1];
        Throwable thrown = catchThrowable(() -> config[0] = SignupCheckConfig.from(env));
        assertThat(thrown).as(String.format(rule, args) + ": SignupCheckConfig.from(env) must read every variable "
                + "through the env it is given (never System.getenv) and succeed here").isNull();
        return config[0];
    }

    /** The ConfigurationException from(env) must throw; the caller's rule is the message if it does not. */
    private static ConfigurationException failure(Env env, String rule, Object... args) {
        Throwable thrown = catchThrowable(() -> SignupCheckConfig.from(env));
        assertThat(thrown).as(String.format(rule, args) + ": SignupCheckConfig.from should fail init with a "
                + "ConfigurationException").isInstanceOf(ConfigurationException.class);
        return (ConfigurationException) thrown;
    }

    @Test
    @Tag("task:3")
    @DisplayName("Reads all three variables")
    void readsEverything() {
        SignupCheckConfig config = config(env(
                "ALLOWED_EMAIL_DOMAINS", " Example.COM , example.org",
                "MIN_PASSWORD_LENGTH", "16",
                "MAX_RECORD_BYTES", "4096"), "three valid variables (\" Example.COM \" is a domain: trim and "
                + "lower-case each entry before checking it)");

        assertThat(config.allowedEmailDomains()).as("domains: trim and lower-case each entry")
                .containsExactlyInAnyOrder("example.com", "example.org");
        String fromEnv = "%s from the env given to from(env), never from Env.system() or System.getenv there: "
                + "tests and later labs hand in their own";
        assertThat(config.minPasswordLength()).as(fromEnv, "MIN_PASSWORD_LENGTH=16").isEqualTo(16);
        assertThat(config.maxRecordBytes()).as(fromEnv, "MAX_RECORD_BYTES=4096").isEqualTo(4096);
        assertThat(config.allows("example.org")).as("a listed domain may sign up").isTrue();
        assertThat(config.allows("elsewhere.com")).as("a domain not listed may not").isFalse();
    }

    @Test
    @Tag("task:3")
    @DisplayName("Uses the defaults (12 characters, 16384 bytes) and * for any domain")
    void defaults() {
        SignupCheckConfig config = config(env("ALLOWED_EMAIL_DOMAINS", "*"), "ALLOWED_EMAIL_DOMAINS=* alone");

        assertThat(config.allowedEmailDomains()).as("* means any domain: an empty set").isEmpty();
        assertThat(config.allows("anything.example")).as("* lets any domain sign up").isTrue();
        assertThat(config.minPasswordLength()).as("MIN_PASSWORD_LENGTH default").isEqualTo(12);
        assertThat(config.maxRecordBytes()).as("MAX_RECORD_BYTES default").isEqualTo(16384);
        assertThat(config(env("ALLOWED_EMAIL_DOMAINS", " * "), "ALLOWED_EMAIL_DOMAINS=\" * \"").allowedEmailDomains())
                .as("\" * \" is * with spaces around it").isEmpty();
    }

    @Test
    @Tag("task:3")
    @DisplayName("Fails init when ALLOWED_EMAIL_DOMAINS is missing or blank: no silent default")
    void domainsRequired() {
        for (Env env : new Env[] {env("MIN_PASSWORD_LENGTH", "12"), env("ALLOWED_EMAIL_DOMAINS", " ")}) {
            ConfigurationException e = failure(env, "ALLOWED_EMAIL_DOMAINS missing or blank must fail init, with no "
                    + "silent default (\"*\" opens sign-up to every domain: it must be a deliberate choice)");
            assertThat(e.variable()).as("the exception names ALLOWED_EMAIL_DOMAINS").isEqualTo("ALLOWED_EMAIL_DOMAINS");
            assertThat(e.getMessage()).as("the message names ALLOWED_EMAIL_DOMAINS").contains("ALLOWED_EMAIL_DOMAINS");
        }
    }

    @Test
    @Tag("task:3")
    @DisplayName("Fails init on a malformed MIN_PASSWORD_LENGTH, quoting the bad value")
    void malformedMinimum() {
        ConfigurationException e = failure(env("ALLOWED_EMAIL_DOMAINS", "*", "MIN_PASSWORD_LENGTH", "twelve"),
                "MIN_PASSWORD_LENGTH=twelve");

        assertThat(e.variable()).as("the exception names MIN_PASSWORD_LENGTH").isEqualTo("MIN_PASSWORD_LENGTH");
        assertThat(e.getMessage()).as("name the variable and quote the value").contains("MIN_PASSWORD_LENGTH",
                "\"twelve\"");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Keeps MIN_PASSWORD_LENGTH within 8..64 and MAX_RECORD_BYTES within 1024..262144")
    void ranges() {
        assertThat(config(env("ALLOWED_EMAIL_DOMAINS", "*", "MIN_PASSWORD_LENGTH", "8", "MAX_RECORD_BYTES", "1024"),
                "the lowest settings, 8 and 1024"))
                .extracting(SignupCheckConfig::minPasswordLength, SignupCheckConfig::maxRecordBytes)
                .containsExactly(8, 1024);
        assertThat(config(env("ALLOWED_EMAIL_DOMAINS", "*", "MIN_PASSWORD_LENGTH", "64", "MAX_RECORD_BYTES", "262144"),
                "the highest settings: MIN_PASSWORD_LENGTH=64 and MAX_RECORD_BYTES=262144 (256 KB = 256 x 1024 "
                        + "bytes, SNS's message limit)"))
                .extracting(SignupCheckConfig::minPasswordLength, SignupCheckConfig::maxRecordBytes)
                .containsExactly(64, 262144);

        Map<String, String> outOfRange = new LinkedHashMap<>();
        outOfRange.put("MIN_PASSWORD_LENGTH=7", "below 8 characters a password is too easy to guess");
        outOfRange.put("MIN_PASSWORD_LENGTH=65", "the declared range ends at 64");
        outOfRange.put("MAX_RECORD_BYTES=1023", "below 1 KB not even a plain record fits");
        outOfRange.put("MAX_RECORD_BYTES=262145", "above 256 KB an accepted record could not be published to SNS "
                + "(its limit, not Lambda's 6 MB payload, is the ceiling)");
        outOfRange.forEach((setting, why) -> {
            String[] nameValue = setting.split("=");
            ConfigurationException e = failure(env("ALLOWED_EMAIL_DOMAINS", "*", nameValue[0], nameValue[1]),
                    "%s must fail init, never be clamped: %s", setting, why);
            assertThat(e.variable()).as("%s: the exception names the variable", setting).isEqualTo(nameValue[0]);
        });
    }

    @Test
    @Tag("task:3")
    @DisplayName("Refuses a domain list with an empty entry, a non-domain, or * mixed with domains")
    void malformedDomains() {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("example.com,,example.org", "an empty entry between two commas is a typo");
        bad.put("example.com,", "a trailing comma leaves an empty entry at the end (split drops trailing empty "
                + "strings unless told not to)");
        bad.put(",example.com", "a leading comma leaves an empty entry");
        bad.put("not a domain", "not a domain name");
        bad.put("*,example.com", "* means any domain only alone: mixed with domains it contradicts them");
        bad.put("localhost", "not a domain name: a domain needs a dot");
        bad.put("-bad.example", "not a domain name: a label cannot start with a hyphen");
        bad.put("example.com;example.org", "not a domain name: entries are separated by commas");
        bad.forEach((value, why) -> {
            ConfigurationException e = failure(env("ALLOWED_EMAIL_DOMAINS", value),
                    "ALLOWED_EMAIL_DOMAINS=%s must fail init: %s", value, why);
            assertThat(e.variable()).as("ALLOWED_EMAIL_DOMAINS=%s: the exception names the variable", value)
                    .isEqualTo("ALLOWED_EMAIL_DOMAINS");
            assertThat(e.getMessage()).as("ALLOWED_EMAIL_DOMAINS=%s: the message names the variable", value)
                    .contains("ALLOWED_EMAIL_DOMAINS");
        });
    }
}
