package dev.sjl.localcloud.junit;

import dev.sjl.localcloud.AwsClients;
import dev.sjl.localcloud.PostgresConnection;
import dev.sjl.localcloud.Service;
import java.util.Optional;
import java.util.Set;

/**
 * A cloud that {@link LocalCloudTest} classes can run against besides a real account: the local cloud (module
 * {@code localcloud-core}) and LocalStack (module {@code localcloud-localstack}). Each is found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.sjl.localcloud.junit.CloudBackend}), so this
 * module carries no emulator and a lab's test classpath holds only the backends it depends on.
 */
public interface CloudBackend {
    /** The {@code -Dcloud} value this backend serves; {@link CloudTarget#AWS} is built in. */
    CloudTarget target();

    /** Why it cannot run here (no Docker, no token…), in one line; empty when it can. */
    default Optional<String> unavailableReason() {
        return Optional.empty();
    }

    /** Test-parameter types that exist only on this backend (the local cloud's own handles); skipped elsewhere. */
    default Set<Class<?>> ownParameterTypes() {
        return Set.of();
    }

    /** Starts (or connects to) the cloud; JUnit closes the session after the last test of the run. */
    Session open();

    /** One test run's connection to the cloud. */
    interface Session extends AutoCloseable {
        /** Clients configured for this cloud, closed with the session. */
        AwsClients clients();

        /** Makes {@code services} available (the local cloud starts them on first demand; others have them all). */
        default void ensureStarted(Set<Service> services) {
        }

        /** The PostgreSQL master connection when this cloud runs one, for {@link TestResources#database()}. */
        default Optional<PostgresConnection> postgresMaster() {
            return Optional.empty();
        }

        /**
         * Puts the cloud back to how a new session finds it, for the next test run in this JVM
         * ({@code -Dlocalcloud.session=jvm}); false when it cannot (an emulator has exited, a reset failed), and the
         * caller then closes it and opens a new one. The default never reuses a session.
         */
        default boolean renew() {
            return false;
        }

        /** The parameter of one of {@link CloudBackend#ownParameterTypes()}. */
        default Object resolve(Class<?> type) {
            throw new IllegalArgumentException(type.getName());
        }

        @Override
        void close();
    }
}
