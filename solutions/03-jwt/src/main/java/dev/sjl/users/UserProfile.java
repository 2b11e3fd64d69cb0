package dev.sjl.users;

/**
 * What a client may see of an account: no password hash, by construction rather than by remembering to remove it.
 *
 * @param createdAt ISO-8601, e.g. {@code 2026-01-15T10:00:00Z}
 */
public record UserProfile(String id, String email, String createdAt) {

    public static UserProfile of(User user) {
        return new UserProfile(user.id(), user.email(), user.createdAt().toString());
    }
}
