package dev.sjl.users;

import java.util.Optional;

/**
 * Where accounts live: in memory in this lab, in DynamoDB in lab 06 and in PostgreSQL in lab 08, behind the same
 * three methods. Every implementation passes the same contract tests ({@code UserRepositoryContract} in this lab's
 * tests, published in its test jar), so the capstone can switch stores without changing a rule.
 */
public interface UserRepository {

    /**
     * Stores a new user, or throws {@link UserServiceException} with reason {@code EMAIL_TAKEN} when the email is already
     * registered. The check and the write are one atomic step: two sign-ups racing for one email cannot both win.
     */
    void create(User user);

    /** The user with this normalised email. */
    Optional<User> findByEmail(String email);

    Optional<User> findById(String id);
}
