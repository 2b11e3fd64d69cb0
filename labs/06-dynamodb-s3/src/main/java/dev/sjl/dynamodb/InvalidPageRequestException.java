package dev.sjl.dynamodb;

/**
 * A page request the client got wrong: a cursor that was not ours or was changed, or a limit out of range. The HTTP
 * edge answers 400 with this message, which is written for the client and never says why a cursor failed to open.
 */
public final class InvalidPageRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidPageRequestException(String message) {
        // No stack trace: an expected refusal, not a failure to investigate.
        super(message, null, false, false);
    }
}
