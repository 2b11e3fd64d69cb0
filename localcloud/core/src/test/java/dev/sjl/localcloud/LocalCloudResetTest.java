package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.localcloud.functions.Functions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cognitoidentityprovider.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/**
 * One call puts every service back to how it started, from Java and over HTTP for {@code kit cloud}. Its own cloud:
 * a reset in the shared one would delete what other test classes are using.
 */
class LocalCloudResetTest {
    private static final EnumSet<Service> CORE = EnumSet.of(Service.DYNAMODB, Service.SQS, Service.SNS, Service.COGNITO,
            Service.SSM, Service.SECRETS_MANAGER, Service.EVENTBRIDGE, Service.LAMBDA);
    private static LocalCloud cloud;

    @BeforeAll
    static void start() {
        cloud = LocalCloud.builder().services(CORE).start();
    }

    @AfterAll
    static void stop() {
        cloud.close();
    }

    /** Something in every service, and a function that stays registered through the reset. */
    private static String[] fill(String suffix) {
        AwsClients aws = cloud.clients();
        aws.dynamoDb().createTable(b -> b.tableName("users-" + suffix)
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S))
                .billingMode("PAY_PER_REQUEST"));
        String queueUrl = aws.sqs().createQueue(b -> b.queueName("jobs-" + suffix)).queueUrl();
        aws.sqs().sendMessage(b -> b.queueUrl(queueUrl).messageBody("left behind"));
        String topicArn = aws.sns().createTopic(b -> b.name("events-" + suffix)).topicArn();
        String poolId = aws.cognito().createUserPool(b -> b.poolName("pool-" + suffix)).userPool().id();
        aws.cognito().adminCreateUser(b -> b.userPoolId(poolId).username("ana").messageAction("SUPPRESS"));
        aws.ssm().putParameter(b -> b.name("/app/" + suffix).value("v").type("String"));
        aws.secretsManager().createSecret(b -> b.name("db-" + suffix).secretString("{}"));
        aws.eventBridge().putRule(b -> b.name("rule-" + suffix).eventPattern("{\"source\":[\"sjl\"]}"));
        // The mapping reads another, empty queue: the message above stays for the reset to find.
        String workUrl = aws.sqs().createQueue(b -> b.queueName("work-" + suffix)).queueUrl();
        String workArn = aws.sqs().getQueueAttributes(b -> b.queueUrl(workUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        cloud.eventSourceMappings().create(EventSourceMapping.of(workArn, "worker"));
        cloud.functions().invoke("worker", "{\"Records\":[]}");
        return new String[] {queueUrl, topicArn, poolId};
    }

    @Test
    @DisplayName("LocalCloud.reset() deletes tables, queues, topics, pools, parameters, secrets, rules and mappings; functions stay")
    void resetsEveryServiceFromJava() {
        try (var worker = cloud.functions().register("worker", Functions.handler(SQSEvent.class, (event, context) -> null))) {
            String[] made = fill("java");

            Map<Service, String> report = cloud.reset();

            assertThat(report).containsOnlyKeys(CORE);
            assertThat(report.get(Service.DYNAMODB)).isEqualTo("1 tables deleted");
            assertThat(report.get(Service.SQS)).isEqualTo("2 queues deleted");
            assertThat(report.get(Service.SNS)).isEqualTo("1 topics deleted");
            assertThat(report.get(Service.COGNITO)).isEqualTo("1 user pools deleted");
            assertThat(report.get(Service.LAMBDA)).isEqualTo("1 event source mappings removed, 1 recorded invocations forgotten");
            AwsClients aws = cloud.clients();
            assertThat(aws.dynamoDb().listTables().tableNames()).isEmpty();
            assertThat(aws.sqs().listQueues().queueUrls()).isEmpty();
            assertThatThrownBy(() -> aws.sqs().receiveMessage(b -> b.queueUrl(made[0]))).isInstanceOf(QueueDoesNotExistException.class);
            assertThat(aws.sns().listTopics().topics()).isEmpty();
            assertThat(aws.cognito().listUserPools(b -> b.maxResults(60)).userPools()).isEmpty();
            assertThatThrownBy(() -> aws.cognito().describeUserPool(b -> b.userPoolId(made[2]))).isInstanceOf(ResourceNotFoundException.class);
            assertThat(aws.ssm().getParametersByPath(b -> b.path("/").recursive(true)).parameters()).isEmpty();
            assertThat(aws.secretsManager().listSecrets().secretList()).isEmpty();
            assertThat(aws.eventBridge().listRules(b -> b.build()).rules()).isEmpty();
            assertThat(aws.eventBridge().listEventBuses(b -> b.build()).eventBuses()).as("the default bus stays")
                    .extracting(bus -> bus.name()).containsExactly("default");
            assertThat(cloud.eventSourceMappings().list(null, null)).isEmpty();
            assertThat(cloud.functions().invocations("worker")).isEmpty();
            assertThat(cloud.functions().find("worker")).as("registered functions are code, not state").isPresent();

            // Everything can be made again under the same names: nothing half-deleted is left behind.
            fill("java");
            assertThat(cloud.reset().get(Service.DYNAMODB)).isEqualTo("1 tables deleted");
        }
    }

    @Test
    @DisplayName("POST /_localcloud/reset on the Lambda endpoint does the same for kit cloud, answering what it removed")
    void resetsOverHttp() throws Exception {
        try (var worker = cloud.functions().register("worker", Functions.handler(SQSEvent.class, (event, context) -> null))) {
            fill("http");
            URI reset = cloud.endpoint(Service.LAMBDA).resolve("/_localcloud/reset");

            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(reset)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode removed = new ObjectMapper().readTree(response.body()).path("reset");
            assertThat(removed.path("DYNAMODB").asText()).isEqualTo("1 tables deleted");
            assertThat(removed.path("SSM").asText()).isEqualTo("1 parameters deleted");
            assertThat(removed.path("EVENTBRIDGE").asText()).isEqualTo("1 rules removed");
            assertThat(cloud.clients().secretsManager().listSecrets().secretList()).isEmpty();
            try (LambdaClient lambda = LambdaInvokeEndpointTest.lambdaClient(cloud)) {
                assertThat(lambda.listEventSourceMappings().eventSourceMappings()).isEmpty();
            }
        }
    }
}
