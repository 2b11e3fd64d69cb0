package dev.sjl.jwt;

/**
 * A sign-up, login or refresh the service refused for a reason the client is allowed to know. The message is
 * written for the client; it never carries a password, a token or a library's own message.
 */
public final class AuthException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why: the HTTP layer turns each reason into one status and error code. */
    public enum Reason {
        INVALID_EMAIL,
        WEAK_PASSWORD,
        EMAIL_TAKEN,
        /** Unknown email or wrong password: one reason for both, so an answer never tells which. */
        INVALID_CREDENTIALS,
        /** Unknown, expired, already used or revoked: one reason for all, so an attacker learns nothing. */
        INVALID_REFRESH_TOKEN
    }

    private final Reason reason;

    public AuthException(Reason reason, String message) {
        // No stack trace: an expected refusal, not a failure to investigate.
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
