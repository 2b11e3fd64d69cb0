package dev.sjl.users;

import java.time.Instant;

/**
 * A stored account. It holds the password hash, so it never leaves the service: responses use {@link UserProfile}.
 *
 * @param id           a random UUID: the token's {@code sub}; never the email, which a user may change
 * @param email        normalised by {@link Emails#normalise(String)}
 * @param passwordHash a bcrypt string
 */
public record User(String id, String email, String passwordHash, Instant createdAt) {

    /** A record prints every field; a log line with a user in it must not carry the hash (nor the email). */
    @Override
    public String toString() {
        return "User[id=" + id + "]";
    }
}
