package dev.sjl.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import dev.sjl.avatars.AvatarProfiles;
import dev.sjl.avatars.ThumbnailHandler;
import dev.sjl.lambda.Env;
import dev.sjl.lambda.EnvVar;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.s3.S3Client;

import java.util.List;

/**
 * The {@code thumbnails} function: lab 06's {@link ThumbnailHandler} with the uploader's profile pointed at each new
 * thumbnail (the profile store on {@code USERS_TABLE}), its clients built once per container.
 */
public final class ThumbnailsFunction implements RequestHandler<S3Event, Void> {

    public static final List<EnvVar> ENVIRONMENT = List.of(Clients.USERS_TABLE);

    private final ThumbnailHandler handler;

    public ThumbnailsFunction() {
        this(Env.system());
    }

    ThumbnailsFunction(Env env) {
        String table = env.require(Clients.USERS_TABLE);
        S3Client s3 = S3Client.builder().httpClient(Clients.http()).build();
        DynamoDbClient dynamo = DynamoDbClient.builder().httpClient(Clients.http()).build();
        this.handler = new ThumbnailHandler(s3, new AvatarProfiles(dynamo, table));
    }

    @Override
    public Void handleRequest(S3Event event, Context context) {
        return handler.handleRequest(event, context);
    }
}
