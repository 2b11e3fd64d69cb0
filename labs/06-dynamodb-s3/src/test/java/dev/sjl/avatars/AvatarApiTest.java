package dev.sjl.avatars;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.dynamodb.DynamoDbUserRepository;
import dev.sjl.dynamodb.UsersTable;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.users.User;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@Tag("task:9")
@LocalCloudTest(services = {Service.S3, Service.DYNAMODB})
@DisplayName("Task 9: the avatar routes, for the caller only")
class AvatarApiTest {

    private static final String SUB = AvatarUploadsTest.SUB;
    private static final String OTHER = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private record Api(AvatarApi api, AvatarProfiles profiles, String bucket, String table) {
    }

    private static Api service(S3Client s3, S3Presigner presigner, DynamoDbClient dynamo, TestResources resources) {
        String bucket = resources.name("avatars");
        String table = resources.name("users");
        s3.createBucket(b -> b.bucket(bucket));
        UsersTable.create(dynamo, table);
        DynamoDbUserRepository users = new DynamoDbUserRepository(dynamo, table, new byte[32]);
        users.create(new User(SUB, "me@example.com", "$2a$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
                Instant.parse("2026-01-15T10:00:00Z")));
        AvatarProfiles profiles = new AvatarProfiles(dynamo, table);
        return new Api(new AvatarApi(new AvatarUploads(presigner, bucket), profiles, presigner, bucket), profiles,
                bucket, table);
    }

    /** An event as API Gateway sends it after its JWT authorizer accepted the token of {@code sub} (null: no authorizer). */
    static APIGatewayV2HTTPEvent event(String method, String sub, String body) {
        APIGatewayV2HTTPEvent.RequestContext.RequestContextBuilder context = APIGatewayV2HTTPEvent.RequestContext.builder()
                .withRequestId("req-avatar-1")
                .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder().withMethod(method).withPath("/users/me/avatar").build());
        if (sub != null) {
            Map<String, String> claims = new LinkedHashMap<>();
            claims.put("sub", sub);
            claims.put("token_use", "access");
            context.withAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                    .withJwt(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT.builder().withClaims(claims).build()).build());
        }
        return APIGatewayV2HTTPEvent.builder().withRawPath("/users/me/avatar").withRequestContext(context.build())
                .withHeaders(Map.of("content-type", "application/json")).withBody(body).build();
    }

    private static JsonNode json(APIGatewayV2HTTPResponse response) throws Exception {
        return JSON.readTree(response.getBody() == null ? "{}" : response.getBody());
    }

    @Test
    @DisplayName("Presigns an upload under the caller's own prefix, the caller taken from the authorizer's claims")
    void uploadForTheCaller(S3Client s3, S3Presigner presigner, DynamoDbClient dynamo, TestResources resources) throws Exception {
        Api service = service(s3, presigner, dynamo, resources);

        APIGatewayV2HTTPResponse response = service.api().handleRequest(event("POST", SUB,
                "{\"contentType\":\"image/png\",\"size\":1000,\"fileName\":\"../" + OTHER + "/avatar/x\"}"), null);
        APIGatewayV2HTTPResponse smuggled = service.api().handleRequest(event("POST", SUB,
                "{\"contentType\":\"image/png\",\"size\":1000,\"userId\":\"" + OTHER + "\"}"), null);
        APIGatewayV2HTTPResponse anonymous = service.api().handleRequest(event("POST", null,
                "{\"contentType\":\"image/png\",\"size\":1000}"), null);
        APIGatewayV2HTTPResponse oddSub = service.api().handleRequest(event("POST", "../" + OTHER,
                "{\"contentType\":\"image/png\",\"size\":1000}"), null);

        assertThat(response.getStatusCode()).as("POST /users/me/avatar answers 201 with a ticket: %s", response.getBody())
                .isEqualTo(201);
        assertThat(json(response).path("key").asText()).as("the key is under the caller's sub from "
                + "requestContext.authorizer.jwt.claims, whatever the body says").startsWith("users/" + SUB + "/avatar/");
        assertThat(json(response).path("url").asText()).as("the presigned URL").contains("X-Amz-Signature");
        assertThat(smuggled.getStatusCode()).as("a body naming a userId is refused (400): the caller is never the "
                + "client's choice").isEqualTo(400);
        assertThat(anonymous.getStatusCode()).as("no authorizer claims: 401, never a guess").isEqualTo(401);
        assertThat(json(anonymous).path("error").asText()).as("the 401's JSON error code").isEqualTo("unauthorized");
        assertThat(oddSub.getStatusCode()).as("a sub not shaped like one (letters, digits, '-') is refused with 401, "
                + "never used in a key").isEqualTo(401);
        assertThat(AvatarApi.routeTable()).as("the routes the handbook lists, both behind the JWT authorizer")
                .extracting(r -> r.method() + " " + r.path() + " " + r.access())
                .containsExactly("POST /users/me/avatar JWT", "GET /users/me/avatar JWT");
    }

    @Test
    @DisplayName("Answers bad input with a 400 JSON error in its own words")
    void badInput(S3Client s3, S3Presigner presigner, DynamoDbClient dynamo, TestResources resources) throws Exception {
        Api service = service(s3, presigner, dynamo, resources);
        Map<String, String> bodies = Map.of(
                "not JSON", "contentType=image/png",
                "no size", "{\"contentType\":\"image/png\"}",
                "an SVG", "{\"contentType\":\"image/svg+xml\",\"size\":1000}",
                "too large", "{\"contentType\":\"image/jpeg\",\"size\":" + (AvatarUploads.MAX_BYTES + 1) + "}",
                "a size as text", "{\"contentType\":\"image/jpeg\",\"size\":\"big\"}");

        bodies.forEach((what, body) -> {
            APIGatewayV2HTTPResponse response = service.api().handleRequest(event("POST", SUB, body), null);
            assertThat(response.getStatusCode()).as("%s: a 400, never a 500 (an InvalidAvatarException or a missing size "
                    + "becomes HttpException.badRequest): %s", what, response.getBody()).isEqualTo(400);
            assertThat(response.getBody()).as("%s: the JSON error names the problem, without a Java class", what)
                    .contains("\"error\"").contains("\"message\"").doesNotContain("Exception").doesNotContain("dev.sjl");
        });
    }

    // tag::avatar-route-test[]
    @Test
    @DisplayName("Serves the thumbnail the profile points at through a short presigned GET, after the upload's event")
    void profilePointsAtTheThumbnail(S3Client s3, S3Presigner presigner, DynamoDbClient dynamo, FunctionRegistry functions,
                                     TestResources resources) throws Exception {
        Api service = service(s3, presigner, dynamo, resources);
        String function = resources.name("thumbnail");
        functions.register(function, Functions.handler(new ThumbnailHandler(s3, service.profiles())));
        s3.putBucketNotificationConfiguration(b -> b.bucket(service.bucket()).notificationConfiguration(n -> n
                .lambdaFunctionConfigurations(c -> c.lambdaFunctionArn(functions.arn(function)).events(Event.S3_OBJECT_CREATED)
                        .filter(f -> f.key(k -> k.filterRules(r -> r.name(FilterRuleName.PREFIX).value("users/")))))));

        APIGatewayV2HTTPResponse before = service.api().handleRequest(event("GET", SUB, null), null);
        byte[] photo = Images.photo("png", 300, 200);
        APIGatewayV2HTTPResponse posted = service.api().handleRequest(event("POST", SUB,
                "{\"contentType\":\"image/png\",\"size\":" + photo.length + "}"), null);
        assertThat(posted.getStatusCode()).as("POST /users/me/avatar answers 201 with a ticket: %s", posted.getBody())
                .isEqualTo(201);
        JsonNode ticket = json(posted);
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(ticket.path("url").asText()))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(photo)).header("Content-Type", "image/png");
        assertThat(HTTP.send(put.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).as("the upload").isEqualTo(200);
        functions.awaitInvocations(function, 1, Duration.ofSeconds(10));
        APIGatewayV2HTTPResponse after = service.api().handleRequest(event("GET", SUB, null), null);
        APIGatewayV2HTTPResponse someoneElse = service.api().handleRequest(event("GET", OTHER, null), null);

        assertThat(before.getStatusCode()).as("GET /users/me/avatar before any upload: 404 no_avatar").isEqualTo(404);
        assertThat(json(before).path("error").asText()).as("the 404's error code").isEqualTo("no_avatar");
        assertThat(after.getStatusCode()).as("GET /users/me/avatar once the thumbnail exists: %s", after.getBody())
                .isEqualTo(200);
        JsonNode link = json(after);
        assertThat(link.path("key").asText()).as("the profile points at the thumbnail, not at the unchecked upload")
                .isEqualTo(ThumbnailHandler.THUMBNAILS + ticket.path("key").asText() + ".png");
        assertThat(link.path("url").asText()).as("a presigned GET for a few minutes (DOWNLOAD_EXPIRY)")
                .contains("X-Amz-Expires=300");
        HttpResponse<byte[]> download = HTTP.send(HttpRequest.newBuilder(URI.create(link.path("url").asText())).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(download.statusCode()).as("a plain HTTP GET of the presigned URL").isEqualTo(200);
        BufferedImage thumbnail = Images.read(download.body());
        assertThat(thumbnail.getWidth()).as("what the link serves is the 150-pixel thumbnail").isEqualTo(ThumbnailHandler.SIZE);
        assertThat(someoneElse.getStatusCode()).as("another caller sees their own (absent) avatar, never this one")
                .isEqualTo(404);
    }
    // end::avatar-route-test[]

    @Test
    @DisplayName("Keeps the newest upload's thumbnail when an older one finishes late, and makes no half user")
    void newestUploadWins(S3Client s3, S3Presigner presigner, DynamoDbClient dynamo, TestResources resources) {
        Api service = service(s3, presigner, dynamo, resources);
        Instant older = Instant.parse("2026-02-01T10:00:00Z");

        boolean newer = service.profiles().thumbnailReady(SUB, "thumbnails/new.png", older.plusSeconds(30));
        boolean late = service.profiles().thumbnailReady(SUB, "thumbnails/old.png", older);
        boolean ghost = service.profiles().thumbnailReady(OTHER, "thumbnails/ghost.png", older);

        assertThat(newer).as("the first thumbnail is taken").isTrue();
        assertThat(late).as("an older upload's event arriving late is ignored").isFalse();
        assertThat(service.profiles().thumbnail(SUB)).as("the profile still shows the newest upload").hasValue("thumbnails/new.png");
        assertThat(ghost).as("no account, no avatar").isFalse();
        assertThat(dynamo.getItem(b -> b.tableName(service.table()).key(Map.of(
                "PK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("USER#" + OTHER),
                "SK", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("PROFILE")))).hasItem())
                .as("an avatar for a user without an account writes no item").isFalse();
    }
}
