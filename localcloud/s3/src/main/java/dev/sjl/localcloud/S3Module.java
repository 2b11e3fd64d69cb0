package dev.sjl.localcloud;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

/** {@link Service#S3} for the local cloud: S3Proxy in this JVM (see {@link S3ProxyEmulator}). */
public final class S3Module implements EmulatorModule {
    @Override
    public Service service() {
        return Service.S3;
    }

    @Override
    public RunningEmulator start(int port, Context context) {
        // S3Proxy's, Jetty's and jclouds' logging goes to a file; set up only here, so Node-only starts never pay for it,
        // and on a thread of its own (a tenth of a second of logback), while S3Proxy is built.
        CompletableFuture<Path> logging = CompletableFuture.supplyAsync(
                () -> EmulatorLogging.toFile(context.logDirectory()), S3ProxyEmulator::daemon);
        return S3ProxyEmulator.start(port, context.s3Events(), logging);
    }
}
