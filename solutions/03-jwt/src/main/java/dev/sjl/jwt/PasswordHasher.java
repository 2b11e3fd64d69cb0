package dev.sjl.jwt;

/** Turns a password into a string that is safe to store, and checks a password against such a string. */
public interface PasswordHasher {

    /** A salted, slow hash of {@code password}: two calls with the same password give different strings. */
    String hash(String password);

    /** Whether {@code password} is the one {@code hash} was made from; false (never an exception) for any bad input. */
    boolean matches(String password, String hash);
}
