package dev.sjl.jwt;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Email addresses in the one form the user store keys on. */
public final class Emails {

    /** The longest address SMTP can carry (RFC 5321 path limit less the angle brackets). */
    public static final int MAX_LENGTH = 254;

    /** Deliberately loose: one {@code @}, no spaces, a dot in the domain. Only a confirmation email proves an address. */
    private static final Pattern SHAPE = Pattern.compile("[^\\s@]+@[^\\s@.]+(\\.[^\\s@.]+)+");

    private Emails() {
    }

    // tag::normalise-email[]
    /**
     * Trims, composes Unicode (NFC: "é" typed as one or two code points is the same address) and lower-cases, so
     * {@code " Ada@Example.COM "} and {@code "ada@example.com"} cannot become two accounts. Throws
     * {@link AuthException} with reason {@code INVALID_EMAIL} for anything that is not shaped like an address.
     */
    public static String normalise(String raw) {
        // BEGIN TASK 4
        if (raw == null) {
            throw invalid();
        }
        String email = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
        if (email.length() > MAX_LENGTH || !SHAPE.matcher(email).matches()) {
            throw invalid();
        }
        return email;
        // STARTER
        //| // TODO: refuse null; strip, compose (Normalizer NFC) and lower-case with Locale.ROOT; refuse anything longer than
        //| //  MAX_LENGTH or not matching SHAPE. Refusals throw invalid().
        //| throw new UnsupportedOperationException("Task 4: normalise the email and check its shape");
        // END TASK 4
    }
    // end::normalise-email[]

    private static AuthException invalid() {
        return new AuthException(AuthException.Reason.INVALID_EMAIL, "Enter an email address like name@example.com.");
    }
}
