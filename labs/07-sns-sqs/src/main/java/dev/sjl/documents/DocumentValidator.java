package dev.sjl.documents;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The function the {@link DocumentRule} invokes with S3's {@code Object Created} event (the EventBridge envelope, its
 * {@code detail} holding the bucket and key). It decides from the object itself, never from its name or declared
 * type, and records the verdict as the object's {@code validation} tag, which a bucket policy or the download path
 * can require to be {@code valid}. Tagging the same verdict twice changes nothing, so EventBridge's retries are safe.
 */
public final class DocumentValidator implements RequestHandler<Map<String, Object>, String> {

    public static final String TAG = "validation";
    public static final String VALID = "valid";
    public static final String QUARANTINED = "quarantined";
    /** The largest document accepted: a bigger upload is quarantined unread. */
    public static final long MAX_BYTES = 5L * 1024 * 1024;

    private static final byte[] PDF_MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);
    private static final System.Logger LOG = System.getLogger(DocumentValidator.class.getName());

    private final S3Client s3;

    /** For the Lambda runtime: one client per container. */
    public DocumentValidator() {
        this(S3Client.create());
    }

    public DocumentValidator(S3Client s3) {
        this.s3 = s3;
    }

    @Override
    @SuppressWarnings("unchecked")
    public String handleRequest(Map<String, Object> event, Context context) {
        Object detail = event == null ? null : event.get("detail");
        if (!(detail instanceof Map<?, ?> d) || !(d.get("bucket") instanceof Map<?, ?> bucket)
                || !(d.get("object") instanceof Map<?, ?> object)
                || !(bucket.get("name") instanceof String name) || !(object.get("key") instanceof String key)) {
            // Not an S3 object event: nothing to validate, and retrying would not make it one.
            LOG.log(System.Logger.Level.WARNING, "ignored an event without detail.bucket.name and detail.object.key");
            return "ignored";
        }
        String verdict;
        try {
            verdict = verdict(name, key);
        } catch (NoSuchKeyException e) {
            // Deleted since it was uploaded: nothing left to mark.
            return "gone";
        }
        s3.putObjectTagging(b -> b.bucket(name).key(key).tagging(t -> t.tagSet(s -> s.key(TAG).value(verdict))));
        LOG.log(System.Logger.Level.INFO, "{\"bucket\":\"" + name + "\",\"outcome\":\"" + verdict + "\"}");
        return verdict;
    }

    // tag::verdict[]
    /** {@link #VALID} for a PDF of at most {@link #MAX_BYTES}, else {@link #QUARANTINED}. */
    public String verdict(String bucket, String key) {
        // TODO: HeadObject for the size: empty, shorter than the PDF magic or larger than MAX_BYTES is QUARANTINED. Then
        //  a ranged GetObject of the first bytes only: VALID when they are "%PDF-". The key's ".pdf" and the declared
        //  Content-Type are what the uploader claims, not what the object is.
        throw new UnsupportedOperationException("Task 5: decide valid or quarantined from the object itself");
    }
    // end::verdict[]
}
