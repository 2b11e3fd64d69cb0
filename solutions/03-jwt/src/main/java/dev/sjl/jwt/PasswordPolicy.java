package dev.sjl.jwt;

import dev.sjl.users.UserServiceException;

import java.nio.charset.StandardCharsets;

/**
 * What a new password must satisfy. Length is the rule that matters (NIST SP 800-63B): composition rules
 * ("one digit, one symbol") push people to {@code Password1!} and add nothing a long passphrase lacks.
 */
public final class PasswordPolicy {

    /** Characters (Unicode code points, so an emoji counts once). */
    public static final int MIN_LENGTH = 12;

    /**
     * Bytes in UTF-8. bcrypt's key setup reads at most 72 bytes: many libraries silently ignore the rest, so
     * {@code <72 bytes>A} and {@code <72 bytes>B} would be the same password; the library used here throws instead.
     * Refusing at sign-up turns both into a clear 400 rather than a surprise.
     */
    public static final int MAX_BYTES = 72;

    /**
     * A password is text a person types. bcrypt reads its key as a NUL-terminated string, repeated: with the library
     * used here twelve NULs hash exactly like the empty password, and {@code P + NUL + P} like {@code P} (C
     * libraries stop at the first NUL, so {@code secret + NUL + anything} is {@code secret}). A lone UTF-16 surrogate
     * is not text at all: UTF-8 writes every one of them as the same {@code ?}. Tab, newline and the other control
     * characters go too: nobody types them the same way twice.
     */
    static final String NOT_TEXT = "Choose a password without control characters (NUL, tab, line breaks) or broken "
            + "Unicode: bcrypt would not see it as you typed it.";

    private PasswordPolicy() {
    }

    // tag::password-policy[]
    /** Accepts a password or throws {@link UserServiceException} with reason {@code WEAK_PASSWORD} naming the rule broken. */
    public static void check(String password) {
        // BEGIN TASK 1
        if (password == null || password.isEmpty()) {
            throw weak("A password is required.");
        }
        if (!isText(password)) {
            throw weak(NOT_TEXT);
        }
        if (password.codePointCount(0, password.length()) < MIN_LENGTH) {
            throw weak("Choose a password of at least " + MIN_LENGTH + " characters; a passphrase of a few words works well.");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw weak("Choose a password of at most " + MAX_BYTES + " bytes in UTF-8: bcrypt ignores anything longer.");
        }
        // STARTER
        //| // TODO: refuse (with weak(...)) a missing or empty password, fewer than MIN_LENGTH characters counted as
        //| //  code points (an emoji is one character), and more than MAX_BYTES bytes in UTF-8. Name the rule in the message.
        //| //  Refuse control characters (NUL first of all) and lone surrogates too, with weak(NOT_TEXT): bcrypt cannot
        //| //  tell some of those passwords apart (read NOT_TEXT's comment).
        //| throw new UnsupportedOperationException("Task 1: check the password's length, in characters and in UTF-8 bytes");
        // END TASK 1
    }
    // end::password-policy[]

    // BEGIN TASK 1
    /** No control character (NUL, tab, line breaks, DEL...) and no half of a UTF-16 surrogate pair. */
    static boolean isText(String password) {
        return password.codePoints().noneMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.SURROGATE);
    }

    // END TASK 1
    private static UserServiceException weak(String message) {
        return new UserServiceException(UserServiceException.Reason.WEAK_PASSWORD, message);
    }
}
