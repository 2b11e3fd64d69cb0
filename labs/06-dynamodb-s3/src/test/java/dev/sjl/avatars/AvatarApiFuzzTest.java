package dev.sjl.avatars;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.dynamodb.DynamoDbUserRepository;
import dev.sjl.dynamodb.UsersTable;
import dev.sjl.kit.fuzz.Endpoint;
import dev.sjl.kit.fuzz.FuzzRun;
import dev.sjl.kit.fuzz.HostileRequests;
import dev.sjl.kit.fuzz.ResponseCheck;
import dev.sjl.kit.fuzz.StarterTodo;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.users.User;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The avatar routes against hostile requests (tools/fuzz), as they arrive after the gateway's JWT authorizer: the
 * caller is known, everything else (body, headers, query, path) is the attacker's. A body that is not an upload request
 * must be a 400 in the service's words, never a 500 or a message of Jackson's or the SDK's.
 */
@Tag("task:9")
@LocalCloudTest(services = {Service.S3, Service.DYNAMODB})
@DisplayName("The avatar routes under hostile input")
class AvatarApiFuzzTest {

    private static final long SEED = 20261203L;
    // Each valid request presigns and reads the profile item from the local DynamoDB.
    private static final int REQUESTS = 800;

    @Test
    @DisplayName("Answers 800 hostile requests deliberately: no 5xx, no stack trace, no echo")
    void answersHostileRequestsDeliberately(S3Client s3, S3Presigner presigner, DynamoDbClient dynamo,
                                            TestResources resources) {
        String bucket = resources.name("avatars");
        String table = resources.name("users");
        s3.createBucket(b -> b.bucket(bucket));
        UsersTable.create(dynamo, table);
        new DynamoDbUserRepository(dynamo, table, new byte[32]).create(new User(AvatarUploadsTest.SUB,
                "me@example.com", "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
                Instant.parse("2026-01-15T10:00:00Z")));
        AvatarProfiles profiles = new AvatarProfiles(dynamo, table);
        AvatarApi api = new AvatarApi(new AvatarUploads(presigner, bucket), profiles, presigner, bucket);

        List<Endpoint> routes = AvatarApi.routeTable().stream()
                .map(route -> Endpoint.of(route.method(), route.path())).toList();
        HostileRequests hostile = HostileRequests.forRoutes(routes, Map.of("POST /users/me/avatar",
                "{\"contentType\":\"image/png\",\"size\":48213,\"fileName\":\"me.png\"}"), SEED);
        ResponseCheck check = ResponseCheck.errorShape("error", "message", "requestId").logLinesPerClientError(1);
        FuzzRun run = FuzzRun.of(hostile.limit(REQUESTS),
                event -> api.handleRequest(authorized(event, AvatarUploadsTest.SUB), null), check,
                StarterTodo::rethrow);

        System.out.println("Lab 06 avatars under hostile input (seed " + SEED + "): " + run.counts().summary());
        assertThat(run.problems())
                .as("every hostile request needs a deliberate answer: a 4xx in the error shape, never a 5xx or an "
                        + "exception, no stack trace logged for a client error, no echo of unbounded input. "
                        + "%d of %d were not: %s", run.problems().size(), REQUESTS, run.firstProblems(5))
                .isEmpty();
        assertThat(run.counts().ofClass(5)).as("no 5xx").isZero();
        assertThat(run.counts().ofClass(2)).as("the valid requests among them still succeed").isPositive();
    }

    /** What the JWT authorizer adds before the function runs: the caller's verified claims (null stays null). */
    private static APIGatewayV2HTTPEvent authorized(APIGatewayV2HTTPEvent event, String sub) {
        if (event == null) {
            return null;
        }
        APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext() == null
                ? new APIGatewayV2HTTPEvent.RequestContext() : event.getRequestContext();
        context.setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder()
                        .withClaims(Map.of("sub", sub, "token_use", "access")).build()).build());
        event.setRequestContext(context);
        return event;
    }
}
