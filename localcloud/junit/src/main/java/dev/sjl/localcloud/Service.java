package dev.sjl.localcloud;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * The AWS services the local cloud serves. Several share one emulator process (SQS and SNS live in fauxqs so that a
 * topic can fan out into queues the SQS client sees; SSM, Secrets Manager and EventBridge share one small fake), so
 * asking for one may start its siblings too.
 */
public enum Service {
    DYNAMODB("dynamodb", Emulator.DYNALITE, "list-tables"),
    S3("s3", Emulator.S3PROXY, "ls"),
    SQS("sqs", Emulator.FAUXQS, "list-queues"),
    SNS("sns", Emulator.FAUXQS, "list-topics"),
    COGNITO("cognito-idp", Emulator.COGNITO_LOCAL, "list-user-pools --max-results 10"),
    SSM("ssm", Emulator.AWS_JSON_FAKES, "get-parameters-by-path --path / --recursive"),
    SECRETS_MANAGER("secretsmanager", Emulator.AWS_JSON_FAKES, "list-secrets"),
    EVENTBRIDGE("events", Emulator.AWS_JSON_FAKES, "list-event-buses"),
    /**
     * Lambda's API for the functions registered in the local cloud: Invoke, ListFunctions, GetFunction and event
     * source mappings; Cognito's triggers call it.
     */
    LAMBDA("lambda", Emulator.LAMBDA_INVOKE, "list-functions"),
    /**
     * PostgreSQL, standing in for an RDS for PostgreSQL instance: reached with JDBC, not with an AWS client (see
     * {@link LocalCloud#postgres()}).
     */
    POSTGRES("postgres", Emulator.POSTGRES, null);

    private final String cliName;
    private final Emulator emulator;
    private final String cliExample;

    Service(String cliName, Emulator emulator, String cliExample) {
        this.cliName = cliName;
        this.emulator = emulator;
        this.cliExample = cliExample;
    }

    /**
     * One row of the table of what {@code kit cloud up} runs: the handbook prints {@link #table()} as it is.
     *
     * @param service  the constant a test names in {@code @LocalCloudTest(services = …)}
     * @param emulator what serves it
     * @param endpoint where {@code kit cloud up} serves it (tests take free ports instead)
     * @param tryIt    a harmless first command against it
     */
    public record Row(String service, String emulator, String endpoint, String tryIt) {
    }

    /** Every service with its emulator, fixed endpoint and a first command, in declaration order. */
    public static List<Row> table() {
        return Arrays.stream(values())
                .map(s -> new Row(s.name(), s.emulator.displayName(), s.fixedEndpoint().toString(), s.tryIt(s.fixedEndpoint())))
                .toList();
    }

    /** The endpoint on the fixed port, as {@code kit cloud up} serves it. */
    URI fixedEndpoint() {
        return URI.create((this == POSTGRES ? "postgresql://" : "http://") + Ports.LOOPBACK + ":" + emulator.fixedPort());
    }

    /**
     * A harmless first command against {@code endpoint}: an AWS CLI call, or for PostgreSQL a psql line (its password
     * comes from the pgpass file {@code kit cloud up} writes, never from the command line).
     */
    String tryIt(URI endpoint) {
        if (this == POSTGRES) {
            return "psql -h " + endpoint.getHost() + " -p " + endpoint.getPort() + " -U " + PostgresConnection.MASTER_USER + " " + PostgresConnection.DEFAULT_DATABASE;
        }
        return "aws --endpoint-url " + endpoint + " " + cliName + " " + cliExample;
    }

    /** The service's name in the AWS CLI ({@code aws dynamodb …}, {@code aws cognito-idp …}); for PostgreSQL, which no AWS CLI command reaches, its engine name. */
    public String cliName() {
        return cliName;
    }

    Emulator emulator() {
        return emulator;
    }

    /**
     * Which process serves which services; one entry per thing that is started and stopped. The fixed ports lie below
     * 32768, under every system's ephemeral range (Linux 32768-60999, macOS and Windows 49152-65535): inside it, any
     * outgoing connection may hold one as its source port, and {@code kit cloud up} would then fail with "already in
     * use" at random.
     */
    enum Emulator {
        DYNALITE("dynalite (+ transactions, TTL, Streams)", 14560, true),
        S3PROXY("S3Proxy", 14561, false),
        FAUXQS("fauxqs (SQS + SNS)", 14562, true),
        COGNITO_LOCAL("cognito-local", 14563, true),
        AWS_JSON_FAKES("SSM / Secrets Manager / EventBridge fake", 14564, false),
        LAMBDA_INVOKE("Lambda API (the local function registry)", 14565, false),
        POSTGRES("PostgreSQL", 14566, false);

        private final String displayName;
        private final int fixedPort;
        private final boolean node;

        Emulator(String displayName, int fixedPort, boolean node) {
            this.displayName = displayName;
            this.fixedPort = fixedPort;
            this.node = node;
        }

        String displayName() {
            return displayName;
        }

        /** The documented loopback port `kit cloud` uses, so the AWS CLI and the capstone can find it. */
        int fixedPort() {
            return fixedPort;
        }

        boolean needsNode() {
            return node;
        }
    }
}
