package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

// try-with-resources that only scope a registration
@SuppressWarnings("try")
@Tag("lambda")
@LocalCloudTest(services = Service.LAMBDA)
class LambdaInvokeEndpointTest {

    private static LambdaClient lambdaClient(LocalCloud cloud) {
        return LambdaClient.builder().endpointOverride(cloud.endpoint(Service.LAMBDA)).region(AwsClients.LOCAL_REGION)
                .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test"))
                .build();
    }

    @Test
    @DisplayName("Invokes a registered function through the real Lambda client and returns its result")
    void invokes(LocalCloud cloud, LambdaInvokeEndpoint lambdas, TestResources resources) throws Exception {
        String name = resources.name("echo");
        try (var registration = lambdas.register(name, payload -> "{\"echo\":" + payload + "}");
             LambdaClient lambda = lambdaClient(cloud)) {
            InvokeResponse response = lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{\"n\":1}")));

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.functionError()).as("a function that returns normally has no FunctionError").isNull();
            assertThat(response.payload().asUtf8String()).isEqualTo("{\"echo\":{\"n\":1}}");
        }
    }

    @Test
    @DisplayName("Reports a thrown exception as an Unhandled function error, as Lambda does")
    void functionError(LocalCloud cloud, LambdaInvokeEndpoint lambdas, TestResources resources) throws Exception {
        String name = resources.name("broken");
        try (var registration = lambdas.register(name, payload -> {
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
    void unknownFunction(LocalCloud cloud, LambdaInvokeEndpoint lambdas, TestResources resources) throws Exception {
        String name = resources.name("gone");
        try (LambdaClient lambda = lambdaClient(cloud)) {
            lambdas.register(name, payload -> "{}").close();
            assertThatThrownBy(() -> lambda.invoke(b -> b.functionName(name).payload(SdkBytes.fromUtf8String("{}"))))
                    .isInstanceOf(ResourceNotFoundException.class);
        }
    }
}
