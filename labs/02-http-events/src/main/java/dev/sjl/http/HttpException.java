package dev.sjl.http;

/**
 * A deliberate HTTP error: a route throws it to answer with {@code status} and the error body
 * {@code {"error": code, "message": message, "requestId": ...}}.
 *
 * <p>Its message goes to the client word for word, so it must be written for the client: never wrap a library
 * exception's message in it. Anything that is not an {@code HttpException} becomes a 500 that says nothing.
 */
public class HttpException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public HttpException(int status, String code, String message) {
        // No stack trace: this is control flow towards a response, not a failure to investigate.
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    /** The machine-readable error code, e.g. {@code invalid_json}: clients switch on it, never on the message. */
    public String code() {
        return code;
    }

    public static HttpException badRequest(String code, String message) {
        return new HttpException(400, code, message);
    }

    public static HttpException unauthorized(String code, String message) {
        return new HttpException(401, code, message);
    }

    public static HttpException forbidden(String code, String message) {
        return new HttpException(403, code, message);
    }

    public static HttpException notFound(String code, String message) {
        return new HttpException(404, code, message);
    }

    public static HttpException conflict(String code, String message) {
        return new HttpException(409, code, message);
    }
}
