package dev.sjl.notifications;

import dev.sjl.users.User;
import dev.sjl.users.UserRepository;
import java.util.UUID;

/**
 * The sign-up path as lab 07 sees it: the user is written in lab 06's one transaction, and that is all. The welcome is
 * announced by {@link SignUpPublisher} from the table's stream.
 */
public final class SignUps {

    private final UserRepository users;
    private final SignUpPublisher events;

    public SignUps(UserRepository users, SignUpPublisher events) {
        this.users = users;
        this.events = events;
    }

    // tag::sign-up[]
    /** Stores the user ({@code EMAIL_TAKEN} when the email is claimed). No publish here: the stream announces it. */
    public void signUp(User user) {
        users.create(user);
    }
    // end::sign-up[]

    /**
     * Sends the welcome again, at the user's request. This publish changes no state, so there is nothing for it to be
     * inconsistent with and it needs no outbox; it is a new request, so it gets a new idempotency key.
     *
     * @return SNS's message id
     * @throws IllegalArgumentException when there is no such user
     */
    public String resendWelcome(String userId) {
        User user = users.findById(userId).orElseThrow(() -> new IllegalArgumentException("No user " + userId));
        return events.publish(new UserSignedUp(UserSignedUp.WELCOME_REQUESTED + ":" + UUID.randomUUID(),
                UserSignedUp.WELCOME_REQUESTED, user.id(), user.email(), null, user.createdAt()));
    }
}
