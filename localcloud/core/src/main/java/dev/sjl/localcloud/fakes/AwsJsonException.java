package dev.sjl.localcloud.fakes;

/** An AWS JSON-protocol error: the SDK maps {@code type} to the service's modeled exception class. */
public class AwsJsonException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String type;
    private final int status;

    public AwsJsonException(String type, String message) {
        this(type, message, 400);
    }

    public AwsJsonException(String type, String message, int status) {
        super(message);
        this.type = type;
        this.status = status;
    }

    public String type() {
        return type;
    }

    public int status() {
        return status;
    }

    static AwsJsonException validation(String message) {
        return new AwsJsonException("ValidationException", message);
    }
}
