package dev.sjl.localcloud;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Sends the in-process emulators' logging (S3Proxy, its shaded Jetty and jclouds) to a file instead of the test
 * output, where an expected error answer would otherwise print a stack trace (S3Proxy logs a NotImplemented at ERROR).
 * Logging is configured once per JVM, so a second LocalCloud's in-process emulators log to the first one's folder.
 */
final class EmulatorLogging {
    /** S3Proxy's Jetty is shaded under org.gaul; jclouds logs as org.jclouds and, for its wire and headers, jclouds. */
    private static final List<String> EMULATOR_LOGGERS = List.of(
            "com.amazonaws", "org.eclipse.jetty", "org.gaul", "org.jclouds", "jclouds");
    private static Path logFile;

    private EmulatorLogging() {
    }

    /** Configures the logging once; returns the file the in-process emulators log to. */
    static synchronized Path toFile(Path logDirectory) {
        if (logFile != null) {
            return logFile;
        }
        logFile = logDirectory.resolve("emulators.log");
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (!(factory instanceof LoggerContext context)) {
            return logFile; // another SLF4J backend was chosen by the application: leave its configuration alone
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
        encoder.start();
        FileAppender<ch.qos.logback.classic.spi.ILoggingEvent> file = new FileAppender<>();
        file.setContext(context);
        file.setName("localcloud-emulators");
        file.setFile(logFile.toString());
        file.setEncoder(encoder);
        file.start();
        for (String name : EMULATOR_LOGGERS) {
            Logger logger = context.getLogger(name);
            logger.setLevel(Level.INFO);
            logger.setAdditive(false);
            logger.addAppender(file);
        }
        return logFile;
    }
}
