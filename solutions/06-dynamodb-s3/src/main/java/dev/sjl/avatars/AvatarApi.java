package dev.sjl.avatars;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.sjl.http.HttpException;
import dev.sjl.http.HttpRequest;
import dev.sjl.http.HttpResponses;
import dev.sjl.http.Router;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The avatar routes behind API Gateway's JWT authorizer:
 * <ul>
 *   <li>{@code POST /users/me/avatar} {@code {"contentType": "image/png", "size": 48213, "fileName": "me.png"}} →
 *       201 with an upload ticket ({@link AvatarUploads.UploadTicket}) for the caller's own prefix;</li>
 *   <li>{@code GET /users/me/avatar} → 200 with a short presigned GET of the caller's thumbnail, 404 before one exists.</li>
 * </ul>
 * Who the caller is comes from the authorizer's verified claims, never from the path, a header or the body: the
 * routes have no {@code {id}}, and a body with a {@code userId} is refused as an unknown field.
 */
public final class AvatarApi implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    /** Long enough for a page to load the image, short enough that a copied link soon stops working. */
    public static final Duration DOWNLOAD_EXPIRY = Duration.ofMinutes(5);
    private static final Pattern SUB = Pattern.compile("[A-Za-z0-9-]{1,64}");

    /** The body of {@code POST /users/me/avatar}. A boxed size, so a missing one is told apart from 0. */
    public record UploadRequest(String contentType, Long size, String fileName) {
    }

    /** The answer of {@code GET /users/me/avatar}: times as ISO-8601 text. */
    public record AvatarLink(String url, String key, String expiresAt) {
    }

    /** The upload ticket as JSON. */
    public record TicketBody(String url, Map<String, String> headers, String key, String expiresAt) {
    }

    private final AvatarUploads uploads;
    private final AvatarProfiles profiles;
    private final S3Presigner presigner;
    private final String bucket;
    private final Router router;

    public AvatarApi(AvatarUploads uploads, AvatarProfiles profiles, S3Presigner presigner, String bucket) {
        this.uploads = uploads;
        this.profiles = profiles;
        this.presigner = presigner;
        this.bucket = bucket;
        this.router = new Router()
                .route("POST", "/users/me/avatar", "JWT", this::requestUpload)
                .route("GET", "/users/me/avatar", "JWT", this::currentAvatar);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return router.handle(event);
    }

    /** The routes as the handbook lists them. */
    public static List<Router.RouteInfo> routeTable() {
        return new AvatarApi(null, null, null, null).router.routes();
    }

    // tag::avatar-routes[]
    private APIGatewayV2HTTPResponse requestUpload(HttpRequest request) {
        // BEGIN TASK 9
        String sub = caller(request);
        UploadRequest body = request.json(UploadRequest.class);
        if (body.size() == null) {
            throw HttpException.badRequest("invalid_avatar", "size is required: the exact number of bytes to upload.");
        }
        AvatarUploads.UploadTicket ticket;
        try {
            ticket = uploads.presignUpload(sub, body.contentType(), body.size(), body.fileName());
        } catch (InvalidAvatarException e) {
            throw HttpException.badRequest("invalid_avatar", e.getMessage());
        }
        return HttpResponses.json(201, new TicketBody(ticket.url(), ticket.headers(), ticket.key(),
                ticket.expiresAt().toString()));
        // STARTER
        //| // TODO: the caller is caller(request), from the authorizer's claims; the body is request.json(UploadRequest.class)
        //| //  (an unknown field such as userId is already a 400). A missing size and an InvalidAvatarException are
        //| //  HttpException.badRequest("invalid_avatar", ...): a 400 whose message is ours, never a 500. Answer 201 with
        //| //  the ticket as a TicketBody (the expiry as ISO-8601 text).
        //| throw new UnsupportedOperationException("Task 9: presign an upload for the caller, from the authorizer's claims");
        // END TASK 9
    }

    private APIGatewayV2HTTPResponse currentAvatar(HttpRequest request) {
        // BEGIN TASK 9
        String sub = caller(request);
        String key = profiles.thumbnail(sub).orElseThrow(() -> HttpException.notFound("no_avatar",
                "There is no avatar yet: upload one with POST /users/me/avatar."));
        PresignedGetObjectRequest get = presigner.presignGetObject(g -> g.signatureDuration(DOWNLOAD_EXPIRY)
                .getObjectRequest(o -> o.bucket(bucket).key(key)));
        return HttpResponses.json(200, new AvatarLink(get.url().toString(), key, get.expiration().toString()));
        // STARTER
        //| // TODO: the thumbnail key the caller's profile points at (profiles.thumbnail(sub)); none yet is
        //| //  HttpException.notFound("no_avatar", ...). Answer 200 with a presigned GET of that key for DOWNLOAD_EXPIRY: the
        //| //  bucket stays private, the link works for minutes.
        //| throw new UnsupportedOperationException("Task 9: answer a short presigned GET of the caller's thumbnail");
        // END TASK 9
    }

    /**
     * The verified {@code sub} the JWT authorizer put in the request context. The authorizer has already refused
     * requests without a valid token; no claims here means the route was deployed without it, which is a 401, not
     * a guess.
     */
    static String caller(HttpRequest request) {
        // BEGIN TASK 9
        Optional<String> sub = Optional.ofNullable(request.event().getRequestContext())
                .map(APIGatewayV2HTTPEvent.RequestContext::getAuthorizer)
                .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer::getJwt)
                .map(APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT::getClaims)
                .map(claims -> claims.get("sub"));
        return sub.filter(s -> SUB.matcher(s).matches()).orElseThrow(() -> HttpException.unauthorized(
                "unauthorized", "Sign in: this route needs a valid access token."));
        // STARTER
        //| // TODO: requestContext.authorizer.jwt.claims.sub, each step possibly null; missing or not shaped like a sub
        //| //  (letters, digits, '-', at most 64) is HttpException.unauthorized("unauthorized", ...). Never an id from the
        //| //  path, a header or the body: the client chooses those.
        //| throw new UnsupportedOperationException("Task 9: read the caller from the authorizer's claims");
        // END TASK 9
    }
    // end::avatar-routes[]
}
