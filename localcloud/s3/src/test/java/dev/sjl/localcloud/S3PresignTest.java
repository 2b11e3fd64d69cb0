package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Presigned URLs from the SDK's presigner, used over plain HTTP as a browser would: S3's checks, S3's answers. */
@Tag("s3")
@LocalCloudTest(services = Service.S3)
class S3PresignTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final String WEB = "http://127.0.0.1:5173";

    private static URI presignPut(S3Presigner presigner, String bucket, String key, long length, Duration duration)
            throws Exception {
        return presigner.presignPutObject(p -> p.signatureDuration(duration).putObjectRequest(o -> o.bucket(bucket).key(key)
                .contentType("image/png").contentLength(length))).url().toURI();
    }

    private static HttpResponse<String> put(URI url, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url).header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertS3Error(HttpResponse<String> response, int status, String code, String message) {
        assertThat(response.statusCode()).as("the status; body: %s", response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type")).as("an XML error, as S3 answers")
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/xml"));
        assertThat(response.body()).as("S3's error shape").contains("<Error><Code>" + code + "</Code><Message>" + message);
    }

    private static void assertNotStored(S3Client s3, String bucket, String key) {
        assertThatThrownBy(() -> s3.headObject(b -> b.bucket(bucket).key(key))).as("nothing was stored at %s", key)
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    @DisplayName("Serves a genuine presigned PUT and GET: 200, and the GET returns what the PUT stored")
    void genuine(S3Client s3, S3Presigner presigner, TestResources resources) throws Exception {
        String bucket = resources.name("presign");
        s3.createBucket(b -> b.bucket(bucket));
        byte[] png = "png-bytes".getBytes();

        HttpResponse<String> upload = put(presignPut(presigner, bucket, "a.png", png.length, Duration.ofMinutes(5)), png);
        URI download = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(o -> o.bucket(bucket).key("a.png"))).url().toURI();
        HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(download).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(upload.statusCode()).as("the presigned PUT; body: %s", upload.body()).isEqualTo(200);
        assertThat(read.statusCode()).as("the presigned GET").isEqualTo(200);
        assertThat(read.body()).as("what the PUT stored").isEqualTo("png-bytes");
    }

    @Test
    @DisplayName("Refuses a URL used after its expiry: 403 AccessDenied \"Request has expired\", nothing stored")
    void expired(S3Client s3, S3Presigner presigner, TestResources resources) throws Exception {
        String bucket = resources.name("presign");
        s3.createBucket(b -> b.bucket(bucket));
        URI url = presignPut(presigner, bucket, "late.png", 3, Duration.ofSeconds(1));
        // X-Amz-Date has whole seconds: past date + 1 s for certain once two full seconds have gone by.
        Instant expired = Instant.now().plusSeconds(2);
        while (Instant.now().isBefore(expired)) {
            Thread.sleep(100);
        }

        HttpResponse<String> response = put(url, "png".getBytes());

        assertS3Error(response, 403, "AccessDenied", "Request has expired");
        assertNotStored(s3, bucket, "late.png");
    }

    @Test
    @DisplayName("Refuses a URL whose key was changed: 403 SignatureDoesNotMatch, nothing stored under either key")
    void tamperedKey(S3Client s3, S3Presigner presigner, TestResources resources) throws Exception {
        String bucket = resources.name("presign");
        s3.createBucket(b -> b.bucket(bucket));
        URI url = presignPut(presigner, bucket, "users/alice/a.png", 3, Duration.ofMinutes(5));

        HttpResponse<String> response = put(URI.create(url.toString().replace("/users/alice/", "/users/bob/")),
                "png".getBytes());

        assertS3Error(response, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match");
        assertNotStored(s3, bucket, "users/bob/a.png");
        assertNotStored(s3, bucket, "users/alice/a.png");
    }

    @Test
    @DisplayName("Refuses a PUT of 3 MB on a URL signed for 100 bytes: 403 SignatureDoesNotMatch, nothing stored")
    void largerThanSigned(S3Client s3, S3Presigner presigner, TestResources resources) throws Exception {
        String bucket = resources.name("presign");
        s3.createBucket(b -> b.bucket(bucket));
        URI url = presignPut(presigner, bucket, "big.png", 100, Duration.ofMinutes(5));

        HttpResponse<String> response = put(url, new byte[3 * 1024 * 1024]);

        assertS3Error(response, 403, "SignatureDoesNotMatch", "The request signature we calculated does not match");
        assertNotStored(s3, bucket, "big.png");
    }

    @Test
    @DisplayName("Still answers a browser's CORS preflight to a presigned URL, and a refusal carries the bucket's CORS headers")
    void preflight(S3Client s3, S3Presigner presigner, TestResources resources) throws Exception {
        String bucket = resources.name("presign");
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(CORSRule.builder()
                .allowedOrigins(WEB).allowedMethods("PUT").allowedHeaders("content-type").build())));
        URI url = presignPut(presigner, bucket, "me.png", 3, Duration.ofMinutes(5));

        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(url)
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", WEB)
                .header("Access-Control-Request-Method", "PUT").header("Access-Control-Request-Headers", "content-type")
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(url).header("Origin", WEB)
                .header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofString("four")).build(),
                HttpResponse.BodyHandlers.ofString());
        s3.putObject(b -> b.bucket(bucket).key("other.png"), RequestBody.fromString("x"));

        assertThat(preflight.statusCode()).as("the preflight carries no signature and is answered by the CORS rules")
                .isEqualTo(200);
        assertThat(preflight.headers().firstValue("access-control-allow-origin")).hasValue(WEB);
        assertThat(refused.statusCode()).as("four bytes on a URL signed for three").isEqualTo(403);
        assertThat(refused.headers().firstValue("access-control-allow-origin"))
                .as("the browser may read S3's refusal, as on S3").hasValue(WEB);
        assertThat(s3.getObjectAsBytes(b -> b.bucket(bucket).key("other.png")).asUtf8String())
                .as("header-signed SDK requests pass as before").isEqualTo("x");
    }
}
