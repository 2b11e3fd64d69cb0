package dev.sjl.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;

/**
 * The user service's first step on sign-up: checks a new user's record and returns it normalized, or says what is
 * wrong with it. Invoked directly ({@code RequestResponse}) by the sign-up flow; an accepted record is later stored
 * and published as a {@code UserSignedUp} event.
 *
 * <p>Init work (once per execution environment) belongs in the constructor: read and check the configuration,
 * compile the patterns, build the JSON mapper. Per-invoke work belongs in {@link #handleRequest}: only what depends
 * on the event.
 *
 * <p>Bad input gets an answer, never an exception: a null event is {@code empty_event}, a record too large to forward
 * is {@code payload_too_large}, anything else wrong is one problem per field. What never reaches this code is
 * an event the runtime cannot turn into a {@link SignupRequest} (a JSON array, an object where a string belongs):
 * the Java runtime's deserializer refuses it before the handler runs and the caller gets the runtime's error document,
 * which is Lambda's documented behaviour for an input it cannot deserialize.
 */
public class SignupCheckHandler implements RequestHandler<SignupRequest, SignupCheckResult> {

    /** The longest address SMTP can carry (RFC 5321: 256 octets for the path, minus the angle brackets). */
    private static final int MAX_EMAIL_BYTES = 254;
    /** The longest local part (before the {@code @}) SMTP can carry, RFC 5321 §4.5.3.1.1. */
    private static final int MAX_LOCAL_PART_BYTES = 64;
    private static final int MAX_DISPLAY_NAME_LENGTH = 64;
    /** bcrypt, which hashes the password next, ignores every byte after the 72nd. */
    private static final int MAX_PASSWORD_BYTES = 72;

    private final SignupCheckConfig config;
    private final JsonLog log;

    // tag::constructors[]
    /** Used by the Lambda runtime: everything comes from the environment, and a bad setting fails init. */
    public SignupCheckHandler() {
        // TODO: read nothing from a static field: the environment is read here, once, when the runtime builds us.
        throw new UnsupportedOperationException("Task 3: build the configuration from Env.system() and log to "
                + "standard output, through the other constructor");
    }

    /** Used by tests: configuration and log sink are handed in, nothing is read from the process. */
    public SignupCheckHandler(SignupCheckConfig config, JsonLog log) {
        throw new UnsupportedOperationException("Task 3: keep config and log, then log \"configuration loaded\" "
                + "with the settings");
    }
    // end::constructors[]

    // tag::handle-request[]
    @Override
    public SignupCheckResult handleRequest(SignupRequest request, Context context) {
        // TODO (task 5): first of all, refuse a record larger than config.maxRecordBytes() as JSON.
        // TODO: a rejection is a SignupCheckResult, never an exception: Lambda retries failed async invocations.
        throw new UnsupportedOperationException("Task 4: check the email, display name and password, log one line, "
                + "and return a SignupCheckResult");
    }
    // end::handle-request[]
}
