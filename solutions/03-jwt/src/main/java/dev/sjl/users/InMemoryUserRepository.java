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
        // BEGIN TASK 4
        // putIfAbsent is check-and-write in one step, like DynamoDB's attribute_not_exists condition.
        // A "find, then insert" (the seed's GSI query) lets two concurrent sign-ups both see "free".
        if (byEmail.putIfAbsent(user.email(), user) != null) {
            throw new UserServiceException(UserServiceException.Reason.EMAIL_TAKEN, "An account with this email already exists.");
        }
        byId.put(user.id(), user);
        // STARTER
        //| // TODO: one atomic check-and-write on the email (two sign-ups racing for one email must not both win), then index
        //| //  by id. A taken email is UserServiceException(EMAIL_TAKEN, ...).
        //| throw new UnsupportedOperationException("Task 4: store the user unless the email is taken, atomically");
        // END TASK 4
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
