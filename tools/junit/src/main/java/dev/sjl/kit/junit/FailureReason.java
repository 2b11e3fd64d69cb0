package dev.sjl.kit.junit;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why a lab test failed. The self-test accepts a starter's failure only for the first two reasons:
 * a red lab must be red because the learner has work to do, never because the harness broke.
 */
public enum FailureReason {
    /** The starter's {@code UnsupportedOperationException("Task N: ...")} was reached. */
    TODO,
    /** An assertion about the behaviour failed (the starter returned a wrong value). */
    ASSERTION,
    /** The test ran out of time: never acceptable, a slow red hides a broken harness. */
    TIMEOUT,
    /** Anything else: a crash, a missing resource, an emulator that did not start. */
    ERROR;

    private static final Pattern TODO_MESSAGE = Pattern.compile("^Task (\\d+):");

    /** Classifies a test's throwable by walking its cause chain for a TODO first. */
    public static Classified classify(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnsupportedOperationException && t.getMessage() != null) {
                Matcher m = TODO_MESSAGE.matcher(t.getMessage());
                if (m.find()) {
                    return new Classified(TODO, Integer.valueOf(m.group(1)), t.getMessage());
                }
            }
        }
        String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        if (failure instanceof java.util.concurrent.TimeoutException
                || (failure instanceof AssertionError && message.startsWith("execution timed out"))) {
            return new Classified(TIMEOUT, null, message);
        }
        if (failure instanceof AssertionError) {
            return new Classified(ASSERTION, null, message);
        }
        return new Classified(ERROR, null, failure.getClass().getName() + ": " + message);
    }

    /** The reason, the task number a TODO names (or null), and the message to show. */
    public record Classified(FailureReason reason, Integer todoTask, String message) {
    }
}
