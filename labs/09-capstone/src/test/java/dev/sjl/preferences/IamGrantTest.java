package dev.sjl.preferences;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grant as data, checked against the code: every DynamoDB operation the function calls (recorded by an SDK
 * interceptor while it serves GET and PUT) must be granted, and nothing else may be. The local cloud checks no
 * permissions, so this is the only place a missing or extra action shows before AWS.
 */
@Tag("task:5")
@LocalCloudTest(services = Service.DYNAMODB)
class IamGrantTest {

    private static final String ARN = PreferencesGrant.tableArn("eu-west-1", "123456789012", "users");

    // tag::iam-coverage[]
    @Test
    @DisplayName("Grants the preferences function exactly the DynamoDB actions its code calls, no more, no fewer")
    void grantsExactlyWhatTheCodeCalls(DynamoDbClient shared, LocalCloud cloud, TestResources resources) {
        String table = Table.fresh(shared, resources);
        Set<String> called = new ConcurrentSkipListSet<>();
        try (DynamoDbClient recording = recordingClient(cloud, called)) {
            PreferencesHandler handler = new PreferencesHandler(new PreferencesStore(recording, table));
            // Every path the routes can take: first read, first save, its retry, a stale save, a read of the item.
            assertThat(handler.handleRequest(event("GET", null), null).getStatusCode()).isEqualTo(200);
            for (String body : List.of("{\"email\":false,\"sms\":true,\"version\":0}",
                    "{\"email\":false,\"sms\":true,\"version\":0}", "{\"email\":true,\"sms\":true,\"version\":0}")) {
                handler.handleRequest(event("PUT", body), null);
            }
            APIGatewayV2HTTPResponse read = handler.handleRequest(event("GET", null), null);
            assertThat(read.getBody()).contains("\"version\":1");
        }
        List<PreferencesGrant.Grant> grants = PreferencesGrant.grants(ARN);
        Set<String> granted = new TreeSet<>();
        grants.forEach(g -> granted.addAll(g.actions()));

        assertThat(grants).as("the grants are for the function named %s", PreferencesApi.FUNCTION)
                .allSatisfy(g -> assertThat(g.function()).isEqualTo(PreferencesApi.FUNCTION));
        assertThat(called).as("an action the code calls is not granted: on AWS that call is an AccessDeniedException "
                + "(the local cloud checks nothing)").allSatisfy(action -> assertThat(granted).contains(action));
        assertThat(granted).as("an action is granted that the code never calls: an unused permission is a door left "
                + "open; grant only %s", called).allSatisfy(action -> assertThat(called).contains(action));
    }
    // end::iam-coverage[]

    @Test
    @DisplayName("Names every action in full and the users table alone: no wildcard, no other table, no index")
    void noWildcards() {
        List<PreferencesGrant.Grant> grants = PreferencesGrant.grants(ARN);

        assertThat(grants).as("one grant at least").isNotEmpty();
        for (PreferencesGrant.Grant grant : grants) {
            assertThat(grant.actions()).as("a wildcard action (\"*\", \"dynamodb:*\", \"dynamodb:Get*\") grants "
                    + "operations nobody reviewed, DeleteTable included").noneMatch(a -> a.contains("*"));
            assertThat(grant.actions()).as("actions are named service:Operation").allMatch(a -> a.startsWith("dynamodb:"));
            assertThat(grant.resources()).as("the resource is the users table's ARN and nothing else: not \"*\", not "
                    + "table/*, not its indexes").containsExactly(ARN);
        }
        assertThat(ARN).as("a table's ARN").isEqualTo("arn:aws:dynamodb:eu-west-1:123456789012:table/users");
    }

    private static DynamoDbClient recordingClient(LocalCloud cloud, Set<String> called) {
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                called.add("dynamodb:" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        return DynamoDbClient.builder().endpointOverride(cloud.endpoint(Service.DYNAMODB)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(recorder)).build();
    }

    private static APIGatewayV2HTTPEvent event(String method, String body) {
        return APIGatewayV2HTTPEvent.builder().withVersion("2.0").withRouteKey(method + " /users/me/preferences")
                .withRawPath("/users/me/preferences").withBody(body).withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder().withRequestId("r-" + method)
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method)
                                .withPath("/users/me/preferences").build())
                        .withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                                        .withClaims(Map.of("sub", "ada", "scope", "aws.cognito.signin.user.admin"))
                                        .build()).build())
                        .build())
                .build();
    }
}
