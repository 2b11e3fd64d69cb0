package dev.sjl.localcloud;

import java.net.URI;

/** {@link Service#POSTGRES} for the local cloud: a real server from the packaged binaries (see {@link PostgresEmulator}). */
public final class PostgresModule implements EmulatorModule {
    @Override
    public Service service() {
        return Service.POSTGRES;
    }

    @Override
    public RunningEmulator start(int port, Context context) {
        return PostgresEmulator.start(port, context.logDirectory());
    }

    /** A PostgreSQL reply to an SSLRequest, not just an open port. */
    @Override
    public boolean answers(URI endpoint) {
        return PostgresEmulator.answers(endpoint.getHost(), endpoint.getPort());
    }
}
