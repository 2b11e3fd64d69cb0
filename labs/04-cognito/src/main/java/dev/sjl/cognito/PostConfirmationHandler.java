package dev.sjl.cognito;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.CognitoUserPoolPostConfirmationEvent;
import dev.sjl.users.InMemoryUserRepository;
import dev.sjl.users.UserRepository;

import java.time.Clock;

/**
 * The pool's PostConfirmation trigger: the confirmed user gets a profile in the service's own store, through the
 * shared {@link UserRepository} (in memory here, DynamoDB in lab 06). Cognito calls a trigger again when it fails or
 * times out, so the same confirmation can arrive twice: the second must change nothing and succeed.
 */
public final class PostConfirmationHandler
        implements RequestHandler<CognitoUserPoolPostConfirmationEvent, CognitoUserPoolPostConfirmationEvent> {

    /**
     * What the profile stores instead of a password hash: Cognito keeps the password. No bcrypt hash starts with
     * {@code !}, so no password check can ever match it.
     */
    public static final String PASSWORD_IN_COGNITO = "!cognito";

    private final UserRepository users;
    private final Clock clock;

    public PostConfirmationHandler() {
        this(new InMemoryUserRepository(), Clock.systemUTC());
    }

    public PostConfirmationHandler(UserRepository users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    // tag::post-confirmation[]
    @Override
    public CognitoUserPoolPostConfirmationEvent handleRequest(CognitoUserPoolPostConfirmationEvent event, Context context) {
        // TODO: on PostConfirmation_ConfirmSignUp only, create the profile through users.create: the id is the sub
        //  attribute, the email the email attribute, PASSWORD_IN_COGNITO as the hash, now from the clock. Cognito
        //  retries a trigger: a second call for the same sub must succeed and change nothing (create says EMAIL_TAKEN).
        throw new UnsupportedOperationException("Task 4: create the profile once, however often Cognito calls");
    }
    // end::post-confirmation[]
}
