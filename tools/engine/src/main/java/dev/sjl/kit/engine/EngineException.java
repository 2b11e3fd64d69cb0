package dev.sjl.kit.engine;

/** The engine cannot run a lab at all (nothing built, a classpath file missing): the message says what to do. */
public final class EngineException extends RuntimeException {

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
