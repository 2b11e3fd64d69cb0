package dev.sjl.localcloud;

import java.net.URI;
import java.nio.file.Path;

/**
 * An emulator packaged in a module of its own because of its weight — S3 ({@code localcloud-s3}: S3Proxy on jclouds)
 * and PostgreSQL ({@code localcloud-postgres}: the server binaries) — so a lab that does not use it does not
 * carry it. {@link LocalCloud} finds the modules on its classpath with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/dev.sjl.localcloud.EmulatorModule}); asking for a service whose module is absent fails
 * with the dependency to add.
 */
public interface EmulatorModule {
    /** The service this module serves ({@link Service#S3} or {@link Service#POSTGRES}). */
    Service service();

    /** Starts the emulator on {@code port}, or on a free port when it is 0; returns once it answers. */
    RunningEmulator start(int port, Context context);

    /** Whether something answering as this emulator listens at {@code endpoint} (for {@code kit cloud status}). */
    default boolean answers(URI endpoint) {
        return Ports.inUse(endpoint.getPort());
    }

    /**
     * What the local cloud lends a module's emulator.
     *
     * @param logDirectory where its log goes
     * @param s3Events     where S3 reports object writes and deletions, for bucket notifications
     */
    record Context(Path logDirectory, S3Events s3Events) {
    }
}
