package dev.sjl.avatars;

import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code POST /users/me/avatar}: the function never carries the image. It hands the client a presigned PUT for one key
 * in a private bucket, and S3 takes the bytes; the thumbnail function runs when they land. The seed made the bucket
 * public and let the client name the key; here the server chooses the key, and the signature binds the type and the
 * exact length, so the URL uploads one small image to one place for five minutes, nothing else.
 */
public final class AvatarUploads {

    /** Larger than any avatar a phone makes after its own compression; the thumbnail is what gets served. */
    public static final long MAX_BYTES = 2 * 1024 * 1024;
    /** Long enough to upload 2 MB on a slow connection, short enough that a leaked URL is soon worthless. */
    public static final Duration EXPIRY = Duration.ofMinutes(5);
    public static final Set<String> CONTENT_TYPES = Set.of("image/png", "image/jpeg");
    /** A Cognito or lab 03 sub: a UUID or similar. Anything else could leave the user's prefix ("../", "/"). */
    private static final Pattern SUB = Pattern.compile("[A-Za-z0-9-]{1,64}");

    /**
     * What the client needs to upload: the URL, the headers it must send exactly (they are signed), the key (to show
     * which upload became the avatar) and when the URL stops working.
     */
    public record UploadTicket(String url, Map<String, String> headers, String key, Instant expiresAt) {
    }

    private final S3Presigner presigner;
    private final String bucket;

    public AvatarUploads(S3Presigner presigner, String bucket) {
        this.presigner = presigner;
        this.bucket = bucket;
    }

    // tag::presign[]
    /**
     * @param sub         the caller, from the verified token (never from the request body)
     * @param contentType what the client says it will upload; checked again by the thumbnail function, from the bytes
     * @param size        the exact number of bytes it will upload
     * @param fileName    the name the client's file had: shown back to it at most, never part of the key
     * @throws InvalidAvatarException for a type other than PNG or JPEG, or a size outside 1..{@value #MAX_BYTES}
     */
    public UploadTicket presignUpload(String sub, String contentType, long size, String fileName) {
        if (sub == null || !SUB.matcher(sub).matches()) {
            throw new IllegalArgumentException("The caller's id comes from a verified token and is never shaped like this");
        }
        // BEGIN TASK 6
        if (contentType == null || !CONTENT_TYPES.contains(contentType)) {
            throw new InvalidAvatarException("An avatar is a PNG or JPEG image (image/png or image/jpeg).");
        }
        if (size < 1 || size > MAX_BYTES) {
            throw new InvalidAvatarException("An avatar is at most " + MAX_BYTES + " bytes.");
        }
        String key = "users/" + sub + "/avatar/" + UUID.randomUUID();
        PresignedPutObjectRequest put = presigner.presignPutObject(p -> p.signatureDuration(EXPIRY)
                .putObjectRequest(o -> o.bucket(bucket).key(key).contentType(contentType).contentLength(size)));
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        put.signedHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        // The HTTP client sets Host itself from the URL.
        headers.remove("host");
        return new UploadTicket(put.url().toString(), headers, key, put.expiration());
        // STARTER
        //| // TODO: refuse a type outside CONTENT_TYPES and a size outside 1..MAX_BYTES (InvalidAvatarException). Choose the
        //| //  key here: users/<sub>/avatar/<random UUID>, never the client's fileName. Presign a PUT of that key with the
        //| //  contentType and contentLength in the request (so both are signed) for EXPIRY, and return its URL, its signed
        //| //  headers but host, the key and its expiration.
        //| throw new UnsupportedOperationException("Task 6: presign an upload for a key the server chooses");
        // END TASK 6
    }
    // end::presign[]

    /** Keys of this layout, and only these, are avatars the thumbnail function processes. */
    static boolean isAvatarKey(String key) {
        List<String> parts = List.of(key.split("/", -1));
        return parts.size() == 4 && parts.get(0).equals("users") && SUB.matcher(parts.get(1)).matches()
                && parts.get(2).equals("avatar") && !parts.get(3).isEmpty();
    }
}
