package dev.sjl.localcloud;

import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CORSRule;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A bucket's CORS configuration through the SDK, and what a browser on an allowed or another origin gets. */
@LocalCloudTest(services = Service.S3)
class S3CorsTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String WEB = "http://127.0.0.1:5173";

    private static String bucket(S3Client s3, TestResources resources) {
        String bucket = resources.name("cors");
        s3.createBucket(b -> b.bucket(bucket));
        s3.putBucketCors(b -> b.bucket(bucket).corsConfiguration(c -> c.corsRules(CORSRule.builder()
                .allowedOrigins(WEB).allowedMethods("PUT", "GET").allowedHeaders("content-type")
                .exposeHeaders("ETag").maxAgeSeconds(600).build())));
        return bucket;
    }

    private static HttpResponse<String> preflight(URI uri, String origin, String headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "PUT");
        if (headers != null) {
            request.header("Access-Control-Request-Headers", headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("Keeps a bucket's CORS rules: GetBucketCors returns them, DeleteBucketCors removes them")
    void configuration(S3Client s3, TestResources resources) {
        String bucket = bucket(s3, resources);

        CORSRule rule = s3.getBucketCors(b -> b.bucket(bucket)).corsRules().get(0);
        s3.deleteBucketCors(b -> b.bucket(bucket));
        Throwable gone = catchThrowable(() -> s3.getBucketCors(b -> b.bucket(bucket)));

        assertThat(rule.allowedOrigins()).as("the origin put").containsExactly(WEB);
        assertThat(rule.allowedMethods()).as("the methods put").containsExactly("PUT", "GET");
        assertThat(rule.exposeHeaders()).as("the exposed headers put").containsExactly("ETag");
        assertThat(rule.maxAgeSeconds()).as("the max age put").isEqualTo(600);
        assertThat(gone).as("after DeleteBucketCors there is no configuration").isInstanceOf(S3Exception.class);
        assertThat(((S3Exception) gone).awsErrorDetails().errorCode()).as("S3's error code")
                .isEqualTo("NoSuchCORSConfiguration");
    }

    @Test
    @DisplayName("Answers a browser's preflight from the bucket's rules: the allowed origin only, 403 for any other")
    void preflightByTheRules(S3Client s3, S3Presigner presigner, TestResources resources) throws Exception {
        String bucket = bucket(s3, resources);
        URI upload = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                .putObjectRequest(o -> o.bucket(bucket).key("users/me.png").contentType("image/png"))).url().toURI();

        HttpResponse<String> allowed = preflight(upload, WEB, "content-type");
        HttpResponse<String> otherOrigin = preflight(upload, "http://evil.example", "content-type");
        HttpResponse<String> otherHeader = preflight(upload, WEB, "x-amz-acl");

        assertThat(allowed.statusCode()).as("the web client's preflight").isEqualTo(200);
        assertThat(allowed.headers().firstValue("access-control-allow-origin")).as("its origin, named").hasValue(WEB);
        assertThat(allowed.headers().firstValue("access-control-max-age")).as("the rule's max age").hasValue("600");
        assertThat(otherOrigin.statusCode()).as("another origin's preflight is refused, as S3 does").isEqualTo(403);
        assertThat(otherOrigin.headers().firstValue("access-control-allow-origin")).as("and gets no CORS header").isEmpty();
        assertThat(otherHeader.statusCode()).as("a header no rule allows is refused").isEqualTo(403);
    }

    @Test
    @DisplayName("Adds CORS headers to a request from an allowed origin only, whatever S3Proxy would answer")
    void actualRequests(S3Client s3, TestResources resources) throws Exception {
        String bucket = bucket(s3, resources);
        s3.putObject(b -> b.bucket(bucket).key("a.txt"), RequestBody.fromString("hello"));
        String plain = s3.utilities().getUrl(b -> b.bucket(bucket).key("a.txt")).toString();

        HttpResponse<String> ours = HTTP.send(HttpRequest.newBuilder(URI.create(plain)).header("Origin", WEB).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> theirs = HTTP.send(HttpRequest.newBuilder(URI.create(plain)).header("Origin", "http://evil.example")
                .build(), HttpResponse.BodyHandlers.ofString());
        s3.deleteBucketCors(b -> b.bucket(bucket));
        HttpResponse<String> afterDelete = preflight(URI.create(plain), WEB, null);

        assertThat(ours.headers().firstValue("access-control-allow-origin")).as("an allowed origin's GET").hasValue(WEB);
        assertThat(ours.headers().firstValue("access-control-expose-headers")).as("the exposed headers").hasValue("ETag");
        assertThat(theirs.headers().firstValue("access-control-allow-origin")).as("another origin's GET has none, "
                + "though S3Proxy itself would allow every origin").isEmpty();
        assertThat(afterDelete.statusCode()).as("without a configuration every preflight is refused").isEqualTo(403);
    }
}
