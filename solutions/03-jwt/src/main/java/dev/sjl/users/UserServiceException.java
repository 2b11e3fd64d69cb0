package dev.sjl.users;

/**
 * The user service refused a request for a reason the client is allowed to know: the one domain exception of every
 * lab from 03 on, whichever store or identity provider is behind it. The message is written for the client; it never
 * carries a password, a token or a library's own message, so the HTTP edge can pass it on as it is.
 */
public final class UserServiceException extends RuntimeException {

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

    public UserServiceException(Reason reason, String message) {
        // No stack trace: an expected refusal, not a failure to investigate.
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
