package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sjl.localcloud.S3PresignFilter.Presigned;
import dev.sjl.localcloud.S3PresignFilter.Refusal;
import java.net.URI;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The presigned-URL check on its own, against URLs made by the SDK's S3 presigner (the signer it checks with is the
 * SDK's too, but the URLs come from the presigner's whole pipeline), with the server's clock set where each case needs.
 */
class S3PresignFilterTest {
    private static final String HOST = "127.0.0.1:4566";
    private static final S3PresignFilter FILTER = new S3PresignFilter(Map.of("test", "test"), Clock.systemUTC());

    private static S3Presigner presigner(String accessKey, String secret, Region region) {
        return S3Presigner.builder().region(region).endpointOverride(URI.create("http://" + HOST))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }

    private static final S3Presigner PRESIGNER = presigner("test", "test", Region.US_EAST_1);

    private static URL put(String key, long length) {
        return PRESIGNER.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .putObjectRequest(o -> o.bucket("avatars").key(key).contentType("image/png").contentLength(length))).url();
    }

    private static URL get(S3Presigner presigner, String key) {
        return presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .getObjectRequest(o -> o.bucket("avatars").key(key))).url();
    }

    private static Optional<Refusal> check(String method, URL url, Map<String, String> headers, Instant now) {
        return check(method, url.toString(), headers, now);
    }

    /** The check on a request for {@code url} as sent: its raw path and query, and the headers (a Host by default). */
    private static Optional<Refusal> check(String method, String url, Map<String, String> headers, Instant now) {
        Map<String, String> all = new HashMap<>(headers);
        all.putIfAbsent("host", HOST);
        URI uri = URI.create(url);
        return FILTER.check(new Presigned(method, uri.getRawPath(), uri.getRawQuery(),
                name -> all.containsKey(name) ? List.of(all.get(name)) : List.of()), false, now);
    }

    private static Map<String, String> png(long length) {
        return Map.of("content-type", "image/png", "content-length", Long.toString(length));
    }

    @Test
    @DisplayName("Accepts the SDK presigner's PUT and GET as sent, a key with spaces, plus and non-ASCII characters included")
    void genuine() {
        Instant now = Instant.now();
        assertThat(check("PUT", put("users/a b+c/ü.png", 100), png(100), now)).as("a genuine presigned PUT").isEmpty();
        assertThat(check("GET", get(PRESIGNER, "users/1/avatar.png"), Map.of(), now)).as("a genuine presigned GET").isEmpty();
        assertThat(check("GET", get(PRESIGNER, "k"), Map.of(), now.plusSeconds(299))).as("a second before expiry").isEmpty();
        assertThat(check("GET", get(presigner("test", "test", Region.EU_WEST_1), "k"), Map.of(), now))
                .as("a URL signed for another region, as the credential scope says").isEmpty();
    }

    @Test
    @DisplayName("Refuses a URL after its expiry with S3's 403 AccessDenied \"Request has expired\"")
    void expired() {
        Optional<Refusal> refusal = check("GET", get(PRESIGNER, "k"), Map.of(), Instant.now().plusSeconds(302));
        assertThat(refusal).as("five minutes and two seconds later").isPresent();
        assertThat(refusal.get().status()).isEqualTo(403);
        assertThat(refusal.get().code()).isEqualTo("AccessDenied");
        assertThat(refusal.get().message()).isEqualTo("Request has expired");
        assertThat(refusal.get().xml()).as("S3's error shape").startsWith("<?xml").contains(
                "<Error><Code>AccessDenied</Code><Message>Request has expired</Message><X-Amz-Expires>300</X-Amz-Expires>");
    }

    @Test
    @DisplayName("Refuses a tampered key, method, query, content type or Content-Length with 403 SignatureDoesNotMatch")
    void tampered() {
        Instant now = Instant.now();
        String url = put("users/alice/avatar/1", 100).toString();
        Map<String, Optional<Refusal>> cases = new HashMap<>();
        cases.put("another key", check("PUT", url.replace("users/alice/", "users/bob/"), png(100), now));
        cases.put("another method", check("DELETE", url, png(100), now));
        cases.put("a parameter added", check("PUT", url + "&acl=", png(100), now));
        cases.put("a longer body than signed", check("PUT", url, png(3 * 1024 * 1024), now));
        cases.put("no Content-Length (chunked)", check("PUT", url, Map.of("content-type", "image/png"), now));
        cases.put("another content type", check("PUT", url, Map.of("content-type", "text/html", "content-length", "100"), now));
        cases.put("another host", check("PUT", url, Map.of("host", "evil.example", "content-type", "image/png",
                "content-length", "100"), now));
        cases.put("a signing parameter repeated", check("PUT", url + "&X-Amz-Expires=604800", png(100), now));
        cases.put("a longer expiry", check("PUT", url.replace("X-Amz-Expires=300", "X-Amz-Expires=3000"), png(100), now));
        cases.put("a signature of the right length, not the right one", check("PUT",
                url.replaceAll("X-Amz-Signature=[0-9a-f]{64}", "X-Amz-Signature=" + "0".repeat(64)), png(100), now));
        cases.put("another secret", check("PUT", presigner("test", "not-the-secret", Region.US_EAST_1)
                .presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5)).putObjectRequest(o -> o.bucket("avatars")
                        .key("users/alice/avatar/1").contentType("image/png").contentLength(100L))).url(), png(100), now));

        cases.forEach((name, refusal) -> {
            assertThat(refusal).as(name).isPresent();
            assertThat(refusal.get().status()).as(name).isEqualTo(403);
            assertThat(refusal.get().code()).as(name).isEqualTo("SignatureDoesNotMatch");
        });
    }

    @Test
    @DisplayName("Names an unknown access key (403 InvalidAccessKeyId) and a malformed URL (400 AuthorizationQueryParametersError)")
    void unknownKeyAndMalformed() {
        Instant now = Instant.now();
        Optional<Refusal> unknown = check("GET", get(presigner("AKIDEXAMPLE", "test", Region.US_EAST_1), "k"), Map.of(), now);
        assertThat(unknown).isPresent();
        assertThat(unknown.get().code()).isEqualTo("InvalidAccessKeyId");
        assertThat(unknown.get().status()).isEqualTo(403);
        assertThat(unknown.get().details()).containsEntry("AWSAccessKeyId", "AKIDEXAMPLE");

        String url = get(PRESIGNER, "k").toString();
        Map<String, String> malformed = Map.of(
                "an expiry over a week", url.replace("X-Amz-Expires=300", "X-Amz-Expires=604801"),
                "a negative expiry", url.replace("X-Amz-Expires=300", "X-Amz-Expires=-1"),
                "an expiry not a number", url.replace("X-Amz-Expires=300", "X-Amz-Expires=5m"),
                "a date not ISO 8601", url.replaceAll("X-Amz-Date=\\d{8}T", "X-Amz-Date=2026-01-01T"),
                "no signature", url.replaceAll("&X-Amz-Signature=[0-9a-f]+", ""),
                "another algorithm", url.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1"),
                "a credential for another service", url.replace("%2Fs3%2F", "%2Fsqs%2F"));
        malformed.forEach((name, bad) -> {
            Optional<Refusal> refusal = check("GET", bad, Map.of(), now);
            assertThat(refusal).as(name).isPresent();
            assertThat(refusal.get().status()).as(name).isEqualTo(400);
            assertThat(refusal.get().code()).as(name).isEqualTo("AuthorizationQueryParametersError");
        });
    }

    @Test
    @DisplayName("Checks the expiry before the signature, as S3 does: a rewound date is \"Request has expired\"")
    void expiryFirst() {
        String url = get(PRESIGNER, "k").toString().replaceAll("X-Amz-Date=\\d{8}", "X-Amz-Date=20200101")
                .replaceAll("%2F\\d{8}%2F", "%2F20200101%2F");
        assertThat(check("GET", url, Map.of(), Instant.now())).get().extracting(Refusal::code).isEqualTo("AccessDenied");
        assertThat(check("GET", get(PRESIGNER, "k"), Map.of(), Instant.now().minus(Duration.ofMinutes(16))))
                .as("a URL dated 16 minutes ahead of the server's clock").get().extracting(Refusal::message)
                .isEqualTo("Request is not yet valid");
    }

    @Test
    @DisplayName("Lets requests without query-string auth through, and refuses both mechanisms at once")
    void notPresigned() throws Exception {
        URL plain = URI.create("http://" + HOST + "/avatars/k?X-Amz-Meta=1&x-id=GetObject").toURL();
        assertThat(FILTER.check(new Presigned("GET", plain.getPath(), plain.getQuery(), name -> List.of()), true,
                Instant.now())).as("header-signed or unsigned").isEmpty();
        URL presigned = get(PRESIGNER, "k");
        assertThat(FILTER.check(new Presigned("GET", presigned.getPath(), presigned.getQuery(), name -> List.of()), true,
                Instant.now())).get().extracting(Refusal::code).isEqualTo("InvalidArgument");
    }
}
