package dev.sjl.lambda;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One environment variable a function reads: its name, whether the function refuses to start without it,
 * whether its value must never appear in a message or a log, and a sentence for the handbook's table.
 *
 * <p>Each function's configuration class lists its variables in {@code public static final List<EnvVar> ENVIRONMENT},
 * so the documentation, the size budget and the code that reads them come from one declaration.
 *
 * @param name        the variable's name, e.g. {@code MIN_PASSWORD_LENGTH}
 * @param required    true when init must fail if the variable is absent
 * @param secret      true when the value must never be echoed (messages, logs, exceptions)
 * @param description what the variable is for, one sentence
 */
public record EnvVar(String name, boolean required, boolean secret, String description) {

    // The characters Lambda accepts in an environment variable key: a letter first, then letters, digits, underscores.
    private static final Pattern VALID_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]*");

    public EnvVar {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (!VALID_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Not a valid environment variable name: \"" + name
                    + "\" (Lambda accepts letters, digits and underscores, starting with a letter)");
        }
    }
}
