package dev.sjl.jwt;

import at.favre.lib.crypto.bcrypt.BCrypt;

import java.nio.charset.StandardCharsets;

/**
 * bcrypt: a per-password random salt and a tunable cost (2^cost rounds), stored together in the
 * {@code $2a$12$<salt><hash>} string, so raising the cost later only affects new hashes.
 */
public final class BcryptPasswordHasher implements PasswordHasher {

    /** About a quarter of a second per hash on a Lambda with 1 GB: slow for an attacker's GPU, fine for one login. */
    public static final int DEFAULT_COST = 12;

    /** The library's range. Production reads its cost through {@code AuthConfig}, which allows no less than 10. */
    public static final int MIN_COST = 4;
    public static final int MAX_COST = 31;

    private final int cost;

    public BcryptPasswordHasher(int cost) {
        if (cost < MIN_COST || cost > MAX_COST) {
            throw new IllegalArgumentException("bcrypt cost must be between " + MIN_COST + " and " + MAX_COST + ", was " + cost);
        }
        this.cost = cost;
    }

    public int cost() {
        return cost;
    }

    // tag::bcrypt[]
    @Override
    public String hash(String password) {
        // BEGIN TASK 1
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
        // STARTER
        //| // TODO: a bcrypt string at this hasher's cost, salt included (the library makes the salt).
        //| throw new UnsupportedOperationException("Task 1: hash the password with bcrypt at this.cost");
        // END TASK 1
    }

    @Override
    public boolean matches(String password, String hash) {
        // BEGIN TASK 1
        // The library throws past 72 bytes, and reads "P" + NUL + "P" as "P": the policy never accepted such a
        // password, so it simply does not match.
        if (password == null || hash == null || password.getBytes(StandardCharsets.UTF_8).length > PasswordPolicy.MAX_BYTES
                || !PasswordPolicy.isText(password)) {
            return false;
        }
        return BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
        // STARTER
        //| // TODO: never throw: a missing password or hash, a broken hash, or a password the library refuses is "no match".
        //| //  So is a password the policy refuses for its characters: bcrypt would read "P" + NUL + "P" as "P".
        //| throw new UnsupportedOperationException("Task 1: check the password against the bcrypt hash");
        // END TASK 1
    }
    // end::bcrypt[]
}
