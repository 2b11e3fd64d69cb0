package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class EmulatorLoggingTest {

    private static LoggingEvent event(Level level, String message, Object argument, Throwable thrown) {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("org.gaul.s3proxy.S3ProxyHandler"), level, message,
                thrown, new Object[] {argument});
        event.setThreadName("jetty-1");
        event.setTimeStamp(0);
        return event;
    }

    @Test
    @DisplayName("Writes one line per entry as the pattern it replaces did: time, padded level, thread, logger, message")
    void line() {
        String line = new EmulatorLogging.LineLayout().doLayout(event(Level.INFO, "Started {}", "Server", null));
        assertThat(line).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[jetty-1] org\\.gaul\\.s3proxy\\.S3ProxyHandler - Started Server"
                + System.lineSeparator());
    }

    @Test
    @DisplayName("Follows an entry that carries an exception with its stack trace, so an emulator's failure can be traced")
    void stackTrace() {
        String text = new EmulatorLogging.LineLayout().doLayout(
                event(Level.ERROR, "NotImplemented {}", "x-amz-foo", new IllegalStateException("boom")));
        assertThat(text).contains(" ERROR [jetty-1] ").contains("NotImplemented x-amz-foo" + System.lineSeparator())
                .contains("java.lang.IllegalStateException: boom").contains("at dev.sjl.localcloud.EmulatorLoggingTest");
    }
}
