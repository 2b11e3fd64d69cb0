package dev.sjl.jwt;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every log record written under a logger name (and its children) while open, at every level, FINEST included:
 * {@code System.Logger} writes to {@code java.util.logging} unless told otherwise. Close it to put the logger back.
 */
final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level previousLevel;
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord logRecord) {
            synchronized (records) {
                records.add(logRecord);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture(String name) {
        this.logger = Logger.getLogger(name);
        this.previousLevel = logger.getLevel();
        handler.setLevel(Level.ALL);
        logger.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** Captures {@code dev.sjl}: this lab's classes and the lab 02 router they run on. */
    static LogCapture kit() {
        return new LogCapture("dev.sjl");
    }

    static LogCapture of(Class<?> type) {
        return new LogCapture(type.getName());
    }

    List<LogRecord> records() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    /** Each record as a log file would show it: level, message with its parameters, and any stack trace. */
    List<String> lines() {
        SimpleFormatter formatter = new SimpleFormatter();
        return records().stream().map(formatter::format).toList();
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
        logger.setLevel(previousLevel);
    }
}
