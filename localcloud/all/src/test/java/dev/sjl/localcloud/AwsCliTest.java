package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI v2 against the local cloud, as a learner would type it: Debian 12's {@code awscli} package (CLI 2.9.19)
 * is the one that matters, because its botocore still speaks SQS's query protocol and waits for
 * {@code 100 Continue} on S3 uploads. Skipped with one line when no CLI v2 is installed;
 * {@code localcloud/all/aws-cli-check.sh} installs it and runs this class with {@code -Dlocalcloud.awsCli.required=true}.
 */
@Tag("aws-cli")
@LocalCloudTest(services = {Service.DYNAMODB, Service.S3, Service.SQS, Service.SNS, Service.EVENTBRIDGE, Service.LAMBDA,
        Service.COGNITO})
class AwsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path cli;

    @BeforeAll
    static void findCli() {
        Optional<Path> found = AwsCli.find();
        if (found.isEmpty() && Boolean.getBoolean("localcloud.awsCli.required")) {
            throw new IllegalStateException("No AWS CLI v2 found (looked at -Dlocalcloud.awsCli, /usr/bin/aws and PATH)");
        }
        Assumptions.assumeTrue(found.isPresent(), "no AWS CLI v2 installed (apt-get install awscli, or run localcloud/all/aws-cli-check.sh)");
        cli = found.get();
    }

    @Test
    @DisplayName("DynamoDB: create-table with a stream, put-item with a condition, get-item, dynamodbstreams get-records")
    void dynamoDb(LocalCloud cloud, TestResources resources) throws Exception {
        String endpoint = cloud.endpoint(Service.DYNAMODB).toString();
        String table = resources.name("users");
        aws(endpoint, "dynamodb", "create-table", "--table-name", table,
                "--attribute-definitions", "AttributeName=pk,AttributeType=S",
                "--key-schema", "AttributeName=pk,KeyType=HASH", "--billing-mode", "PAY_PER_REQUEST",
                "--stream-specification", "StreamEnabled=true,StreamViewType=NEW_IMAGE");
        aws(endpoint, "dynamodb", "put-item", "--table-name", table,
                "--item", "{\"pk\":{\"S\":\"USER#42\"},\"email\":{\"S\":\"ada@example.com\"}}",
                "--condition-expression", "attribute_not_exists(pk)");

        CliResult duplicate = run(endpoint, "dynamodb", "put-item", "--table-name", table,
                "--item", "{\"pk\":{\"S\":\"USER#42\"}}", "--condition-expression", "attribute_not_exists(pk)");
        assertThat(duplicate.exitCode()).as("a second put of the same key must be refused by the condition").isNotZero();
        assertThat(duplicate.stderr()).contains("ConditionalCheckFailedException");

        JsonNode item = aws(endpoint, "dynamodb", "get-item", "--table-name", table, "--key", "{\"pk\":{\"S\":\"USER#42\"}}");
        assertThat(item.at("/Item/email/S").asText()).isEqualTo("ada@example.com");

        // DynamoDB Streams on the same endpoint, as `aws dynamodbstreams` reaches it.
        String arn = aws(endpoint, "dynamodb", "describe-table", "--table-name", table).at("/Table/LatestStreamArn").asText();
        String shard = aws(endpoint, "dynamodbstreams", "describe-stream", "--stream-arn", arn)
                .at("/StreamDescription/Shards/0/ShardId").asText();
        String iterator = aws(endpoint, "dynamodbstreams", "get-shard-iterator", "--stream-arn", arn, "--shard-id", shard,
                "--shard-iterator-type", "TRIM_HORIZON").at("/ShardIterator").asText();
        JsonNode records = aws(endpoint, "dynamodbstreams", "get-records", "--shard-iterator", iterator).at("/Records");
        assertThat(records.size()).as("one INSERT: the refused duplicate changed nothing").isEqualTo(1);
        assertThat(records.at("/0/dynamodb/NewImage/email/S").asText()).isEqualTo("ada@example.com");
    }

    @Test
    @DisplayName("S3: mb, cp up (with Expect: 100-continue), ls, cp down, presign (a GET of its URL; 403 once tampered)")
    void s3(LocalCloud cloud, TestResources resources, @TempDir Path dir) throws Exception {
        String endpoint = cloud.endpoint(Service.S3).toString();
        String bucket = resources.name("avatars");
        Path upload = Files.writeString(dir.resolve("avatar.txt"), "not really a png");
        ok(endpoint, "s3", "mb", "s3://" + bucket);
        ok(endpoint, "s3", "cp", upload.toString(), "s3://" + bucket + "/users/42/avatar.txt");

        assertThat(ok(endpoint, "s3", "ls", "s3://" + bucket + "/users/42/")).contains("avatar.txt");
        Path download = dir.resolve("back.txt");
        ok(endpoint, "s3", "cp", "s3://" + bucket + "/users/42/avatar.txt", download.toString());
        assertThat(download).hasContent("not really a png");

        // botocore's presigner, not the Java SDK's: the local S3 verifies its URLs as S3 does.
        URI presigned = URI.create(ok(endpoint, "s3", "presign", "s3://" + bucket + "/users/42/avatar.txt",
                "--expires-in", "300").strip());
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(presigned).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> tampered = http.send(HttpRequest.newBuilder(URI.create(presigned.toString()
                .replace("/users/42/", "/users/43/"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).as("a GET of the CLI's presigned URL: %s", get.body()).isEqualTo(200);
        assertThat(get.body()).isEqualTo("not really a png");
        assertThat(tampered.statusCode()).as("the same URL for another key").isEqualTo(403);
        assertThat(tampered.body()).contains("<Code>SignatureDoesNotMatch</Code>");
    }

    @Test
    @DisplayName("SQS: create-queue, send-message with an attribute, receive-message, delete-message")
    void sqs(LocalCloud cloud, TestResources resources) throws Exception {
        String endpoint = cloud.endpoint(Service.SQS).toString();
        String queueUrl = aws(endpoint, "sqs", "create-queue", "--queue-name", resources.name("emails"),
                "--attributes", "VisibilityTimeout=30").path("QueueUrl").asText();
        assertThat(aws(endpoint, "sqs", "list-queues", "--queue-name-prefix", resources.prefix()).path("QueueUrls"))
                .extracting(JsonNode::asText).containsExactly(queueUrl);

        aws(endpoint, "sqs", "send-message", "--queue-url", queueUrl, "--message-body", "{\"userId\":\"42\"}",
                "--message-attributes", "{\"kind\":{\"DataType\":\"String\",\"StringValue\":\"welcome\"}}");
        JsonNode message = aws(endpoint, "sqs", "receive-message", "--queue-url", queueUrl, "--wait-time-seconds", "2",
                "--attribute-names", "All", "--message-attribute-names", "All").path("Messages").path(0);
        assertThat(message.path("Body").asText()).isEqualTo("{\"userId\":\"42\"}");
        assertThat(message.at("/MessageAttributes/kind/StringValue").asText()).isEqualTo("welcome");
        assertThat(message.at("/Attributes/ApproximateReceiveCount").asText()).isEqualTo("1");

        aws(endpoint, "sqs", "delete-message", "--queue-url", queueUrl, "--receipt-handle", message.path("ReceiptHandle").asText());
        assertThat(aws(endpoint, "sqs", "get-queue-attributes", "--queue-url", queueUrl, "--attribute-names", "All")
                .at("/Attributes/ApproximateNumberOfMessagesNotVisible").asText())
                .as("a deleted message is gone, not just invisible").isEqualTo("0");
    }

    @Test
    @DisplayName("SNS: create-topic, subscribe a queue, publish, and the queue receives the notification")
    void sns(LocalCloud cloud, TestResources resources) throws Exception {
        String sqsEndpoint = cloud.endpoint(Service.SQS).toString();
        String snsEndpoint = cloud.endpoint(Service.SNS).toString();
        String queueUrl = aws(sqsEndpoint, "sqs", "create-queue", "--queue-name", resources.name("welcome")).path("QueueUrl").asText();
        String queueArn = aws(sqsEndpoint, "sqs", "get-queue-attributes", "--queue-url", queueUrl, "--attribute-names", "QueueArn")
                .at("/Attributes/QueueArn").asText();
        String topicArn = aws(snsEndpoint, "sns", "create-topic", "--name", resources.name("user-signed-up")).path("TopicArn").asText();
        aws(snsEndpoint, "sns", "subscribe", "--topic-arn", topicArn, "--protocol", "sqs", "--notification-endpoint", queueArn);

        aws(snsEndpoint, "sns", "publish", "--topic-arn", topicArn, "--message", "{\"userId\":\"42\"}");

        JsonNode body = JSON.readTree(aws(sqsEndpoint, "sqs", "receive-message", "--queue-url", queueUrl, "--wait-time-seconds", "5")
                .at("/Messages/0/Body").asText());
        assertThat(body.path("TopicArn").asText()).isEqualTo(topicArn);
        assertThat(body.path("Message").asText()).isEqualTo("{\"userId\":\"42\"}");
    }

    @Test
    @SuppressWarnings("try") // the registration only scopes the function
    @DisplayName("Lambda and EventBridge: list-functions, put-rule, put-targets, put-events routed to a queue")
    void lambdaAndEventBridge(LocalCloud cloud, FunctionRegistry functions, TestResources resources) throws Exception {
        String lambdaEndpoint = cloud.endpoint(Service.LAMBDA).toString();
        String eventsEndpoint = cloud.endpoint(Service.EVENTBRIDGE).toString();
        String sqsEndpoint = cloud.endpoint(Service.SQS).toString();
        String function = resources.name("welcome");
        try (var registration = functions.register(function, Functions.json(payload -> "{}"))) {
            assertThat(aws(lambdaEndpoint, "lambda", "list-functions").path("Functions"))
                    .extracting(f -> f.path("FunctionName").asText()).contains(function);
        }
        String queueUrl = aws(sqsEndpoint, "sqs", "create-queue", "--queue-name", resources.name("audit")).path("QueueUrl").asText();
        String queueArn = aws(sqsEndpoint, "sqs", "get-queue-attributes", "--queue-url", queueUrl, "--attribute-names", "QueueArn")
                .at("/Attributes/QueueArn").asText();
        String rule = resources.name("signed-up");
        aws(eventsEndpoint, "events", "put-rule", "--name", rule,
                "--event-pattern", "{\"source\":[\"dev.sjl.users\"],\"detail\":{\"plan\":[{\"anything-but\":\"free\"}]}}");
        aws(eventsEndpoint, "events", "put-targets", "--rule", rule, "--targets", "Id=audit,Arn=" + queueArn);
        aws(eventsEndpoint, "events", "put-events", "--entries",
                "[{\"Source\":\"dev.sjl.users\",\"DetailType\":\"UserSignedUp\",\"Detail\":\"{\\\"plan\\\":\\\"free\\\"}\"},"
                        + "{\"Source\":\"dev.sjl.users\",\"DetailType\":\"UserSignedUp\",\"Detail\":\"{\\\"plan\\\":\\\"pro\\\"}\"}]");

        JsonNode messages = aws(sqsEndpoint, "sqs", "receive-message", "--queue-url", queueUrl, "--wait-time-seconds", "5",
                "--max-number-of-messages", "10").path("Messages");
        assertThat(messages).as("only the event that matches the rule reaches the queue").hasSize(1);
        assertThat(JSON.readTree(messages.get(0).path("Body").asText()).at("/detail/plan").asText()).isEqualTo("pro");
    }

    @Test
    @DisplayName("Cognito: sign-up, initiate-auth refused until confirm-sign-up with the code read from the local cloud, then tokens")
    void cognito(LocalCloud cloud, TestResources resources) throws Exception {
        String endpoint = cloud.endpoint(Service.COGNITO).toString();
        String pool = aws(endpoint, "cognito-idp", "create-user-pool", "--pool-name", resources.name("users"),
                "--auto-verified-attributes", "email").at("/UserPool/Id").asText();
        String client = aws(endpoint, "cognito-idp", "create-user-pool-client", "--user-pool-id", pool, "--client-name", "web",
                "--explicit-auth-flows", "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH",
                "--prevent-user-existence-errors", "ENABLED").at("/UserPoolClient/ClientId").asText();
        String[] login = {"cognito-idp", "initiate-auth", "--client-id", client, "--auth-flow", "USER_PASSWORD_AUTH",
                "--auth-parameters", "USERNAME=grace,PASSWORD=Correct-Horse-9"};

        JsonNode signUp = aws(endpoint, "cognito-idp", "sign-up", "--client-id", client, "--username", "grace",
                "--password", "Correct-Horse-9", "--user-attributes", "Name=email,Value=grace@example.com");
        assertThat(signUp.at("/CodeDeliveryDetails/Destination").asText()).isEqualTo("g***@e***");
        assertThat(run(endpoint, login).stderr()).contains("UserNotConfirmedException");

        aws(endpoint, "cognito-idp", "confirm-sign-up", "--client-id", client, "--username", "grace",
                "--confirmation-code", cloud.cognitoConfirmationCode(pool, "grace"));
        JsonNode tokens = aws(endpoint, login).path("AuthenticationResult");
        assertThat(tokens.path("ExpiresIn").asInt()).isEqualTo(3600);
        assertThat(tokens.path("IdToken").asText()).isNotBlank();
        assertThat(run(endpoint, "cognito-idp", "initiate-auth", "--client-id", client, "--auth-flow", "USER_PASSWORD_AUTH",
                "--auth-parameters", "USERNAME=nobody,PASSWORD=Correct-Horse-9").stderr())
                .contains("NotAuthorizedException").contains("Incorrect username or password.");
    }

    // https://docs.aws.amazon.com/cognito-user-identity-pools/latest/APIReference/API_GetTokensFromRefreshToken.html
    @Test
    @DisplayName("Cognito: get-tokens-from-refresh-token on a client with --refresh-token-rotation: a new refresh token, the old one refused")
    void cognitoRefreshTokenRotation(LocalCloud cloud, TestResources resources) throws Exception {
        String endpoint = cloud.endpoint(Service.COGNITO).toString();
        // The operation dates from April 2025: an older CLI (Debian 12's 2.9.19) answers "Invalid choice".
        Assumptions.assumeFalse(run(endpoint, "cognito-idp", "get-tokens-from-refresh-token").stderr().contains("Invalid choice"),
                "this AWS CLI predates cognito-idp get-tokens-from-refresh-token");
        String pool = aws(endpoint, "cognito-idp", "create-user-pool", "--pool-name", resources.name("users")).at("/UserPool/Id").asText();
        String client = aws(endpoint, "cognito-idp", "create-user-pool-client", "--user-pool-id", pool, "--client-name", "web",
                "--explicit-auth-flows", "ALLOW_USER_PASSWORD_AUTH",
                "--refresh-token-rotation", "Feature=ENABLED,RetryGracePeriodSeconds=0").at("/UserPoolClient/ClientId").asText();
        assertThat(aws(endpoint, "cognito-idp", "describe-user-pool-client", "--user-pool-id", pool, "--client-id", client)
                .at("/UserPoolClient/RefreshTokenRotation/Feature").asText()).isEqualTo("ENABLED");
        aws(endpoint, "cognito-idp", "admin-create-user", "--user-pool-id", pool, "--username", "grace", "--message-action", "SUPPRESS");
        aws(endpoint, "cognito-idp", "admin-set-user-password", "--user-pool-id", pool, "--username", "grace",
                "--password", "Correct-Horse-9", "--permanent");
        String first = aws(endpoint, "cognito-idp", "initiate-auth", "--client-id", client, "--auth-flow", "USER_PASSWORD_AUTH",
                "--auth-parameters", "USERNAME=grace,PASSWORD=Correct-Horse-9").at("/AuthenticationResult/RefreshToken").asText();

        JsonNode rotated = aws(endpoint, "cognito-idp", "get-tokens-from-refresh-token", "--client-id", client, "--refresh-token", first)
                .path("AuthenticationResult");

        assertThat(rotated.path("AccessToken").asText()).isNotBlank();
        assertThat(rotated.path("RefreshToken").asText()).as("rotation: a new refresh token").isNotBlank().isNotEqualTo(first);
        assertThat(run(endpoint, "cognito-idp", "get-tokens-from-refresh-token", "--client-id", client, "--refresh-token", first).stderr())
                .contains("RefreshTokenReuseException");
    }

    private record CliResult(int exitCode, String stdout, String stderr) {
    }

    /** Runs the CLI and returns its JSON output; a non-zero exit fails the test with the CLI's own message. */
    private static JsonNode aws(String endpoint, String... args) throws Exception {
        String stdout = ok(endpoint, args);
        return stdout.isBlank() ? JSON.createObjectNode() : JSON.readTree(stdout);
    }

    /** Runs a CLI command that prints text (the {@code aws s3} family) and returns what it printed. */
    private static String ok(String endpoint, String... args) throws Exception {
        CliResult result = run(endpoint, args);
        assertThat(result.exitCode()).as("aws %s %s failed: %s", args[0], args[1], result.stderr()).isZero();
        return result.stdout();
    }

    private static CliResult run(String endpoint, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(cli.toString(), "--endpoint-url", endpoint, "--output", "json", "--no-cli-pager"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("AWS_ACCESS_KEY_ID", "test");
        env.put("AWS_SECRET_ACCESS_KEY", "test");
        env.put("AWS_DEFAULT_REGION", "us-east-1");
        env.put("AWS_CONFIG_FILE", "/dev/null");
        env.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        Process process = builder.start();
        process.getOutputStream().close();
        var stdout = process.getInputStream().readAllBytes();
        var stderr = process.getErrorStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("aws " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new CliResult(process.exitValue(), new String(stdout, StandardCharsets.UTF_8), new String(stderr, StandardCharsets.UTF_8));
    }

    /** Finds an AWS CLI v2: {@code -Dlocalcloud.awsCli}, then Debian's {@code /usr/bin/aws}, then {@code aws} on the PATH. */
    static final class AwsCli {
        private AwsCli() {
        }

        static Optional<Path> find() {
            Stream<Path> explicit = Optional.ofNullable(System.getProperty("localcloud.awsCli")).map(Path::of).stream();
            Stream<Path> onPath = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                    .filter(dir -> !dir.isBlank()).map(dir -> Path.of(dir, "aws"));
            return Stream.of(explicit, Stream.of(Path.of("/usr/bin/aws")), onPath).flatMap(s -> s)
                    .filter(Files::isExecutable).filter(AwsCli::isVersion2).findFirst();
        }

        private static boolean isVersion2(Path candidate) {
            try {
                Process process = new ProcessBuilder(candidate.toString(), "--version").redirectErrorStream(true).start();
                String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 && version.startsWith("aws-cli/2.");
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
