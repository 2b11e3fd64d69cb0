package dev.sjl.localcloud.junit;

import java.util.Locale;

/** Where {@link LocalCloudTest} classes run, chosen with {@code -Dcloud=local|localstack|aws}. */
public enum CloudTarget {
    /** The embedded emulators on loopback (default; no Docker, no account). */
    LOCAL,
    /** LocalStack in Docker via Testcontainers; needs Docker and {@code LOCALSTACK_AUTH_TOKEN}. */
    LOCALSTACK,
    /** A real AWS account through the default credential chain; resources get unique names and are deleted after each test. */
    AWS;

    public static final String PROPERTY = "cloud";

    /**
     * The target named by the JUnit configuration parameter {@code cloud} or, failing that, {@code -Dcloud}; an unknown
     * value is an error, not a silent fallback to local.
     */
    static CloudTarget selected(org.junit.jupiter.api.extension.ExtensionContext context) {
        return parse(context.getConfigurationParameter(PROPERTY).orElse(System.getProperty(PROPERTY, "local")));
    }

    private static CloudTarget parse(String raw) {
        String value = raw.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "local" -> LOCAL;
            case "localstack" -> LOCALSTACK;
            case "aws" -> AWS;
            default -> throw new IllegalArgumentException("-D" + PROPERTY + "=" + value + " is not a cloud target; use local, localstack or aws");
        };
    }
}
