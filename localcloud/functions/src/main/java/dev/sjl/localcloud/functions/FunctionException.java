package dev.sjl.localcloud.functions;

import java.util.Objects;

/**
 * A function's error as Lambda reports it to a caller: an {@code errorType} (the exception's class, or
 * {@code Sandbox.Timedout}, {@code Runtime.ExitError}, …) and an {@code errorMessage}.
 */
public final class FunctionException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String errorType;

    public FunctionException(String errorType, String errorMessage) {
        super(errorMessage);
        this.errorType = Objects.requireNonNull(errorType, "errorType");
    }

    public String errorType() {
        return errorType;
    }
}
