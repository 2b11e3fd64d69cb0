package dev.sjl.kit.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What a code under test logs through {@code java.util.logging} (where {@link System.Logger} writes by default),
 * captured per request and kept off the console while open:
 * <pre>
 * try (LogCapture logs = LogCapture.of("dev.sjl")) {
 *     response = handler.handleRequest(request.event(), null);
 *     check.problems(request, response, logs.drain());
 * }
 * </pre>
 * Levels are left as configured: a record the logger would not publish is not captured either.
 */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final boolean useParentHandlers;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(String loggerName) {
        // Held in a field: java.util.logging keeps loggers weakly, and a collected logger loses its handler.
        this.logger = Logger.getLogger(loggerName);
        this.useParentHandlers = logger.getUseParentHandlers();
        logger.addHandler(handler);
        logger.setUseParentHandlers(false);
    }

    /** Captures the records of this logger and of every logger under it ({@code "dev.sjl"} takes them all). */
    public static LogCapture of(String loggerName) {
        return new LogCapture(loggerName);
    }

    /** The records since the last call, and forgets them. */
    public List<LogRecord> drain() {
        synchronized (records) {
            List<LogRecord> drained = new ArrayList<>(records);
            records.clear();
            return drained;
        }
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setUseParentHandlers(useParentHandlers);
    }
}
