package dev.sjl.lambda;

import java.util.List;
import java.util.Map;

/**
 * The signup check's answer. Either {@code accepted} with the normalized {@code user}, or not, with a machine-readable
 * {@code error}, a sentence for people and, for invalid fields, one problem per field. A rejection is an answer, not an
 * exception: thrown errors make Lambda retry asynchronous invocations, and a bad record never gets better.
 *
 * @param accepted  whether the record may go on to be stored
 * @param user      the normalized record, when accepted
 * @param error     {@code invalid_signup}, {@code payload_too_large} or {@code empty_event}, when rejected
 * @param message   what is wrong, in a sentence, when rejected
 * @param problems  one entry per invalid field (empty unless {@code error} is {@code invalid_signup})
 * @param requestId the invocation's id, to find its log line
 */
public record SignupCheckResult(boolean accepted, NewUser user, String error, String message, List<Problem> problems,
                                String requestId) {

    public SignupCheckResult {
        problems = List.copyOf(problems);
    }

    /** The record that goes on to be stored and announced: no password in it. */
    public record NewUser(String email, String displayName, Map<String, String> profile) {
    }

    /** What is wrong with one field: {@code required}, {@code invalid_email}, {@code too_short}, ... */
    public record Problem(String field, String code, String message) {
    }

    public static SignupCheckResult accepted(NewUser user, String requestId) {
        return new SignupCheckResult(true, user, null, null, List.of(), requestId);
    }

    public static SignupCheckResult invalid(List<Problem> problems, String requestId) {
        String message = problems.size() == 1 ? "The signup request has 1 invalid field."
                : "The signup request has " + problems.size() + " invalid fields.";
        return new SignupCheckResult(false, null, "invalid_signup", message, problems, requestId);
    }

    public static SignupCheckResult rejected(String error, String message, String requestId) {
        return new SignupCheckResult(false, null, error, message, List.of(), requestId);
    }
}
