package dev.sjl.localcloud;

import java.net.URI;

/** One started emulator: where it listens, whether it still runs, how to stop it. */
public interface RunningEmulator extends AutoCloseable {
    URI endpoint();

    /** False once a child process has exited on its own: callers get a clear error instead of a hang. */
    default boolean isAlive() {
        return true;
    }

    /** Stops the emulator and frees its port; never throws, so one failure cannot leak the others. */
    @Override
    void close();
}
