package dev.sjl.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.avatars.AvatarApi;
import dev.sjl.avatars.AvatarProfiles;
import dev.sjl.avatars.AvatarUploads;
import dev.sjl.lambda.Env;
import dev.sjl.lambda.EnvVar;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.util.List;

/** The {@code avatars} function: lab 06's {@link AvatarApi}, wired from the environment once per container. */
public final class AvatarsFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    public static final EnvVar AVATAR_BUCKET = new EnvVar("AVATAR_BUCKET", true, false,
            "the private bucket the presigned upload and download URLs name");
    public static final List<EnvVar> ENVIRONMENT = List.of(AVATAR_BUCKET, Clients.USERS_TABLE);

    private final AvatarApi api;

    public AvatarsFunction() {
        this(Env.system());
    }

    AvatarsFunction(Env env) {
        String bucket = env.require(AVATAR_BUCKET);
        String table = env.require(Clients.USERS_TABLE);
        // The presigner signs locally: it makes no request, so it needs no HTTP client.
        S3Presigner presigner = S3Presigner.create();
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(Clients.http()).build();
        this.api = new AvatarApi(new AvatarUploads(presigner, bucket), new AvatarProfiles(dynamo, table), presigner, bucket);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return api.handleRequest(event, context);
    }
}
