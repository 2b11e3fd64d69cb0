package dev.sjl.localcloud;

import java.nio.file.Path;

/** An emulator did not come up. The message is one line: which emulator, why, and where its log is. */
public class EmulatorStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EmulatorStartException(String message) {
        super(message);
    }

    public EmulatorStartException(String message, Throwable cause) {
        super(message, cause);
    }

    static EmulatorStartException of(String emulator, String reason, Path log, Throwable cause) {
        String where = log == null ? "" : " (log: " + log.toAbsolutePath() + ")";
        return new EmulatorStartException(emulator + " failed to start: " + reason + where, cause);
    }
}
