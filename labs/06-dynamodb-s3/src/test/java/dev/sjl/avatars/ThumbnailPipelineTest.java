package dev.sjl.avatars;

import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.functions.Invocation;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path: a presigned PUT from a plain HTTP client, S3's ObjectCreated event, the function registered in the
 * local cloud, and what it leaves in the bucket.
 */
@Tag("task:7")
@LocalCloudTest(services = Service.S3)
@DisplayName("Task 7: thumbnails on the S3 event")
class ThumbnailPipelineTest {

    /** One bucket wired as the deployment wires it: uploads under users/ invoke the thumbnail function. */
    private record Pipeline(S3Client s3, FunctionRegistry functions, String bucket, String function, AvatarUploads avatars) {

        /**
         * Uploads through a ticket and returns the bucket's keys once the function has handled the upload.
         *
         * @param rule what the calling test checks, said when the function failed instead
         */
        List<String> upload(String declaredType, byte[] bytes, String rule) throws Exception {
            int before = functions.invocations(function).size();
            AvatarUploads.UploadTicket ticket = avatars.presignUpload(AvatarUploadsTest.SUB, declaredType, bytes.length, "me");
            assertThat(AvatarUploadsTest.upload(ticket, bytes)).as("the upload's status").isEqualTo(200);
            List<Invocation> invocations = functions.awaitInvocations(function, before + 1, Duration.ofSeconds(10));
            assertThat(invocations).as("S3 invokes the function once the upload lands").hasSizeGreaterThan(before);
            Invocation handled = invocations.get(before);
            assertThat(handled.succeeded()).as("%s; and the function must never fail on an upload, whatever it holds (a "
                    + "bad upload is quarantined, not thrown): it threw %s: %s", rule, handled.errorType(),
                    handled.errorMessage()).isTrue();
            return s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList();
        }

        BufferedImage thumbnailOf(List<String> keys) {
            String thumbnail = keys.stream().filter(k -> k.startsWith(ThumbnailHandler.THUMBNAILS)).findFirst().orElseThrow();
            return Images.read(s3.getObjectAsBytes(b -> b.bucket(bucket).key(thumbnail)).asByteArray());
        }
    }

    private static Pipeline pipeline(S3Client s3, S3Presigner presigner, FunctionRegistry functions, TestResources resources) {
        String bucket = resources.name("avatars");
        String function = resources.name("thumbnail");
        s3.createBucket(b -> b.bucket(bucket));
        functions.register(function, Functions.handler(new ThumbnailHandler(s3)));
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n
                .lambdaFunctionConfigurations(c -> c.lambdaFunctionArn(functions.arn(function)).events(Event.S3_OBJECT_CREATED)
                        .filter(f -> f.key(k -> k.filterRules(r -> r.name(FilterRuleName.PREFIX).value("users/")))))));
        return new Pipeline(s3, functions, bucket, function, new AvatarUploads(presigner, bucket));
    }

    // tag::pipeline-test[]
    @Test
    @DisplayName("Makes a 150-pixel PNG thumbnail of an uploaded photo, keeping its proportions")
    void thumbnailsAPhoto(S3Client s3, S3Presigner presigner, FunctionRegistry functions, TestResources resources) throws Exception {
        Pipeline pipeline = pipeline(s3, presigner, functions, resources);

        List<String> keys = pipeline.upload("image/png", Images.photo("png", 600, 400), "a photo gets a thumbnail");

        assertThat(keys).as("the upload and its thumbnail, thumbnails/<key>.png")
                .anyMatch(k -> k.startsWith("users/")).anyMatch(k -> k.startsWith("thumbnails/users/") && k.endsWith(".png"));
        BufferedImage thumbnail = pipeline.thumbnailOf(keys);
        assertThat(thumbnail.getWidth()).as("the thumbnail's longest side").isEqualTo(ThumbnailHandler.SIZE);
        assertThat(thumbnail.getHeight()).as("600 × 400 scaled to 150 wide keeps 3:2").isEqualTo(100);
    }
    // end::pipeline-test[]

    @Test
    @DisplayName("Judges by the bytes, not the declared type: a JPEG declared as PNG is thumbnailed")
    void bytesDecide(S3Client s3, S3Presigner presigner, FunctionRegistry functions, TestResources resources) throws Exception {
        Pipeline pipeline = pipeline(s3, presigner, functions, resources);

        List<String> keys = pipeline.upload("image/png", Images.photo("jpeg", 300, 300),
                "the magic bytes decide the decoder, not the declared content type");

        assertThat(keys).as("a real JPEG uploaded with Content-Type image/png: the magic bytes (FF D8 FF) say JPEG, so "
                + "it gets a thumbnail; trusting the declared content type picks the wrong decoder")
                .anyMatch(k -> k.startsWith(ThumbnailHandler.THUMBNAILS));
    }

    @Test
    @DisplayName("Quarantines an upload that is not a PNG or JPEG, whatever it declared")
    void quarantinesNonImages(S3Client s3, S3Presigner presigner, FunctionRegistry functions, TestResources resources) throws Exception {
        Pipeline pipeline = pipeline(s3, presigner, functions, resources);

        List<String> html = pipeline.upload("image/png", "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8),
                "a script declared as image/png is quarantined (magic bytes)");
        List<String> gif = pipeline.upload("image/png", Images.photo("gif", 50, 50),
                "a GIF declared as image/png is quarantined (magic bytes)");

        for (List<String> keys : List.of(html, gif)) {
            assertThat(keys).as("a script and a GIF declared as image/png: the magic bytes are not PNG's or JPEG's, so the "
                    + "upload moves to quarantine/ (copy, then delete) and no thumbnail is made; the declared content type "
                    + "proves nothing").allMatch(k -> k.startsWith(ThumbnailHandler.QUARANTINE)).isNotEmpty();
        }
    }

    @Test
    @DisplayName("Quarantines a decompression bomb before decoding it: more pixels than MAX_PIXELS")
    void quarantinesBombs(S3Client s3, S3Presigner presigner, FunctionRegistry functions, TestResources resources) throws Exception {
        Pipeline pipeline = pipeline(s3, presigner, functions, resources);
        byte[] bomb = Images.bomb(4200);
        assertThat((long) 4200 * 4200).as("(the test's own setup)").isGreaterThan(ThumbnailHandler.MAX_PIXELS);

        List<String> keys = pipeline.upload("image/png", bomb, "a PNG claiming more than MAX_PIXELS pixels is "
                + "quarantined before its pixels are read (a timeout or out-of-memory means they were decoded)");

        assertThat(keys).as("a %s-byte PNG claiming 4200 × 4200 pixels: check width × height from the header against "
                + "MAX_PIXELS before reading the pixels, and quarantine it", bomb.length)
                .allMatch(k -> k.startsWith(ThumbnailHandler.QUARANTINE)).isNotEmpty();
    }

    @Test
    @DisplayName("Quarantines a PNG whose data is cut off, without failing")
    void quarantinesCorruptImages(S3Client s3, S3Presigner presigner, FunctionRegistry functions, TestResources resources) throws Exception {
        Pipeline pipeline = pipeline(s3, presigner, functions, resources);
        byte[] png = Images.photo("png", 200, 200);

        List<String> keys = pipeline.upload("image/png", java.util.Arrays.copyOf(png, 60),
                "a truncated PNG is quarantined: catch ImageIO's exceptions");

        assertThat(keys).as("a truncated PNG (right magic bytes, data cut off): ImageIO's exception is caught and the "
                + "upload quarantined").allMatch(k -> k.startsWith(ThumbnailHandler.QUARANTINE)).isNotEmpty();
    }
}
