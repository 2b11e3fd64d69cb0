package dev.sjl.documents;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.localcloud.Service;
import dev.sjl.notifications.Await;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.functions.Invocation;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Tag;

/** Seed 004's pipeline: an upload lands in S3, S3 tells EventBridge, a rule invokes the validator. */
@org.junit.jupiter.api.Tag("task:5")
@LocalCloudTest(services = {Service.S3, Service.EVENTBRIDGE, Service.LAMBDA})
class DocumentPipelineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] PDF = "%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13};

    private static Optional<String> verdict(S3Client s3, String bucket, String key) {
        return s3.getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet().stream()
                .filter(t -> t.key().equals(DocumentValidator.TAG)).map(Tag::value).findFirst();
    }

    @Test
    @DisplayName("Matches S3 Object Created events of this bucket under uploads/ only (TestEventPattern)")
    void eventPattern(EventBridgeClient events) throws Exception {
        String pattern = DocumentRule.eventPattern("docs");
        JsonNode parsed = JSON.readTree(pattern);

        assertThat(events.testEventPattern(b -> b.eventPattern(pattern).event(s3Event("docs", "uploads/cv.pdf", "Object Created"))).result())
                .as("an upload under uploads/ of this bucket matches").isTrue();
        assertThat(events.testEventPattern(b -> b.eventPattern(pattern).event(s3Event("docs", "thumbnails/cv.png", "Object Created"))).result())
                .as("the pattern must filter detail.object.key with {\"prefix\": \"uploads/\"}: other keys must not invoke the validator")
                .isFalse();
        assertThat(events.testEventPattern(b -> b.eventPattern(pattern).event(s3Event("other", "uploads/cv.pdf", "Object Created"))).result())
                .as("the pattern must name this bucket in detail.bucket.name").isFalse();
        assertThat(events.testEventPattern(b -> b.eventPattern(pattern).event(s3Event("docs", "uploads/cv.pdf", "Object Deleted"))).result())
                .as("the pattern must match detail-type \"Object Created\" only: a deletion has nothing to validate").isFalse();
        assertThat(parsed.path("source").toString()).as("the pattern must match source aws.s3").isEqualTo("[\"aws.s3\"]");
    }

    private static String s3Event(String bucket, String key, String detailType) {
        return "{\"version\":\"0\",\"id\":\"17793124-05d4-b198-2fde-7ededc63b103\",\"detail-type\":\"" + detailType + "\","
                + "\"source\":\"aws.s3\",\"account\":\"000000000000\",\"time\":\"2026-12-03T08:00:00Z\",\"region\":\"us-east-1\","
                + "\"resources\":[\"arn:aws:s3:::" + bucket + "\"],\"detail\":{\"version\":\"0\",\"bucket\":{\"name\":\"" + bucket
                + "\"},\"object\":{\"key\":\"" + key + "\",\"size\":5}}}";
    }

    @Test
    @DisplayName("Ignores an event that names no object, and an object deleted before it was validated")
    void ignoresWhatIsNotThere(S3Client s3, TestResources resources) {
        String bucket = resources.name("docs");
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("uploads/cv.pdf"), RequestBody.fromBytes(PDF));
        DocumentValidator validator = new DocumentValidator(s3);

        assertThat(validator.verdict(bucket, "uploads/cv.pdf")).as("a PDF within MAX_BYTES is valid").isEqualTo(DocumentValidator.VALID);
        assertThat(validator.handleRequest(Map.of("detail-type", "Scheduled Event", "detail", Map.of()), null))
                .as("an event without detail.bucket.name and detail.object.key is not retried: it never will be one").isEqualTo("ignored");
        assertThat(validator.handleRequest(Map.of("detail", Map.of("bucket", Map.of("name", bucket),
                "object", Map.of("key", "uploads/deleted.pdf"))), null)).as("a deleted object has nothing to mark").isEqualTo("gone");
    }

    @Test
    @DisplayName("Marks an uploaded PDF valid, and a PNG named .pdf, an empty file and an oversized one quarantined")
    void validatesUploads(S3Client s3, EventBridgeClient events, FunctionRegistry functions, TestResources resources) throws Exception {
        String bucket = resources.name("docs");
        String rule = resources.name("validate-uploads");
        String function = resources.name("validator");
        s3.createBucket(b -> b.bucket(bucket));
        String pattern = DocumentRule.eventPattern(bucket);
        // The rule and its targets carry the test's prefix: the extension deletes them after the test.
        try (var registration = functions.register(function, Functions.handler(new DocumentValidator(s3)), Duration.ofSeconds(10), 512)) {
            events.putRule(b -> b.name(rule).eventPattern(pattern));
            events.putTargets(b -> b.rule(rule).targets(t -> t.id("validator").arn(functions.arn(function))));
            s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(n -> n.eventBridgeConfiguration(e -> { })));

            byte[] oversized = Arrays.copyOf(PDF, (int) DocumentValidator.MAX_BYTES + 1);
            byte[] largest = Arrays.copyOf(PDF, (int) DocumentValidator.MAX_BYTES);
            byte[] magicOnly = "%PDF-".getBytes(StandardCharsets.US_ASCII);
            byte[] shorter = "%PDF".getBytes(StandardCharsets.US_ASCII);
            Map<String, byte[]> uploads = Map.of("uploads/cv.pdf", PDF, "uploads/photo.pdf", PNG,
                    "uploads/empty.pdf", new byte[0], "uploads/huge.pdf", oversized, "elsewhere/cv.pdf", PDF,
                    "uploads/largest.pdf", largest, "uploads/magic.pdf", magicOnly, "uploads/short.pdf", shorter);
            uploads.forEach((key, bytes) -> s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/pdf"),
                    RequestBody.fromBytes(bytes)));

            List<String> validated = List.of("uploads/cv.pdf", "uploads/photo.pdf", "uploads/empty.pdf", "uploads/huge.pdf",
                    "uploads/largest.pdf", "uploads/magic.pdf", "uploads/short.pdf");
            Await.until(() -> validated.stream().allMatch(k -> verdict(s3, bucket, k).isPresent()),
                    "every upload under uploads/ must get a validation tag from the function the rule invokes",
                    functions, function);

            assertThat(verdict(s3, bucket, "uploads/cv.pdf")).as("a PDF (it starts with %%PDF-) within MAX_BYTES is valid").contains(DocumentValidator.VALID);
            assertThat(verdict(s3, bucket, "uploads/photo.pdf")).as("decide from the object's first bytes, never from its "
                    + "name or declared Content-Type: a PNG named .pdf is quarantined").contains(DocumentValidator.QUARANTINED);
            assertThat(verdict(s3, bucket, "uploads/empty.pdf")).as("an empty upload is quarantined").contains(DocumentValidator.QUARANTINED);
            assertThat(verdict(s3, bucket, "uploads/huge.pdf")).as("a document over MAX_BYTES is quarantined, whatever it "
                    + "starts with").contains(DocumentValidator.QUARANTINED);
            assertThat(verdict(s3, bucket, "uploads/largest.pdf")).as("exactly MAX_BYTES is still allowed").contains(DocumentValidator.VALID);
            assertThat(verdict(s3, bucket, "uploads/magic.pdf")).as("a body of exactly the five magic bytes starts like a PDF")
                    .contains(DocumentValidator.VALID);
            assertThat(verdict(s3, bucket, "uploads/short.pdf")).as("shorter than the magic is quarantined").contains(DocumentValidator.QUARANTINED);
            assertThat(functions.invocations(function)).as("the function answers its verdict").filteredOn(Invocation::succeeded)
                    .extracting(Invocation::response).contains("\"valid\"", "\"quarantined\"");
            assertThat(verdict(s3, bucket, "elsewhere/cv.pdf")).as("a key outside uploads/ never reaches the validator").isEmpty();
            assertThat(functions.invocations(function)).as("one invocation per upload under uploads/")
                    .filteredOn(Invocation::succeeded).hasSize(validated.size());
        }
    }
}
