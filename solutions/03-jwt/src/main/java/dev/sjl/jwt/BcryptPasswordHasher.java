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
        return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
    }

    @Override
    public boolean matches(String password, String hash) {
        // The library throws past 72 bytes; such a password was never accepted, so it simply does not match.
        if (password == null || hash == null || password.getBytes(StandardCharsets.UTF_8).length > PasswordPolicy.MAX_BYTES) {
            return false;
        }
        return BCrypt.verifyer().verify(password.toCharArray(), hash).verified;
    }
    // end::bcrypt[]
}
