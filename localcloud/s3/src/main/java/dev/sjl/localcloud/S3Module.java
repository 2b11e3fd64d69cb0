package dev.sjl.localcloud;

/** {@link Service#S3} for the local cloud: S3Mock in this JVM (see {@link S3MockEmulator}). */
public final class S3Module implements EmulatorModule {
    @Override
    public Service service() {
        return Service.S3;
    }

    @Override
    public RunningEmulator start(int port, Context context) {
        // Spring Boot's and Tomcat's logging goes to a file; set up only here, so Node-only starts never pay for it.
        return S3MockEmulator.start(port, context.s3Events(), EmulatorLogging.toFile(context.logDirectory()));
    }
}
