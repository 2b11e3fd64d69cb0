package dev.sjl.avatars;

/** An avatar request the client got wrong (type, size): the HTTP edge answers 400 with this message. */
public final class InvalidAvatarException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public InvalidAvatarException(String message) {
        super(message, null, false, false);
    }
}
