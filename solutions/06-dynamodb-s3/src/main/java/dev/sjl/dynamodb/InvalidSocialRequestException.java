package dev.sjl.dynamodb;

/**
 * A follow, post or like the client got wrong: following oneself, an unknown user or post, an empty or too long post.
 * The HTTP edge answers with {@link #status()} and this message, which is written for the client.
 */
public final class InvalidSocialRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public InvalidSocialRequestException(int status, String message) {
        // No stack trace: an expected refusal, not a failure to investigate.
        super(message, null, false, false);
        this.status = status;
    }

    /** 400 for a request that can never succeed, 404 for a user or post that does not exist. */
    public int status() {
        return status;
    }
}
