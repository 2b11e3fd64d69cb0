package dev.sjl.jwt;

import java.util.Optional;

/** Where accounts live: in memory in this lab, in DynamoDB from lab 06 on, behind the same three methods. */
public interface UserRepository {

    /**
     * Stores a new user, or throws {@link AuthException} with reason {@code EMAIL_TAKEN} when the email is already
     * registered. The check and the write are one atomic step: two sign-ups racing for one email cannot both win.
     */
    void create(User user);

    /** The user with this normalised email. */
    Optional<User> findByEmail(String email);

    Optional<User> findById(String id);
}
