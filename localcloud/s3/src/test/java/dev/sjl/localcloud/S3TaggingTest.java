package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.TaggingDirective;

/** Object tagging (kept by the local cloud in front of S3Proxy) and the SDK's aws-chunked uploads, stored as S3 stores them. */
@LocalCloudTest(services = Service.S3)
class S3TaggingTest {

    private static Map<String, String> tags(S3Client s3, String bucket, String key) {
        return s3.getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet().stream()
                .collect(Collectors.toMap(Tag::key, Tag::value));
    }

    @Test
    @DisplayName("PutObjectTagging, GetObjectTagging, DeleteObjectTagging; a PUT's x-amz-tagging; an overwrite or delete clears them")
    void tagging(S3Client s3, TestResources resources) {
        String bucket = resources.name("docs");
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("a.pdf"), RequestBody.fromString("pdf"));
        assertThat(tags(s3, bucket, "a.pdf")).as("a new object has no tags").isEmpty();

        s3.putObjectTagging(b -> b.bucket(bucket).key("a.pdf").tagging(t -> t.tagSet(
                Tag.builder().key("verdict").value("clean").build(), Tag.builder().key("by").value("scanner & co").build())));
        assertThat(tags(s3, bucket, "a.pdf")).containsExactlyInAnyOrderEntriesOf(Map.of("verdict", "clean", "by", "scanner & co"));

        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("a.pdf").destinationBucket(bucket).destinationKey("copy.pdf"));
        assertThat(tags(s3, bucket, "copy.pdf")).as("a copy keeps the source's tags by default")
                .containsEntry("verdict", "clean");
        s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("a.pdf").destinationBucket(bucket).destinationKey("copy.pdf")
                .taggingDirective(TaggingDirective.REPLACE).tagging("verdict=rescan"));
        assertThat(tags(s3, bucket, "copy.pdf")).as("REPLACE takes the request's").containsExactlyEntriesOf(Map.of("verdict", "rescan"));

        s3.putObject(b -> b.bucket(bucket).key("a.pdf").tagging("verdict=pending&owner=42"), RequestBody.fromString("pdf v2"));
        assertThat(tags(s3, bucket, "a.pdf")).as("a PUT with x-amz-tagging sets exactly those")
                .containsExactlyInAnyOrderEntriesOf(Map.of("verdict", "pending", "owner", "42"));
        s3.putObject(b -> b.bucket(bucket).key("a.pdf"), RequestBody.fromString("pdf v3"));
        assertThat(tags(s3, bucket, "a.pdf")).as("an overwrite without tags leaves none, as on S3").isEmpty();

        s3.putObjectTagging(b -> b.bucket(bucket).key("a.pdf").tagging(t -> t.tagSet(Tag.builder().key("k").value("v").build())));
        s3.deleteObjectTagging(b -> b.bucket(bucket).key("a.pdf"));
        assertThat(tags(s3, bucket, "a.pdf")).as("after DeleteObjectTagging").isEmpty();

        s3.putObjectTagging(b -> b.bucket(bucket).key("a.pdf").tagging(t -> t.tagSet(Tag.builder().key("k").value("v").build())));
        s3.deleteObject(b -> b.bucket(bucket).key("a.pdf"));
        s3.putObject(b -> b.bucket(bucket).key("a.pdf"), RequestBody.fromString("again"));
        assertThat(tags(s3, bucket, "a.pdf")).as("a deleted object's tags do not come back with a new one").isEmpty();
    }

    @Test
    @DisplayName("Refuses tagging a missing object (NoSuchKey) and more than 10 tags (BadRequest)")
    void refusals(S3Client s3, TestResources resources) {
        String bucket = resources.name("docs");
        s3.createBucket(b -> b.bucket(bucket));
        s3.putObject(b -> b.bucket(bucket).key("a.pdf"), RequestBody.fromString("pdf"));

        S3Exception missing = catchThrowableOfType(S3Exception.class, () -> s3.putObjectTagging(b -> b.bucket(bucket)
                .key("nope.pdf").tagging(t -> t.tagSet(Tag.builder().key("k").value("v").build()))));
        Tag[] eleven = new Tag[11];
        for (int i = 0; i < eleven.length; i++) {
            eleven[i] = Tag.builder().key("k" + i).value("v").build();
        }
        S3Exception tooMany = catchThrowableOfType(S3Exception.class, () -> s3.putObjectTagging(b -> b.bucket(bucket)
                .key("a.pdf").tagging(t -> t.tagSet(eleven))));

        assertThat(missing.awsErrorDetails().errorCode()).isEqualTo("NoSuchKey");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(tooMany.awsErrorDetails().errorCode()).isEqualTo("BadRequest");
        assertThat(tooMany.statusCode()).isEqualTo(400);
    }

    @Test
    @DisplayName("Stores the SDK's signed aws-chunked upload as its bytes, with no aws-chunked Content-Encoding left")
    void chunkedUpload(S3Client s3, TestResources resources) {
        String bucket = resources.name("chunks");
        s3.createBucket(b -> b.bucket(bucket));
        String body = "x".repeat(200_000) + "end";
        s3.putObject(b -> b.bucket(bucket).key("big.txt").contentEncoding("identity"), RequestBody.fromString(body));

        var object = s3.getObjectAsBytes(b -> b.bucket(bucket).key("big.txt"));
        assertThat(object.asUtf8String()).as("the bytes put, without chunk framing").isEqualTo(body);
        assertThat(object.response().contentLength()).isEqualTo(body.length());
        assertThat(object.response().contentEncoding()).as("the client's own coding kept, aws-chunked dropped").isEqualTo("identity");
    }
}
