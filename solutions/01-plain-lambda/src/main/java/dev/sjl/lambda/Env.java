package dev.sjl.lambda;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashMap;
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

    // BEGIN TASK 5
    private static final ObjectMapper JSON = new ObjectMapper();

    // END TASK 5
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
        // BEGIN TASK 1
        String value = variables.get(v.name());
        if (value == null) {
            throw new ConfigurationException(v.name(), "Missing environment variable " + v.name() + " ("
                    + v.description() + "). Set it in the function's configuration.");
        }
        if (value.isBlank()) {
            throw new ConfigurationException(v.name(), "Environment variable " + v.name() + " is set but empty ("
                    + v.description() + "). Give it a value.");
        }
        return value;
        // STARTER
        //| // TODO: absent and blank are two different mistakes: say which one, and name the variable.
        //| throw new UnsupportedOperationException("Task 1: return the variable's value, or throw a "
        //|         + "ConfigurationException that names it");
        // END TASK 1
    }

    /**
     * The variable's value, or empty when it is absent or blank. A variable declared {@code required} is still
     * required here: the declaration is what the handbook tells operators, so the code must agree with it.
     */
    public Optional<String> optional(EnvVar v) {
        // BEGIN TASK 1
        String value = variables.get(v.name());
        if (value == null || value.isBlank()) {
            if (v.required()) {
                require(v);
            }
            return Optional.empty();
        }
        return Optional.of(value);
        // STARTER
        //| throw new UnsupportedOperationException("Task 1: return the value, empty when absent or blank, and fail "
        //|         + "for a required variable");
        // END TASK 1
    }

    // tag::env-int[]
    /**
     * A whole number from {@code min} to {@code max} inclusive, or {@code fallbackWhenAbsent} when the variable is
     * not set. Out of range is an error, not a silent clamp: a clamp would run the function with a value nobody chose.
     */
    public int intInRange(EnvVar v, int min, int max, int fallbackWhenAbsent) {
        // BEGIN TASK 1
        if (min > max || fallbackWhenAbsent < min || fallbackWhenAbsent > max) {
            throw new IllegalArgumentException("Range [" + min + ", " + max + "] with fallback " + fallbackWhenAbsent
                    + " is not a valid declaration for " + v.name());
        }
        Optional<String> raw = optional(v);
        if (raw.isEmpty()) {
            return fallbackWhenAbsent;
        }
        int value;
        try {
            value = Integer.parseInt(raw.get().strip());
        } catch (NumberFormatException notANumber) {
            throw new ConfigurationException(v.name(), v.name() + " must be a whole number from " + min + " to "
                    + max + butIs(v, raw.get()));
        }
        if (value < min || value > max) {
            throw new ConfigurationException(v.name(), v.name() + " must be from " + min + " to " + max
                    + butIs(v, raw.get()));
        }
        return value;
        // STARTER
        //| // TODO: a bad declaration (fallback outside [min, max]) is the programmer's error, not the operator's.
        //| // TODO: never attach the parser's exception as the cause: its message repeats the raw value.
        //| throw new UnsupportedOperationException("Task 1: parse a whole number within [min, max], or use the fallback");
        // END TASK 1
    }
    // end::env-int[]

    /**
     * An ISO-8601 duration such as {@code PT15M} or {@code P1D}, or {@code fallbackWhenAbsent} when the variable is
     * not set. Negative durations are refused; zero is allowed (e.g. "no clock skew").
     */
    public Duration duration(EnvVar v, Duration fallbackWhenAbsent) {
        // BEGIN TASK 1
        Objects.requireNonNull(fallbackWhenAbsent, "fallbackWhenAbsent");
        Optional<String> raw = optional(v);
        if (raw.isEmpty()) {
            return fallbackWhenAbsent;
        }
        Duration value;
        try {
            value = Duration.parse(raw.get().strip());
        } catch (DateTimeParseException notIso) {
            throw new ConfigurationException(v.name(), v.name() + " must be an ISO-8601 duration such as PT30S, "
                    + "PT15M or P1D" + butIs(v, raw.get()));
        }
        if (value.isNegative()) {
            throw new ConfigurationException(v.name(), v.name() + " must not be negative" + butIs(v, raw.get()));
        }
        return value;
        // STARTER
        //| throw new UnsupportedOperationException("Task 1: parse an ISO-8601 duration (java.time.Duration), or use "
        //|         + "the fallback");
        // END TASK 1
    }

    /**
     * How many bytes the given variables take the way Lambda measures its 4 KB environment limit: the JSON text
     * {@code {"NAME":"value",...}} of the variables that are set (Lambda's own error quotes it as "String measured").
     * Variables the function does not declare, such as the runtime's {@code AWS_*} ones, are not counted.
     */
    public int sizeInBytes(Collection<EnvVar> declared) {
        // BEGIN TASK 5
        Map<String, String> set = new LinkedHashMap<>();
        for (EnvVar v : declared) {
            String value = variables.get(v.name());
            if (value != null) {
                set.put(v.name(), value);
            }
        }
        try {
            return JSON.writeValueAsBytes(set).length;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Strings always serialize", e);
        }
        // STARTER
        //| throw new UnsupportedOperationException("Task 5: measure the declared, set variables as JSON bytes");
        // END TASK 5
    }
    // BEGIN TASK 1

    // tag::env-secret[]
    /** The end of an error sentence: the offending value helps an operator, unless it is a secret. */
    private static String butIs(EnvVar v, String value) {
        return v.secret()
                ? " (the value is not shown because " + v.name() + " is a secret)."
                : ", but is \"" + value + "\".";
    }
    // end::env-secret[]
    // END TASK 1
}
