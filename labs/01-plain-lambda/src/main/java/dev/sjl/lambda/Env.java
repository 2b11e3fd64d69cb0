package dev.sjl.lambda;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a function's configuration from its environment, once, at init.
 *
 * <p>Every failure is a {@link ConfigurationException} whose message names the variable and what is wrong, so a
 * misconfigured function fails its init with a sentence an operator can act on. The value of a {@link EnvVar#secret()
 * secret} variable never appears in a message. A value that is set but blank counts as absent: an empty string in a
 * deployment template is a mistake, not a setting.
 *
 * <p>Build it with {@link #system()} in the handler's no-arg constructor and with {@link #Env(Map)} in tests.
 */
public final class Env {

    private final Map<String, String> variables;

    /** An environment made of the given variables (tests pass a map; the runtime uses {@link #system()}). */
    public Env(Map<String, String> variables) {
        Objects.requireNonNull(variables, "variables");
        // A copy: the caller's map may change after init, the configuration must not.
        this.variables = Map.copyOf(variables);
    }

    /** The process environment, which is where Lambda puts the function's configured variables. */
    public static Env system() {
        return new Env(System.getenv());
    }

    /** The variable's value; fails when it is absent or blank, whatever the declaration says. */
    public String require(EnvVar v) {
        // TODO: absent and blank are two different mistakes: say which one, and name the variable.
        throw new UnsupportedOperationException("Task 1: return the variable's value, or throw a "
                + "ConfigurationException that names it");
    }

    /**
     * The variable's value, or empty when it is absent or blank. A variable declared {@code required} is still
     * required here: the declaration is what the handbook tells operators, so the code must agree with it.
     */
    public Optional<String> optional(EnvVar v) {
        throw new UnsupportedOperationException("Task 1: return the value, empty when absent or blank, and fail "
                + "for a required variable");
    }

    // tag::env-int[]
    /**
     * A whole number from {@code min} to {@code max} inclusive, or {@code fallbackWhenAbsent} when the variable is
     * not set. Out of range is an error, not a silent clamp: a clamp would run the function with a value nobody chose.
     */
    public int intInRange(EnvVar v, int min, int max, int fallbackWhenAbsent) {
        // TODO: a bad declaration (fallback outside [min, max]) is the programmer's error, not the operator's.
        // TODO: never attach the parser's exception as the cause: its message repeats the raw value.
        throw new UnsupportedOperationException("Task 1: parse a whole number within [min, max], or use the fallback");
    }
    // end::env-int[]

    /**
     * An ISO-8601 duration such as {@code PT15M} or {@code P1D}, or {@code fallbackWhenAbsent} when the variable is
     * not set. Negative durations are refused; zero is allowed (e.g. "no clock skew").
     */
    public Duration duration(EnvVar v, Duration fallbackWhenAbsent) {
        throw new UnsupportedOperationException("Task 1: parse an ISO-8601 duration (java.time.Duration), or use "
                + "the fallback");
    }

    /**
     * How many bytes the given variables take the way Lambda measures its 4 KB environment limit: the JSON text
     * {@code {"NAME":"value",...}} of the variables that are set (Lambda's own error quotes it as "String measured").
     * Variables the function does not declare, such as the runtime's {@code AWS_*} ones, are not counted.
     */
    public int sizeInBytes(Collection<EnvVar> declared) {
        throw new UnsupportedOperationException("Task 5: measure the declared, set variables as JSON bytes");
    }
}
