package dev.sjl.jwt;

/**
 * An access token that must not be trusted. It has one message for every cause on purpose: "expired" versus
 * "bad signature" versus the library's own words ("Expected aud claim to be: ...") would teach an attacker
 * what the verifier checks, and can quote the token's own contents back.
 */
public final class InvalidTokenException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final String MESSAGE = "The access token is missing, malformed, expired or not meant for this service.";

    public InvalidTokenException() {
        // No cause and no stack trace: nothing of the library's diagnosis can leak through a log or a response.
        super(MESSAGE, null, false, false);
    }
}
