package dev.sjl.users;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The user store of this lab: one per Lambda container, so it is empty after a cold start and not shared between
 * containers. Good for learning the rules; lab 06 keeps the rules and moves the data to DynamoDB.
 */
public final class InMemoryUserRepository implements UserRepository {

    private final ConcurrentMap<String, User> byEmail = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, User> byId = new ConcurrentHashMap<>();

    // tag::create-user[]
    @Override
    public void create(User user) {
        // TODO: one atomic check-and-write on the email (two sign-ups racing for one email must not both win), then index
        //  by id. A taken email is UserServiceException(EMAIL_TAKEN, ...).
        throw new UnsupportedOperationException("Task 4: store the user unless the email is taken, atomically");
    }
    // end::create-user[]

    @Override
    public Optional<User> findByEmail(String email) {
        return email == null ? Optional.empty() : Optional.ofNullable(byEmail.get(email));
    }

    @Override
    public Optional<User> findById(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }
}
