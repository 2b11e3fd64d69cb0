package dev.sjl.avatars;

import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@Tag("task:6")
@LocalCloudTest(services = Service.S3)
@DisplayName("Task 6: presigned avatar uploads")
class AvatarUploadsTest {

    static final String SUB = "3f0c9a52-6a4e-4bd0-9a8e-2f7c1d1b7e01";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The client's side: a plain HTTP PUT with the ticket's headers (Content-Length is the body's own). */
    static int upload(AvatarUploads.UploadTicket ticket, byte[] body) throws Exception {
        HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(ticket.url())).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        ticket.headers().forEach((name, value) -> {
            if (!name.equalsIgnoreCase("content-length")) {
                put.header(name, value);
            }
        });
        return HTTP.send(put.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    @DisplayName("Chooses the key itself, users/{sub}/avatar/{uuid}, whatever the file was called")
    void serverChosenKey(S3Presigner presigner, TestResources resources) {
        AvatarUploads avatars = new AvatarUploads(presigner, resources.name("avatars"));

        AvatarUploads.UploadTicket first = avatars.presignUpload(SUB, "image/png", 1000, "../../users/someone-else/avatar/x.png");
        AvatarUploads.UploadTicket second = avatars.presignUpload(SUB, "image/png", 1000, "me.png");

        assertThat(first.key()).as("the key is the server's choice, users/<sub>/avatar/<uuid>: a client-supplied key "
                + "(or file name) in it can write over another user's files")
                .matches("users/" + SUB + "/avatar/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(second.key()).as("a new random key for every upload, so a cached old avatar is never served for a new one")
                .isNotEqualTo(first.key()).startsWith("users/" + SUB + "/avatar/");
        assertThat(URLDecoder.decode(URI.create(first.url()).getRawPath(), StandardCharsets.UTF_8)).as("the URL is for that key")
                .endsWith("/" + first.key());
    }

    @Test
    @DisplayName("Signs the content type and the exact length, for five minutes")
    void signsTypeLengthAndExpiry(S3Presigner presigner, TestResources resources) {
        AvatarUploads avatars = new AvatarUploads(presigner, resources.name("avatars"));
        Instant before = Instant.now();

        AvatarUploads.UploadTicket ticket = avatars.presignUpload(SUB, "image/jpeg", 12345, "me.jpg");

        assertThat(ticket.url()).as("X-Amz-SignedHeaders lists content-type and content-length: the contentType and "
                + "contentLength are in the presigned PutObjectRequest, so another type or size is refused by S3")
                .contains("content-length").contains("content-type");
        assertThat(ticket.headers()).as("the headers the client must send, as signed")
                .containsEntry("Content-Type", "image/jpeg").containsEntry("Content-Length", "12345")
                .doesNotContainKey("Host");
        assertThat(ticket.url()).as("X-Amz-Expires: a short expiry (AvatarUploads.EXPIRY, 300 s)").contains("X-Amz-Expires=300");
        assertThat(ticket.expiresAt()).as("when the URL stops working")
                .isBetween(before.plus(Duration.ofMinutes(4)), Instant.now().plus(Duration.ofMinutes(5)));
    }

    @Test
    @DisplayName("Refuses a type other than PNG or JPEG, and an empty or too large upload")
    void refusesBadRequests(S3Presigner presigner, TestResources resources) {
        AvatarUploads avatars = new AvatarUploads(presigner, resources.name("avatars"));

        for (String type : new String[] {"image/svg+xml", "text/html", "image/gif", "", null}) {
            Throwable thrown = catchThrowable(() -> avatars.presignUpload(SUB, type, 1000, "a"));
            assertThat(thrown).as("content type %s must be refused with InvalidAvatarException (a 400): only image/png "
                    + "and image/jpeg (an SVG or HTML avatar runs script in a browser)", type).isInstanceOf(InvalidAvatarException.class);
        }
        for (long size : new long[] {0, -1, AvatarUploads.MAX_BYTES + 1}) {
            Throwable thrown = catchThrowable(() -> avatars.presignUpload(SUB, "image/png", size, "a"));
            assertThat(thrown).as("size %s must be refused with InvalidAvatarException (1..MAX_BYTES)", size)
                    .isInstanceOf(InvalidAvatarException.class);
        }
        assertThat(avatars.presignUpload(SUB, "image/png", AvatarUploads.MAX_BYTES, "a").key())
                .as("exactly MAX_BYTES is allowed").isNotNull();
    }

    @Test
    @DisplayName("Lets a plain HTTP client upload through the ticket into the private bucket")
    void uploadsThroughTheTicket(S3Client s3, S3Presigner presigner, TestResources resources) throws Exception {
        String bucket = resources.name("avatars");
        s3.createBucket(b -> b.bucket(bucket));
        AvatarUploads avatars = new AvatarUploads(presigner, bucket);
        byte[] png = Images.photo("png", 64, 64);

        AvatarUploads.UploadTicket ticket = avatars.presignUpload(SUB, "image/png", png.length, "me.png");
        int status = upload(ticket, png);

        assertThat(status).as("the presigned PUT's status").isEqualTo(200);
        HeadObjectResponse stored = s3.headObject(b -> b.bucket(bucket).key(ticket.key()));
        assertThat(stored.contentLength()).as("the stored object's size").isEqualTo(png.length);
        assertThat(stored.contentType()).as("the stored object's type, as signed").isEqualTo("image/png");
    }
}
