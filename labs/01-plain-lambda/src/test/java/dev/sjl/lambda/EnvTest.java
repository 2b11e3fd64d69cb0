package dev.sjl.lambda;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Task 1: the configuration contract every later lab reads its settings through. */
class EnvTest {

    private static final EnvVar TABLE = new EnvVar("USERS_TABLE", true, false, "DynamoDB table of users");
    private static final EnvVar REGION_HINT = new EnvVar("REGION_HINT", false, false, "optional hint");
    private static final EnvVar PAGE_SIZE = new EnvVar("PAGE_SIZE", false, false, "items per page");
    private static final EnvVar TTL = new EnvVar("SESSION_TTL", false, false, "how long a session lives");
    private static final EnvVar KEY = new EnvVar("SIGNING_KEY", true, true, "HMAC key for links");

    private static Env env(String... nameValuePairs) {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            map.put(nameValuePairs[i], nameValuePairs[i + 1]);
        }
        return new Env(map);
    }

    @Test
    @Tag("task:1")
    @DisplayName("require returns the value of a variable that is set")
    void requireReturnsTheValue() {
        assertThat(env("USERS_TABLE", "users").require(TABLE))
                .as("require(v) should return the variable's value unchanged").isEqualTo("users");
    }

    @Test
    @Tag("task:1")
    @DisplayName("require fails with a ConfigurationException that names a missing variable")
    void requireMissing() {
        ConfigurationException e = catchThrowableOfType(ConfigurationException.class, () -> env().require(TABLE));

        assertThat(e).as("require(v) on a missing variable should throw ConfigurationException").isNotNull();
        assertThat(e.variable()).as("the exception's variable() should name the variable").isEqualTo("USERS_TABLE");
        assertThat(e.getMessage()).as("the message should name the variable and say it is missing")
                .contains("USERS_TABLE").containsIgnoringCase("missing");
    }

    @Test
    @Tag("task:1")
    @DisplayName("require treats a blank value as a mistake and says it is empty")
    void requireBlank() {
        assertThatThrownBy(() -> env("USERS_TABLE", "  ").require(TABLE))
                .as("a variable set to spaces is a deployment mistake: throw a ConfigurationException")
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("USERS_TABLE").hasMessageContaining("empty");
    }

    @Test
    @Tag("task:1")
    @DisplayName("optional returns the value, or empty when the variable is absent or blank")
    void optional() {
        assertThat(env("REGION_HINT", "eu").optional(REGION_HINT)).as("a set variable").hasValue("eu");
        assertThat(env().optional(REGION_HINT)).as("an absent variable").isEmpty();
        assertThat(env("REGION_HINT", "").optional(REGION_HINT)).as("a blank variable counts as absent").isEmpty();
    }

    @Test
    @Tag("task:1")
    @DisplayName("optional still fails for a variable declared required")
    void optionalOfARequiredVariable() {
        assertThatThrownBy(() -> env().optional(TABLE))
                .as("the declaration says USERS_TABLE is required: optional() must not hide that it is missing")
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("USERS_TABLE");
    }

    @Test
    @Tag("task:1")
    @DisplayName("intInRange returns the fallback when absent and the parsed number when set")
    void intInRange() {
        assertThat(env().intInRange(PAGE_SIZE, 1, 100, 25)).as("absent: the fallback").isEqualTo(25);
        assertThat(env("PAGE_SIZE", " 40 ").intInRange(PAGE_SIZE, 1, 100, 25))
                .as("surrounding spaces are not part of a number").isEqualTo(40);
        assertThat(env("PAGE_SIZE", "1").intInRange(PAGE_SIZE, 1, 100, 25)).as("min is allowed").isEqualTo(1);
        assertThat(env("PAGE_SIZE", "100").intInRange(PAGE_SIZE, 1, 100, 25)).as("max is allowed").isEqualTo(100);
    }

    @Test
    @Tag("task:1")
    @DisplayName("intInRange refuses a number outside the range, naming the variable, the range and the value")
    void intOutOfRange() {
        for (String value : new String[] {"0", "101"}) {
            assertThatThrownBy(() -> env("PAGE_SIZE", value).intInRange(PAGE_SIZE, 1, 100, 25))
                    .as("%s is outside 1..100: fail init rather than clamp", value)
                    .isInstanceOf(ConfigurationException.class)
                    .hasMessageContaining("PAGE_SIZE").hasMessageContaining("1").hasMessageContaining("100")
                    .hasMessageContaining(value);
        }
    }

    @Test
    @Tag("task:1")
    @DisplayName("intInRange refuses text that is not a whole number, quoting it")
    void intNotANumber() {
        assertThatThrownBy(() -> env("PAGE_SIZE", "ten").intInRange(PAGE_SIZE, 1, 100, 25))
                .as("\"ten\" is not a number: throw ConfigurationException, not NumberFormatException")
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("PAGE_SIZE").hasMessageContaining("\"ten\"")
                .hasNoCause();
    }

    @Test
    @Tag("task:1")
    @DisplayName("intInRange fails for a required variable that is absent instead of using the fallback")
    void intRequiredAbsent() {
        EnvVar required = new EnvVar("PAGE_SIZE", true, false, "items per page");
        assertThatThrownBy(() -> env().intInRange(required, 1, 100, 25))
                .as("a required variable has no fallback").isInstanceOf(ConfigurationException.class);
    }

    @Test
    @Tag("task:1")
    @DisplayName("intInRange rejects a declaration whose fallback is outside its own range")
    void intBadDeclaration() {
        assertThatThrownBy(() -> env().intInRange(PAGE_SIZE, 1, 100, 0))
                .as("a fallback below min is a programming error: IllegalArgumentException")
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> env().intInRange(PAGE_SIZE, 1, 100, 101))
                .as("a fallback above max is a programming error").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> env().intInRange(PAGE_SIZE, 10, 1, 5))
                .as("min above max is a programming error").isInstanceOf(IllegalArgumentException.class);
        assertThat(env().intInRange(PAGE_SIZE, 5, 5, 5)).as("a one-value range is fine").isEqualTo(5);
    }

    @Test
    @Tag("task:1")
    @DisplayName("duration parses ISO-8601 (PT15M, P1D) and falls back when absent")
    void duration() {
        assertThat(env().duration(TTL, Duration.ofHours(1))).as("absent: the fallback").isEqualTo(Duration.ofHours(1));
        assertThat(env("SESSION_TTL", "PT15M").duration(TTL, Duration.ZERO)).isEqualTo(Duration.ofMinutes(15));
        assertThat(env("SESSION_TTL", " P1D ").duration(TTL, Duration.ZERO)).isEqualTo(Duration.ofDays(1));
        assertThat(env("SESSION_TTL", "PT0S").duration(TTL, Duration.ofHours(1)))
                .as("zero is a valid setting (e.g. no clock skew allowed)").isEqualTo(Duration.ZERO);
    }

    @Test
    @Tag("task:1")
    @DisplayName("duration refuses '15m' and negative durations with a message that shows the expected format")
    void durationMalformed() {
        assertThatThrownBy(() -> env("SESSION_TTL", "15m").duration(TTL, Duration.ZERO))
                .as("15m is not ISO-8601: say so and give an example such as PT15M")
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("SESSION_TTL").hasMessageContaining("PT15M").hasMessageContaining("\"15m\"")
                .hasNoCause();
        assertThatThrownBy(() -> env("SESSION_TTL", "-PT5M").duration(TTL, Duration.ZERO))
                .as("a negative duration makes no sense as a setting")
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("SESSION_TTL");
    }

    // tag::secret-never-echoed[]
    @Test
    @Tag("task:1")
    @DisplayName("Never puts the value of a secret variable in a message")
    void secretsStayOutOfMessages() {
        String secret = "s3cr3t-Value";
        EnvVar secretNumber = new EnvVar("SIGNING_KEY", false, true, "secret");
        ConfigurationException notANumber = catchThrowableOfType(ConfigurationException.class,
                () -> env("SIGNING_KEY", secret).intInRange(secretNumber, 1, 10, 5));
        ConfigurationException notADuration = catchThrowableOfType(ConfigurationException.class,
                () -> env("SIGNING_KEY", secret).duration(KEY, Duration.ZERO));

        assertThat(notANumber).as("a malformed secret still fails init").isNotNull();
        assertThat(notADuration).as("a malformed secret still fails init").isNotNull();
        assertThat(notANumber.getMessage() + notADuration.getMessage())
                .as("name the secret variable, never print its value: messages end up in logs")
                .contains("SIGNING_KEY").doesNotContain(secret);
    }
    // end::secret-never-echoed[]

    @Test
    @Tag("task:1")
    @DisplayName("Keeps its own copy of the variables: later changes to the map do not leak in")
    void copiesTheMap() {
        Map<String, String> source = new HashMap<>(Map.of("USERS_TABLE", "users"));
        Env env = new Env(source);
        source.put("USERS_TABLE", "changed");

        assertThat(env.require(TABLE)).as("Env should copy the map it is given").isEqualTo("users");
    }

    @Test
    @Tag("task:1")
    @DisplayName("Env.system() reads the process environment")
    void systemEnvironment() {
        EnvVar path = new EnvVar("PATH", false, false, "the shell's search path");
        assertThat(Env.system().optional(path)).as("Env.system() should see System.getenv()")
                .isEqualTo(java.util.Optional.ofNullable(System.getenv("PATH")).filter(p -> !p.isBlank()));
    }
}
