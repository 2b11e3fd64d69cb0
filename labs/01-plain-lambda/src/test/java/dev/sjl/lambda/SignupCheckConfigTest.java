package dev.sjl.lambda;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Task 3: the configuration is read and checked at init, so a bad setting never reaches a request. */
class SignupCheckConfigTest {

    private static Env env(String... nameValuePairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            map.put(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return new Env(map);
    }

    private static ConfigurationException failure(Env env) {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class,
                () -> SignupCheckConfig.from(env));
        assertThat(e).as("SignupCheckConfig.from should throw ConfigurationException for this environment")
                .isNotNull();
        return e;
    }

    @Test
    @Tag("task:3")
    @DisplayName("Reads all three variables")
    void readsEverything() {
        SignupCheckConfig config = SignupCheckConfig.from(env(
                "ALLOWED_EMAIL_DOMAINS", " Example.COM , example.org",
                "MIN_PASSWORD_LENGTH", "16",
                "MAX_RECORD_BYTES", "4096"));

        assertThat(config.allowedEmailDomains()).as("domains: trimmed and lower-cased")
                .containsExactlyInAnyOrder("example.com", "example.org");
        assertThat(config.minPasswordLength()).isEqualTo(16);
        assertThat(config.maxRecordBytes()).isEqualTo(4096);
        assertThat(config.allows("example.org")).isTrue();
        assertThat(config.allows("elsewhere.com")).as("a domain not listed").isFalse();
    }

    @Test
    @Tag("task:3")
    @DisplayName("Uses the defaults (12 characters, 16384 bytes) and * for any domain")
    void defaults() {
        SignupCheckConfig config = SignupCheckConfig.from(env("ALLOWED_EMAIL_DOMAINS", "*"));

        assertThat(config.allowedEmailDomains()).as("* means any domain: an empty set").isEmpty();
        assertThat(config.allows("anything.example")).isTrue();
        assertThat(config.minPasswordLength()).as("MIN_PASSWORD_LENGTH default").isEqualTo(12);
        assertThat(config.maxRecordBytes()).as("MAX_RECORD_BYTES default").isEqualTo(16384);
    }

    @Test
    @Tag("task:3")
    @DisplayName("Fails init when ALLOWED_EMAIL_DOMAINS is missing: no silent default")
    void domainsRequired() {
        ConfigurationException e = failure(env("MIN_PASSWORD_LENGTH", "12"));

        assertThat(e.variable()).isEqualTo("ALLOWED_EMAIL_DOMAINS");
        assertThat(e.getMessage()).contains("ALLOWED_EMAIL_DOMAINS");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Fails init on a malformed MIN_PASSWORD_LENGTH, quoting the bad value")
    void malformedMinimum() {
        ConfigurationException e = failure(env("ALLOWED_EMAIL_DOMAINS", "*", "MIN_PASSWORD_LENGTH", "twelve"));

        assertThat(e.getMessage()).contains("MIN_PASSWORD_LENGTH", "\"twelve\"");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Keeps MIN_PASSWORD_LENGTH within 8..64 and MAX_RECORD_BYTES within 1024..262144")
    void ranges() {
        assertThat(SignupCheckConfig.from(env("ALLOWED_EMAIL_DOMAINS", "*", "MIN_PASSWORD_LENGTH", "8",
                "MAX_RECORD_BYTES", "1024"))).extracting(SignupCheckConfig::minPasswordLength,
                SignupCheckConfig::maxRecordBytes).containsExactly(8, 1024);
        assertThat(SignupCheckConfig.from(env("ALLOWED_EMAIL_DOMAINS", "*", "MIN_PASSWORD_LENGTH", "64",
                "MAX_RECORD_BYTES", "262144"))).extracting(SignupCheckConfig::minPasswordLength,
                SignupCheckConfig::maxRecordBytes).containsExactly(64, 262144);

        assertThat(failure(env("ALLOWED_EMAIL_DOMAINS", "*", "MIN_PASSWORD_LENGTH", "7")).variable())
                .isEqualTo("MIN_PASSWORD_LENGTH");
        assertThat(failure(env("ALLOWED_EMAIL_DOMAINS", "*", "MIN_PASSWORD_LENGTH", "65")).variable())
                .isEqualTo("MIN_PASSWORD_LENGTH");
        assertThat(failure(env("ALLOWED_EMAIL_DOMAINS", "*", "MAX_RECORD_BYTES", "1023")).variable())
                .isEqualTo("MAX_RECORD_BYTES");
        assertThat(failure(env("ALLOWED_EMAIL_DOMAINS", "*", "MAX_RECORD_BYTES", "262145")).variable())
                .as("above 256 KB an accepted record could not be published to SNS").isEqualTo("MAX_RECORD_BYTES");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Refuses a domain list with an empty entry, a non-domain, or * mixed with domains")
    void malformedDomains() {
        for (String bad : new String[] {"example.com,,example.org", "example.com,", "not a domain",
            "*,example.com", "localhost", "-bad.example"}) {
            ConfigurationException e = failure(env("ALLOWED_EMAIL_DOMAINS", bad));
            assertThat(e.variable()).as("ALLOWED_EMAIL_DOMAINS=%s", bad).isEqualTo("ALLOWED_EMAIL_DOMAINS");
            assertThat(e.getMessage()).contains("ALLOWED_EMAIL_DOMAINS");
        }
    }
}
