package dev.sjl.lambda;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

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

    /**
     * The ConfigurationException the call must throw. The caller's rule is the failure message, whether the call
     * threw something else, returned a value or did nothing.
     */
    private static ConfigurationException configurationError(ThrowingCallable call, String rule, Object... args) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as(rule, args).isInstanceOf(ConfigurationException.class);
        return (ConfigurationException) thrown;
    }

    /** The call must not throw; the caller's rule says why. */
    private static void succeeds(ThrowingCallable call, String rule, Object... args) {
        assertThat(catchThrowable(call)).as(rule, args).isNull();
    }

    private static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
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
        ConfigurationException e = configurationError(() -> env().require(TABLE),
                "require(v) on a missing variable should throw ConfigurationException");

        assertThat(e.variable()).as("the exception's variable() should name the variable").isEqualTo("USERS_TABLE");
        assertThat(e.getMessage()).as("the message should name the variable and say it is missing")
                .contains("USERS_TABLE").containsIgnoringCase("missing");
    }

    @Test
    @Tag("task:1")
    @DisplayName("require treats a blank value as a mistake and says it is empty")
    void requireBlank() {
        for (String blank : new String[] {"", "  ", "\t"}) {
            ConfigurationException e = configurationError(() -> env("USERS_TABLE", blank).require(TABLE),
                    "USERS_TABLE=\"%s\" is a blank value, a deployment mistake: require must throw a "
                            + "ConfigurationException, not return it", blank);
            assertThat(e.getMessage())
                    .as("blank is not missing: say USERS_TABLE is set but empty, so the operator fixes its value "
                            + "instead of looking for a variable that is there")
                    .contains("USERS_TABLE").containsIgnoringCase("empty");
        }
    }

    @Test
    @Tag("task:1")
    @DisplayName("optional returns the value, or empty when the variable is absent or blank")
    void optional() {
        assertThat(env("REGION_HINT", "eu").optional(REGION_HINT)).as("a set variable").hasValue("eu");
        assertThat(env().optional(REGION_HINT)).as("an absent variable").isEmpty();
        assertThat(env("REGION_HINT", "").optional(REGION_HINT)).as("a blank variable counts as absent").isEmpty();
        assertThat(env("REGION_HINT", " \t").optional(REGION_HINT)).as("spaces count as absent").isEmpty();
    }

    @Test
    @Tag("task:1")
    @DisplayName("optional still fails for a variable declared required, absent or blank")
    void optionalOfARequiredVariable() {
        configurationError(() -> env().optional(TABLE),
                "the declaration says USERS_TABLE is required: optional() must not hide that it is missing");
        ConfigurationException blank = configurationError(() -> env("USERS_TABLE", " ").optional(TABLE),
                "USERS_TABLE is required and set to a blank: optional() must fail as require() does, not treat "
                        + "the blank value as absent");
        assertThat(blank.getMessage()).as("say which mistake: set but empty").contains("USERS_TABLE")
                .containsIgnoringCase("empty");
    }

    @Test
    @Tag("task:1")
    @DisplayName("intInRange returns the fallback when absent and the parsed number when set")
    void intInRange() {
        assertThat(env().intInRange(PAGE_SIZE, 1, 100, 25)).as("absent: the fallback").isEqualTo(25);
        assertThat(env("PAGE_SIZE", "").intInRange(PAGE_SIZE, 1, 100, 25)).as("blank: the fallback").isEqualTo(25);
        for (String spaced : new String[] {" 40 ", "40\n", "\t40"}) {
            succeeds(() -> env("PAGE_SIZE", spaced).intInRange(PAGE_SIZE, 1, 100, 25),
                    "PAGE_SIZE=\"%s\": the spaces around a number are not part of it (a template adds a newline "
                            + "easily); strip the value before parsing it", spaced.replace("\n", "\\n"));
            assertThat(env("PAGE_SIZE", spaced).intInRange(PAGE_SIZE, 1, 100, 25)).isEqualTo(40);
        }
        assertThat(env("PAGE_SIZE", "1").intInRange(PAGE_SIZE, 1, 100, 25)).as("min is allowed").isEqualTo(1);
        assertThat(env("PAGE_SIZE", "100").intInRange(PAGE_SIZE, 1, 100, 25)).as("max is allowed").isEqualTo(100);
    }

    @Test
    @Tag("task:1")
    @DisplayName("intInRange refuses a number outside the range, naming the variable, the range and the value")
    void intOutOfRange() {
        for (String value : new String[] {"0", "101", "-5", "99999999999"}) {
            ConfigurationException e = configurationError(
                    () -> env("PAGE_SIZE", value).intInRange(PAGE_SIZE, 1, 100, 25),
                    "PAGE_SIZE=%s is outside 1..100: fail init with a ConfigurationException; never clamp it to the "
                            + "nearest bound (the function would run with a value nobody chose)", value);
            assertThat(e.getMessage()).as("name the variable, the range and the bad value")
                    .contains("PAGE_SIZE", "1", "100", value);
        }
    }

    @Test
    @Tag("task:1")
    @DisplayName("intInRange refuses text that is not a whole number, quoting it")
    void intNotANumber() {
        for (String value : new String[] {"ten", "4.5", "0x10"}) {
            ConfigurationException e = configurationError(
                    () -> env("PAGE_SIZE", value).intInRange(PAGE_SIZE, 1, 100, 25),
                    "\"%s\" is not a whole number: throw a ConfigurationException, not the parser's "
                            + "NumberFormatException", value);
            assertThat(e.getMessage()).as("name the variable and quote the bad value")
                    .contains("PAGE_SIZE", "\"" + value + "\"");
            assertThat(e.getCause())
                    .as("no cause: the parser's exception repeats the raw value in the stack trace Lambda logs")
                    .isNull();
        }
    }

    @Test
    @Tag("task:1")
    @DisplayName("intInRange fails for a required variable that is absent instead of using the fallback")
    void intRequiredAbsent() {
        EnvVar required = new EnvVar("PAGE_SIZE", true, false, "items per page");
        configurationError(() -> env().intInRange(required, 1, 100, 25),
                "PAGE_SIZE is declared required: a required variable has no fallback, its absence fails init");
        configurationError(() -> env("PAGE_SIZE", " ").intInRange(required, 1, 100, 25),
                "PAGE_SIZE is declared required and is blank: a required variable has no fallback");
    }

    @Test
    @Tag("task:1")
    @DisplayName("intInRange rejects a declaration whose fallback is outside its own range, set or not")
    void intBadDeclaration() {
        String rule = "min=%d, max=%d, fallback=%d with PAGE_SIZE %s is a bad declaration, the programmer's error and "
                + "not the operator's: throw IllegalArgumentException before looking at the value";
        int[][] declarations = {{1, 100, 0}, {1, 100, 101}, {10, 1, 5}};
        for (int[] d : declarations) {
            assertThat(catchThrowable(() -> env().intInRange(PAGE_SIZE, d[0], d[1], d[2])))
                    .as(rule, d[0], d[1], d[2], "absent").isInstanceOf(IllegalArgumentException.class);
            assertThat(catchThrowable(() -> env("PAGE_SIZE", "5").intInRange(PAGE_SIZE, d[0], d[1], d[2])))
                    .as(rule, d[0], d[1], d[2], "set to 5").isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(env().intInRange(PAGE_SIZE, 5, 5, 5)).as("a one-value range is fine").isEqualTo(5);
    }

    @Test
    @Tag("task:1")
    @DisplayName("duration parses ISO-8601 (PT15M, P1D) and falls back when absent")
    void duration() {
        assertThat(env().duration(TTL, Duration.ofHours(1))).as("absent: the fallback").isEqualTo(Duration.ofHours(1));
        assertThat(env("SESSION_TTL", "PT15M").duration(TTL, Duration.ZERO)).as("PT15M is 15 minutes")
                .isEqualTo(Duration.ofMinutes(15));
        succeeds(() -> env("SESSION_TTL", " P1D ").duration(TTL, Duration.ZERO),
                "SESSION_TTL=\" P1D \": strip the value before parsing it, as for numbers");
        assertThat(env("SESSION_TTL", " P1D ").duration(TTL, Duration.ZERO)).isEqualTo(Duration.ofDays(1));
        assertThat(env("SESSION_TTL", "PT0S").duration(TTL, Duration.ofHours(1)))
                .as("zero is a valid setting (e.g. no clock skew allowed)").isEqualTo(Duration.ZERO);
    }

    @Test
    @Tag("task:1")
    @DisplayName("duration refuses '15m' and negative durations with a message that shows the expected format")
    void durationMalformed() {
        ConfigurationException notIso = configurationError(
                () -> env("SESSION_TTL", "15m").duration(TTL, Duration.ZERO),
                "SESSION_TTL=15m is not ISO-8601: throw a ConfigurationException, not DateTimeParseException");
        assertThat(notIso.getMessage()).as("say so, quote the value and give an example such as PT15M")
                .contains("SESSION_TTL", "PT15M", "\"15m\"");
        assertThat(notIso.getCause()).as("no cause: the parser's exception repeats the raw value").isNull();

        ConfigurationException negative = configurationError(
                () -> env("SESSION_TTL", "-PT5M").duration(TTL, Duration.ZERO),
                "SESSION_TTL=-PT5M: a negative duration makes no sense as a setting, refuse it");
        assertThat(negative.getMessage()).as("name the variable and say it must not be negative")
                .contains("SESSION_TTL").containsIgnoringCase("negative");
    }

    // tag::secret-never-echoed[]
    @Test
    @Tag("task:1")
    @DisplayName("Never puts the value of a secret variable in a message or a stack trace")
    void secretsStayOutOfMessages() {
        String secret = "s3cr3t-Value";
        EnvVar secretNumber = new EnvVar("SIGNING_KEY", false, true, "secret");
        Map<String, ThrowingCallable> failures = Map.of(
                "not a number", () -> env("SIGNING_KEY", secret).intInRange(secretNumber, 1, 10, 5),
                "out of range", () -> env("SIGNING_KEY", "987654").intInRange(secretNumber, 1, 10, 5),
                "not a duration", () -> env("SIGNING_KEY", secret).duration(KEY, Duration.ZERO));

        failures.forEach((what, call) -> {
            ConfigurationException e = configurationError(call, "a secret that is %s still fails init", what);
            String value = what.equals("out of range") ? "987654" : secret;
            assertThat(e.getMessage())
                    .as("%s: name the secret variable, never print its value: messages end up in logs", what)
                    .contains("SIGNING_KEY").doesNotContain(value);
            assertThat(stackTrace(e))
                    .as("%s: the stack trace Lambda logs must not carry the secret either; a cause such as the "
                            + "parser's exception repeats the raw value", what)
                    .doesNotContain(value);
        });
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
                .isEqualTo(Optional.ofNullable(System.getenv("PATH")).filter(p -> !p.isBlank()));
    }
}
