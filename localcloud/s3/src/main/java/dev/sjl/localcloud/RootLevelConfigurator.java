package dev.sjl.localcloud;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's root level at INFO where no configuration file says otherwise. Without a file, logback logs everything at
 * DEBUG to the console, the AWS SDK's signed requests and bodies among them (a secret's value, a password), in every
 * test of a lab that has this module (Spring Boot's jar registers the same kind of configurator). A
 * {@code logback-test.xml} or {@code logback.xml} still applies after this and wins.
 */
public final class RootLevelConfigurator extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
        return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
}
