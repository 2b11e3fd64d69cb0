package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.functions.Invocation;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

// try-with-resources that only scope a registration
@SuppressWarnings("try")
@Tag("lambda")
@LocalCloudTest(services = Service.LAMBDA)
class LambdaInvokeEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static LambdaClient lambdaClient(LocalCloud cloud) {
        return LambdaClient.builder().endpointOverride(cloud.endpoint(Service.LAMBDA)).region(AwsClients.LOCAL_REGION)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test"))
                .build();
    }

    /** A typed handler, as a lab writes one: the runtime's serializer reads the Map, GetFunction names the class. */
    public static final class GreetingHandler implements RequestHandler<Map<String, String>, Map<String, String>> {
        @Override
        public Map<String, String> handleRequest(Map<String, String> event, Context context) {
            return Map.of("greeting", "hello " + event.get("name"), "function", context.getFunctionName());
        }
    }

    @Test
    @DisplayName("Invokes a registered function through the real Lambda client and returns its result")
    void invokes(LocalCloud cloud, FunctionRegistry functions, TestResources resources) throws Exception {
        String name = resources.name("echo");
        try (var registration = functions.register(name, Functions.json(payload -> "{\"echo\":" + payload + "}"));
             LambdaClient lambda = lambdaClient(cloud)) {
            InvokeResponse response = lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{\"n\":1}")));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.functionError()).as("a function that returns normally has no FunctionError").isNull();
            assertThat(response.payload().asUtf8String()).isEqualTo("{\"echo\":{\"n\":1}}");
        }
    }

    @Test
    @DisplayName("Reports a thrown exception as an Unhandled function error, as Lambda does")
    void functionError(LocalCloud cloud, FunctionRegistry functions, TestResources resources) throws Exception {
        String name = resources.name("broken");
        try (var registration = functions.register(name, (payload, context) -> {
            throw new IllegalStateException("thumbnail failed");
        }); LambdaClient lambda = lambdaClient(cloud)) {
            InvokeResponse response = lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{}")));

            assertThat(response.functionError()).isEqualTo("Unhandled");
            assertThat(response.payload().asUtf8String()).contains("\"errorMessage\":\"thumbnail failed\"")
                    .contains("\"errorType\":\"java.lang.IllegalStateException\"");
        }
    }

    @Test
    @DisplayName("Answers ResourceNotFound for a function nobody registered, and stops serving one whose registration closed")
    void unknownFunction(LocalCloud cloud, FunctionRegistry functions, TestResources resources) throws Exception {
        String name = resources.name("gone");
        try (LambdaClient lambda = lambdaClient(cloud)) {
            functions.register(name, Functions.json(payload -> "{}")).close();
            assertThatThrownBy(() -> lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{}"))))
                    .isInstanceOf(ResourceNotFoundException.class);
            assertThatThrownBy(() -> lambda.getFunction(b -> b.functionName(name)))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }

    @Test
    @DisplayName("Lists registered functions and describes one (ListFunctions, GetFunction), as aws lambda list-functions shows them")
    void listsAndDescribes(LocalCloud cloud, FunctionRegistry functions, TestResources resources) throws Exception {
        String name = resources.name("greeting");
        try (var registration = functions.register(name, Functions.handler(new GreetingHandler()), Duration.ofSeconds(10), 1024);
             LambdaClient lambda = lambdaClient(cloud)) {
            List<String> names = lambda.listFunctions().functions().stream().map(FunctionConfiguration::functionName).toList();
            assertThat(names).contains(name);

            FunctionConfiguration configuration = lambda.getFunction(b -> b.functionName(name)).configuration();
            assertThat(configuration.functionArn()).isEqualTo("arn:aws:lambda:us-east-1:000000000000:function:" + name);
            assertThat(configuration.handler()).isEqualTo(GreetingHandler.class.getName() + "::handleRequest");
            assertThat(configuration.timeout()).isEqualTo(10);
            assertThat(configuration.memorySize()).isEqualTo(1024);
            assertThat(lambda.getFunctionConfiguration(b -> b.functionName(configuration.functionArn())).functionName())
                    .as("a function can be named by its ARN").isEqualTo(name);

            InvokeResponse response = lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{\"name\":\"Ada\"}")));
            assertThat(JSON.readTree(response.payload().asUtf8String()).path("greeting").asText()).isEqualTo("hello Ada");
        }
    }

    @Test
    @DisplayName("Queues an Event invocation (202), retries it twice after an error, and lists every attempt over HTTP")
    void asyncInvocationIsRetried(LocalCloud cloud, FunctionRegistry functions, TestResources resources) throws Exception {
        String name = resources.name("flaky");
        functions.asyncRetryDelay(Duration.ofMillis(50));
        try (var registration = functions.register(name, (payload, context) -> {
            throw new IllegalStateException("downstream unavailable");
        }); LambdaClient lambda = lambdaClient(cloud)) {
            InvokeResponse response = lambda.invoke(b -> b.functionName(name).invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromUtf8String("{\"order\":7}")));
            assertThat(response.statusCode()).isEqualTo(202);

            List<Invocation> attempts = functions.awaitInvocations(name, 3, Duration.ofSeconds(10));
            assertThat(attempts).as("Lambda retries a failed asynchronous invocation twice: three attempts in all").hasSize(3)
                    .allSatisfy(a -> assertThat(a.invocationType()).isEqualTo("Event"))
                    .extracting(Invocation::requestId).as("a retry is the same request").containsOnly(attempts.get(0).requestId());

            HttpResponse<String> listed = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(cloud.endpoint(Service.LAMBDA) + "/_localcloud/functions/" + name + "/invocations")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode invocations = JSON.readTree(listed.body());
            assertThat(invocations).hasSize(3);
            assertThat(invocations.get(0).path("payload").asText()).isEqualTo("{\"order\":7}");
            assertThat(invocations.get(0).path("errorMessage").asText()).isEqualTo("downstream unavailable");
        } finally {
            functions.asyncRetryDelay(Duration.ofMillis(500));
        }
    }
}
