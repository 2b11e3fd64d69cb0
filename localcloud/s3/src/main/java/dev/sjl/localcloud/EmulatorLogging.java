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
 * Sends the in-process emulators' logging (S3Mock's Spring Boot and Tomcat) to a file instead
 * of the test output, where an expected ConditionalCheckFailed would otherwise print a stack trace. Spring Boot's own
 * logging system is switched off for the same reason: it would reset this configuration when S3Mock starts.
 * Logging is configured once per JVM, so a second LocalCloud's in-process emulators log to the first one's folder.
 */
final class EmulatorLogging {
    private static final List<String> EMULATOR_LOGGERS = List.of(
            "com.amazonaws", "org.eclipse.jetty", "org.springframework", "com.adobe.testing", "org.apache.catalina",
            "org.apache.coyote", "org.apache.tomcat", "org.hibernate.validator");
    /** Tomcat logs through java.util.logging; JUL holds loggers weakly, so we keep the ones we configured. */
    private static final List<java.util.logging.Logger> JUL_LOGGERS = List.of(
            java.util.logging.Logger.getLogger("org.apache.catalina"),
            java.util.logging.Logger.getLogger("org.apache.coyote"),
            java.util.logging.Logger.getLogger("org.apache.tomcat"));
    private static Path logFile;

    private EmulatorLogging() {
    }

    /** Configures the logging once; returns the file the in-process emulators log to. */
    static synchronized Path toFile(Path logDirectory) {
        if (logFile != null) {
            return logFile;
        }
        logFile = logDirectory.resolve("emulators.log");
        System.setProperty("org.springframework.boot.logging.LoggingSystem", "none");
        JUL_LOGGERS.forEach(logger -> logger.setLevel(java.util.logging.Level.WARNING));
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
