package dev.sjl.localcloud;

/**
 * The AWS services the local cloud serves. Several share one emulator process (SQS and SNS live in fauxqs so that a
 * topic can fan out into queues the SQS client sees; SSM, Secrets Manager and EventBridge share one small fake), so
 * asking for one may start its siblings too.
 */
public enum Service {
    DYNAMODB("dynamodb", Emulator.DYNAMODB_LOCAL),
    S3("s3", Emulator.S3MOCK),
    SQS("sqs", Emulator.FAUXQS),
    SNS("sns", Emulator.FAUXQS),
    COGNITO("cognito-idp", Emulator.COGNITO_LOCAL),
    SSM("ssm", Emulator.AWS_JSON_FAKES),
    SECRETS_MANAGER("secretsmanager", Emulator.AWS_JSON_FAKES),
    EVENTBRIDGE("events", Emulator.AWS_JSON_FAKES),
    /** The Lambda Invoke API ({@code POST /2015-03-31/functions/{name}/invocations}); Cognito's triggers call it. */
    LAMBDA("lambda", Emulator.LAMBDA_INVOKE),
    /**
     * PostgreSQL, standing in for an RDS for PostgreSQL instance: reached with JDBC, not with an AWS client (see
     * {@link LocalCloud#postgres()}).
     */
    POSTGRES("postgres", Emulator.POSTGRES);

    private final String cliName;
    private final Emulator emulator;

    Service(String cliName, Emulator emulator) {
        this.cliName = cliName;
        this.emulator = emulator;
    }

    /** The service's name in the AWS CLI ({@code aws dynamodb …}, {@code aws cognito-idp …}); for PostgreSQL, which no AWS CLI command reaches, its engine name. */
    public String cliName() {
        return cliName;
    }

    Emulator emulator() {
        return emulator;
    }

    /** Which process serves which services; one entry per thing that is started and stopped. */
    enum Emulator {
        DYNAMODB_LOCAL("DynamoDB Local", 45660, false),
        S3MOCK("S3Mock", 45661, false),
        FAUXQS("fauxqs (SQS + SNS)", 45662, true),
        COGNITO_LOCAL("cognito-local", 45663, true),
        AWS_JSON_FAKES("SSM / Secrets Manager / EventBridge fake", 45664, false),
        LAMBDA_INVOKE("Lambda Invoke endpoint", 45665, false),
        POSTGRES(PostgresEmulator.NAME, 45666, false);

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
