package dev.sjl.localcloud;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.LayoutBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
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
        LineLayout layout = new LineLayout();
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        FileAppender<ILoggingEvent> file = new FileAppender<>();
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

    /**
     * {@code 12:00:00.000 INFO  [thread] logger - message}, then the stack trace when there is one: what the pattern
     * {@code %d{HH:mm:ss.SSS} %-5level [%thread] %logger - %msg%n} writes, by hand. Logback's PatternLayout makes some 70
     * lambdas for its converters when it is first used, a tenth of a second on S3's start, which is the local cloud's
     * longest.
     */
    static final class LineLayout extends LayoutBase<ILoggingEvent> {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

        @Override
        public String doLayout(ILoggingEvent event) {
            StringBuilder line = new StringBuilder(160);
            TIME.formatTo(Instant.ofEpochMilli(event.getTimeStamp()), line);
            String level = event.getLevel().toString();
            line.append(' ').append(level).append(" ".repeat(Math.max(0, 5 - level.length())))
                    .append(" [").append(event.getThreadName()).append("] ")
                    .append(event.getLoggerName()).append(" - ").append(event.getFormattedMessage())
                    .append(CoreConstants.LINE_SEPARATOR);
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                line.append(ThrowableProxyUtil.asString(thrown)).append(CoreConstants.LINE_SEPARATOR);
            }
            return line.toString();
        }
    }
}
