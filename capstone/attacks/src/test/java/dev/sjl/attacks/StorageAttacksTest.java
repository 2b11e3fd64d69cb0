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
 * the type and size, and the thumbnail function checks what actually arrived. What only real S3 enforces: the
 * presigned URL's signature, expiry and signed Content-Length (the local S3Mock accepts a PUT whatever they say).
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
    @DisplayName("quarantined · 3 MB PUT on a ticket signed for 100 bytes: S3Mock accepts it (real S3 refuses: 403), the function quarantines it")
    void largerThanSigned() throws Exception {
        JsonNode upload = ticket(Map.of("contentType", "image/png", "size", 100));
        byte[] large = new byte[3 * 1024 * 1024];
        int status = put(upload.path("url").asText(), large);
        // The gap, stated: the local S3 does not compare the body with the signed Content-Length. Real S3 does.
        assertThat(status).as("S3Mock's answer to a body larger than signed").isEqualTo(200);
        assertQuarantined(upload.path("key").asText());
    }

    @Test
    @DisplayName("the gap, stated · a PUT after the URL's expiry: S3Mock does not check X-Amz-Expires (real S3: 403 AccessDenied)")
    void expiredPresignedUrl() throws Exception {
        JsonNode upload = ticket(Map.of("contentType", "image/png", "size", 10));
        // An expired URL, made by rewinding the signing date a day (the signature no longer matches either).
        String expired = upload.path("url").asText().replaceAll("X-Amz-Date=\\d{8}", "X-Amz-Date=20200101");
        int status = put(expired, new byte[10]);
        assertThat(status).as("S3Mock does not verify presigned signatures or expiry").isEqualTo(200);
        // What the system guarantees regardless: ten zero bytes are no image, so nothing reaches the profile.
        assertQuarantined(upload.path("key").asText());
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
