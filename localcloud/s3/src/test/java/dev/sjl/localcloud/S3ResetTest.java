package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;

/** LocalCloud.reset() for S3: buckets emptied and deleted, their notification configurations forgotten. */
class S3ResetTest {

    @Test
    @DisplayName("Empties and deletes every bucket; a bucket made again under the same name has no notifications left")
    void resetsS3() {
        try (LocalCloud cloud = LocalCloud.start(Service.S3, Service.SQS)) {
            S3Client s3 = cloud.clients().s3();
            String queueUrl = cloud.clients().sqs().createQueue(b -> b.queueName("uploads")).queueUrl();
            String queueArn = cloud.clients().sqs().getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNamesWithStrings("QueueArn")).attributesAsStrings().get("QueueArn");
            for (String bucket : new String[] {"avatars", "thumbnails"}) {
                s3.createBucket(b -> b.bucket(bucket));
                s3.putObject(b -> b.bucket(bucket).key("a.png"), RequestBody.fromString("png"));
                s3.putObject(b -> b.bucket(bucket).key("dir/b.png"), RequestBody.fromString("png"));
            }
            s3.putBucketNotificationConfiguration(b -> b.bucket("avatars").notificationConfiguration(n -> n
                    .queueConfigurations(q -> q.queueArn(queueArn).events(Event.S3_OBJECT_CREATED))));

            Map<Service, String> report = cloud.reset();

            assertThat(report.get(Service.S3)).isEqualTo("2 buckets (4 objects) deleted");
            assertThat(s3.listBuckets().buckets()).isEmpty();
            s3.createBucket(b -> b.bucket("avatars"));
            assertThat(s3.getBucketNotificationConfiguration(b -> b.bucket("avatars")).queueConfigurations())
                    .as("the old bucket's notification configuration is gone with it").isEmpty();
        }
    }
}
