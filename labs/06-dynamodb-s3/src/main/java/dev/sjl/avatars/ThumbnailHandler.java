package dev.sjl.avatars;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;

/**
 * Runs on S3's ObjectCreated event for {@code users/<sub>/avatar/<id>}: checks the upload is really a PNG or JPEG of a
 * sane size, and writes a 150-pixel PNG thumbnail to {@code thumbnails/<key>.png}, which is what the profile shows.
 * Anything else is moved to {@code quarantine/<key>}: a bad upload is data, not a crash, and a function that throws
 * is retried twice by S3's asynchronous invocation for nothing.
 */
public final class ThumbnailHandler implements RequestHandler<S3Event, Void> {

    /** The longest side of the thumbnail. */
    public static final int SIZE = 150;
    /** 16.7 million pixels, 64 MB decoded: a 2 MB PNG of one colour can claim 50,000 × 50,000 and take 10 GB. */
    public static final long MAX_PIXELS = 4096L * 4096L;
    public static final String THUMBNAILS = "thumbnails/";
    public static final String QUARANTINE = "quarantine/";

    private static final System.Logger LOG = System.getLogger(ThumbnailHandler.class.getName());
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    private final S3Client s3;
    private final AvatarProfiles profiles;

    /** Thumbnails only: no profile is pointed at them (task 7's tests). */
    public ThumbnailHandler(S3Client s3) {
        this(s3, null);
    }

    /** Thumbnails, and the uploader's profile pointed at each new one. */
    public ThumbnailHandler(S3Client s3, AvatarProfiles profiles) {
        this.s3 = s3;
        this.profiles = profiles;
    }

    @Override
    public Void handleRequest(S3Event event, Context context) {
        for (S3EventNotificationRecord record : event.getRecords()) {
            String bucket = record.getS3().getBucket().getName();
            // Keys arrive URL-encoded ("my photo" as "my+photo").
            String key = record.getS3().getObject().getUrlDecodedKey();
            if (!AvatarUploads.isAvatarKey(key)) {
                continue;
            }
            ResponseBytes<GetObjectResponse> upload = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            Optional<BufferedImage> image = upload.response().contentLength() > AvatarUploads.MAX_BYTES
                    ? Optional.empty() : decode(upload.asByteArray());
            if (image.isPresent()) {
                String thumbnailKey = THUMBNAILS + key + ".png";
                s3.putObject(b -> b.bucket(bucket).key(thumbnailKey).contentType("image/png"),
                        RequestBody.fromBytes(png(thumbnail(image.get()))));
                // After the thumbnail exists, so the profile never points at a key that is not there yet. The sub is
                // the one in the server-chosen key: only that user's ticket could write under it.
                if (profiles != null) {
                    profiles.thumbnailReady(key.split("/")[1], thumbnailKey, upload.response().lastModified());
                }
            } else {
                // Copy, then delete: the upload is kept for a look, out of every path the service reads.
                s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket)
                        .destinationKey(QUARANTINE + key));
                s3.deleteObject(b -> b.bucket(bucket).key(key));
                LOG.log(System.Logger.Level.WARNING, "Quarantined an upload that is not a usable image: " + key);
            }
        }
        return null;
    }

    // tag::decode[]
    /**
     * The image, or empty when the bytes are not a PNG or JPEG (whatever the upload declared), claim more than
     * {@link #MAX_PIXELS}, or do not decode.
     */
    static Optional<BufferedImage> decode(byte[] bytes) {
        // TODO: decide the format from the first bytes (PNG, JPEG signatures above), not from the upload's declared type;
        //  anything else (GIF, BMP, text...) is empty. Take an ImageReader for that format only, read the width and height
        //  from the header and refuse more than MAX_PIXELS BEFORE reading the pixels; then read(0). Corrupt data (any
        //  IOException or RuntimeException from ImageIO) is empty, never an exception out of the function.
        throw new UnsupportedOperationException("Task 7: decode an upload only if its bytes are a sane PNG or JPEG");
    }
    // end::decode[]

    private static boolean startsWith(byte[] bytes, byte[] signature) {
        return bytes.length >= signature.length && Arrays.equals(bytes, 0, signature.length, signature, 0, signature.length);
    }

    private static BufferedImage thumbnail(BufferedImage image) {
        double scale = Math.min(1.0, (double) SIZE / Math.max(image.getWidth(), image.getHeight()));
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D graphics = small.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(image, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        return small;
    }

    private static byte[] png(BufferedImage image) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
