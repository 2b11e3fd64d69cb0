package dev.sjl.attacks;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sjl.avatars.ThumbnailHandler;
import dev.sjl.system.LocalUserService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.s3.S3Client;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The avatar bucket. What the system guarantees: the server chooses every key (under the caller's own prefix), signs
 * the type and size, and the thumbnail function checks what actually arrived. What S3 enforces, and the local S3
 * with it (its presigned-URL check): the URL's signature, expiry and signed Content-Length, so a refused upload never
 * reaches the bucket.
 */
@ExtendWith(Target.class)
@DisplayName("Storage attacks on the avatar uploads")
class StorageAttacksTest {

    private static Target target;

    @BeforeAll
    static void setUp() {
        target = Target.get();
    }

    private static JsonNode ticket(Map<String, ?> body) {
        HttpResponse<String> response = target.post("users/me/avatar", body, target.alice.accessToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return Target.json(response);
    }

    @ParameterizedTest(name = "201, key under alice's prefix · fileName \"{0}\" never becomes part of the key")
    @ValueSource(strings = {"../../users/BOB/avatar/x.png", "/thumbnails/users/BOB/avatar/x.png.png", "..%2f..%2fx.png"})
    void clientChosenKey(String fileName) {
        String name = fileName.replace("BOB", target.bob.sub());
        JsonNode upload = ticket(Map.of("contentType", "image/png", "size", 100, "fileName", name));
        assertThat(upload.path("key").asText()).matches("users/" + target.alice.sub() + "/avatar/[0-9a-f-]{36}");
        assertThat(upload.path("url").asText()).doesNotContain("..").doesNotContain(target.bob.sub());
    }

    @Test
    @DisplayName("400 · a body naming the key: an unknown field, the server chooses keys")
    void keyInTheBody() {
        HttpResponse<String> response = target.post("users/me/avatar", Map.of("contentType", "image/png", "size", 100,
                "key", "users/" + target.bob.sub() + "/avatar/x"), target.alice.accessToken());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        Expect.jsonObject(response);
    }

    @ParameterizedTest(name = "400 invalid_avatar · contentType {0}: only PNG and JPEG are signed")
    @ValueSource(strings = {"text/html", "image/svg+xml", "application/xhtml+xml", "image/png; charset=utf-8"})
    void htmlOrSvgType(String contentType) {
        Expect.functionRefusal(target.post("users/me/avatar", Map.of("contentType", contentType, "size", 100),
                target.alice.accessToken()), 400, "invalid_avatar");
    }

    @Test
    @DisplayName("quarantined · HTML bytes PUT with a PNG ticket: the thumbnail function checks the bytes, the profile never points at it")
    void htmlBytesAsPng() throws Exception {
        byte[] html = "<html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);
        JsonNode upload = ticket(Map.of("contentType", "image/png", "size", html.length));
        put(upload.path("url").asText(), html);
        assertQuarantined(upload.path("key").asText());
    }

    @Test
    @DisplayName("403 SignatureDoesNotMatch · 3 MB PUT on a ticket signed for 100 bytes: S3 compares the signed Content-Length, nothing is stored")
    void largerThanSigned() {
        JsonNode upload = ticket(Map.of("contentType", "image/png", "size", 100));
        HttpResponse<String> response = putResponse(upload.path("url").asText(), new byte[3 * 1024 * 1024]);
        assertS3Refusal(response, "SignatureDoesNotMatch");
        assertNothingStored(upload.path("key").asText());
    }

    @Test
    @DisplayName("403 AccessDenied \"Request has expired\" · a PUT after the URL's expiry, nothing is stored")
    void expiredPresignedUrl() {
        JsonNode upload = ticket(Map.of("contentType", "image/png", "size", 10));
        // An expired URL, made by rewinding the signing date to 2020: S3 checks the expiry before the signature.
        String expired = upload.path("url").asText().replaceAll("X-Amz-Date=\\d{8}", "X-Amz-Date=20200101");
        HttpResponse<String> response = putResponse(expired, new byte[10]);
        assertS3Refusal(response, "AccessDenied");
        assertThat(response.body()).as("S3's message").contains("<Message>Request has expired</Message>");
        assertNothingStored(upload.path("key").asText());
    }

    private static HttpResponse<String> putResponse(String url, byte[] body) {
        return Target.send(HttpRequest.newBuilder(URI.create(url)).header("content-type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** S3's refusal: 403 with its XML error naming the code. */
    private static void assertS3Refusal(HttpResponse<String> response, String code) {
        assertThat(response.statusCode()).as("S3's answer: %s", response.body()).isEqualTo(403);
        assertThat(response.headers().firstValue("content-type")).as("an XML error, as S3 answers")
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/xml"));
        assertThat(response.body()).as("S3's error code").contains("<Error><Code>" + code + "</Code>");
    }

    /** The refused upload is nowhere: not at its key, not in quarantine, no thumbnail; the profile does not name it. */
    private static void assertNothingStored(String key) {
        S3Client s3 = target.service.cloud().clients().s3();
        for (String prefix : new String[] {key, ThumbnailHandler.QUARANTINE + key, ThumbnailHandler.THUMBNAILS + key}) {
            assertThat(s3.listObjectsV2(b -> b.bucket(LocalUserService.AVATARS_BUCKET).prefix(prefix)).keyCount())
                    .as("nothing under %s", prefix).isZero();
        }
        assertThat(Target.json(target.get("users/me/avatar", target.alice.accessToken())).path("key").asText())
                .as("the profile does not point at it").doesNotContain(key);
    }

    private static int put(String url, byte[] body) {
        return Target.send(HttpRequest.newBuilder(URI.create(url)).header("content-type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build()).statusCode();
    }

    private static void assertQuarantined(String key) throws InterruptedException {
        S3Client s3 = target.service.cloud().clients().s3();
        String quarantined = ThumbnailHandler.QUARANTINE + key;
        // The function copies, then deletes: wait for both, or for 30 s.
        long deadline = System.nanoTime() + 30_000_000_000L;
        int inQuarantine = 0;
        int inPlace = 1;
        while ((inQuarantine == 0 || inPlace > 0) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            inQuarantine = s3.listObjectsV2(b -> b.bucket(LocalUserService.AVATARS_BUCKET).prefix(quarantined)).keyCount();
            inPlace = s3.listObjectsV2(b -> b.bucket(LocalUserService.AVATARS_BUCKET).prefix(key)).keyCount();
        }
        assertThat(inQuarantine).as("the upload was moved to %s", quarantined).isEqualTo(1);
        assertThat(inPlace).as("and is gone from where the service reads").isZero();
        assertThat(s3.listObjectsV2(b -> b.bucket(LocalUserService.AVATARS_BUCKET)
                .prefix(ThumbnailHandler.THUMBNAILS + key)).keyCount()).as("no thumbnail was made of it").isZero();
        assertThat(Target.json(target.get("users/me/avatar", target.alice.accessToken())).path("key").asText())
                .as("the profile does not point at it").doesNotContain(key);
    }
}
