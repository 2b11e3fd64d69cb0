package dev.sjl.kit;

/**
 * A problem the learner can act on (unknown lab, no test results yet, not a git checkout). The kit prints its
 * message as one line and exits non-zero; a stack trace would bury the one thing they need to read.
 */
public class KitException extends RuntimeException {

    private final int exitCode;

    public KitException(String message) {
        this(message, 1);
    }

    public KitException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
