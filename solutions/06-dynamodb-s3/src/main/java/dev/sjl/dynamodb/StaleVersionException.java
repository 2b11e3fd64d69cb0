package dev.sjl.dynamodb;

/**
 * The item changed since the caller read it (or is gone): its write was refused rather than overwriting someone
 * else's. The HTTP edge answers 409; the client reads again and decides.
 */
public final class StaleVersionException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StaleVersionException(String message) {
        super(message, null, false, false);
    }
}
