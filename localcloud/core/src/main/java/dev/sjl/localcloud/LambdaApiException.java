package dev.sjl.localcloud;

/** An error of Lambda's API, with the type and status the SDK maps to its modeled exception. */
public final class LambdaApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String type;
    private final int status;

    LambdaApiException(String type, String message, int status) {
        super(message);
        this.type = type;
        this.status = status;
    }

    static LambdaApiException invalid(String message) {
        return new LambdaApiException("InvalidParameterValueException", message, 400);
    }

    static LambdaApiException notFound(String message) {
        return new LambdaApiException("ResourceNotFoundException", message, 404);
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }
}
