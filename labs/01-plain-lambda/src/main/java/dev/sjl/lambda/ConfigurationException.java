package dev.sjl.lambda;

/**
 * The function's configuration is missing or malformed. Thrown during init, so the function never starts
 * half-configured and fails later with a NullPointerException on the first request.
 *
 * <p>The message names the variable and says what is wrong; it never contains the value of a secret variable.
 * No cause is attached on purpose: a parser's exception (e.g. {@code NumberFormatException: For input string:
 * "..."}) would print the raw value in the stack trace that Lambda writes to the logs.
 */
public class ConfigurationException extends RuntimeException {

    private final String variable;

    /**
     * @param variable the environment variable at fault, as named in its {@link EnvVar}
     * @param message  a sentence that names the variable and says what is wrong and how to fix it
     */
    public ConfigurationException(String variable, String message) {
        super(message);
        this.variable = variable;
    }

    /** The name of the environment variable at fault. */
    public String variable() {
        return variable;
    }
}
