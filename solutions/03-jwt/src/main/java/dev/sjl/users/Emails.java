package dev.sjl.users;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Email addresses in the one form the user store keys on. */
public final class Emails {

    /**
     * The longest address SMTP can carry, in bytes of UTF-8 (RFC 5321's path limit less the angle brackets; RFC 6531
     * keeps it in octets for addresses with non-ASCII characters). A DynamoDB key or a PostgreSQL column sized for it
     * holds every address this accepts.
     */
    public static final int MAX_BYTES = 254;

    /** Deliberately loose: one {@code @}, no spaces, a dot in the domain. Only a confirmation email proves an address. */
    private static final Pattern SHAPE = Pattern.compile("[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+");

    private Emails() {
    }

    // tag::normalise-email[]
    /**
     * Trims, composes Unicode (NFC: "é" typed as one or two code points is the same address) and lower-cases, so
     * {@code " Ada@Example.COM "} and {@code "ada@example.com"} cannot become two accounts. Throws
     * {@link UserServiceException} with reason {@code INVALID_EMAIL} for anything that is not shaped like an address, and
     * for any invisible character: {@code ada@example.com} followed by a zero-width space would otherwise be a
     * second account that looks exactly like the first.
     * <p>
     * Look-alikes from other scripts (a Cyrillic {@code а} for a Latin {@code a}) are kept as they are: they are
     * other mailboxes, which only a confirmation email can prove, and this service never shows one user's address
     * to another, where a look-alike would deceive.
     */
    public static String normalise(String raw) {
        // BEGIN TASK 4
        if (raw == null) {
            throw invalid();
        }
        String email = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        boolean tooLong = email.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES;
        if (tooLong || !email.codePoints().allMatch(Emails::visible) || !SHAPE.matcher(email).matches()) {
            throw invalid();
        }
        return email;
        // STARTER
        //| // TODO: refuse null; strip, compose (Normalizer NFC) and lower-case with Locale.ROOT; refuse anything longer than
        //| //  MAX_BYTES bytes of UTF-8 (not characters: "é" is two) or not matching SHAPE. Refusals throw invalid().
        //| //  SHAPE's \s is ASCII whitespace only: refuse every invisible character too (controls, format characters such
        //| //  as U+200B, any kind of space such as the no-break U+00A0), or it makes a second account that looks like the first.
        //| throw new UnsupportedOperationException("Task 4: normalise the email and check its shape");
        // END TASK 4
    }
    // end::normalise-email[]

    // BEGIN TASK 4
    /**
     * Not a control (NUL, line feed), a format character (zero-width space U+200B, word joiner U+2060, the byte order
     * mark), a space of any kind (no-break U+00A0), a line or paragraph separator, half a surrogate pair, a private-use
     * or an unassigned code point: none of them belongs in an address, and all of them are invisible or ambiguous.
     */
    private static boolean visible(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                    Character.PARAGRAPH_SEPARATOR, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> false;
            default -> true;
        };
    }

    // END TASK 4
    private static UserServiceException invalid() {
        return new UserServiceException(UserServiceException.Reason.INVALID_EMAIL, "Enter an email address like name@example.com.");
    }
}
