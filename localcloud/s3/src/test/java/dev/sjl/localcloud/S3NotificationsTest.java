package dev.sjl.localcloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.functions.Invocation;
import dev.sjl.localcloud.functions.RuntimeSerialization;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Event;
import software.amazon.awssdk.services.s3.model.FilterRuleName;
import software.amazon.awssdk.services.s3.model.GetBucketNotificationConfigurationResponse;
import software.amazon.awssdk.services.s3.model.NotificationConfiguration;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * S3 event notifications configured with PutBucketNotificationConfiguration, as a deploy definition writes them,
 * delivered to a function, a queue, a topic and EventBridge; driven through the real S3, SQS, SNS and EventBridge clients.
 */
@SuppressWarnings({"try", "unchecked"}) // try: resources that only scope a registration; unchecked: the SDK's varargs builders
@Tag("event-sources")
@LocalCloudTest(services = {Service.S3, Service.SQS, Service.SNS, Service.EVENTBRIDGE})
class S3NotificationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static String name(S3Event event) {
        S3EventNotificationRecord record = event.getRecords().get(0);
        return record.getEventName() + " " + record.getS3().getObject().getUrlDecodedKey();
    }

    private static void notify(S3Client s3, String bucket, NotificationConfiguration configuration) {
        s3.putBucketNotificationConfiguration(b -> b.bucket(bucket).notificationConfiguration(configuration));
    }

    private static String queueArn(SqsClient sqs, String url) {
        return sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
    }

    private static List<Message> receive(SqsClient sqs, String url, int count) {
        List<Message> messages = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (messages.size() < count && System.nanoTime() < deadline) {
            messages.addAll(sqs.receiveMessage(b -> b.queueUrl(url).waitTimeSeconds(1).maxNumberOfMessages(10)).messages());
        }
        return messages;
    }

    @Test
    @DisplayName("Invokes the configured function with a real-shaped ObjectCreated:Put S3Event for a presigned upload")
    void objectCreatedToFunction(S3Client s3, S3Presigner presigner, FunctionRegistry functions, TestResources resources) throws Exception {
        String bucket = resources.name("avatars");
        s3.createBucket(b -> b.bucket(bucket));
        String function = resources.name("thumbnail");
        BlockingQueue<S3Event> received = new LinkedBlockingQueue<>();
        try (var registration = functions.register(function, Functions.handler(S3Event.class, (event, context) -> {
            received.add(event);
            return null;
        }))) {
            notify(s3, bucket, NotificationConfiguration.builder().lambdaFunctionConfigurations(c -> c.id("thumbnails")
                    .lambdaFunctionArn(functions.arn(function)).events(Event.S3_OBJECT_CREATED)).build());
            var put = presigner.presignPutObject(p -> p.signatureDuration(Duration.ofMinutes(5))
                    .putObjectRequest(o -> o.bucket(bucket).key("users/42/my photo.jpg")));
            HTTP.send(HttpRequest.newBuilder(put.url().toURI()).PUT(HttpRequest.BodyPublishers.ofString("0123456789")).build(),
                    HttpResponse.BodyHandlers.discarding());

            S3Event event = received.poll(10, TimeUnit.SECONDS);
            assertThat(event).as("an S3 event must be delivered after a successful PUT").isNotNull();
            S3EventNotificationRecord record = event.getRecords().get(0);
            assertThat(record.getEventName()).isEqualTo("ObjectCreated:Put");
            assertThat(record.getEventSource()).isEqualTo("aws:s3");
            assertThat(record.getAwsRegion()).isEqualTo("us-east-1");
            assertThat(record.getEventTime()).isNotNull();
            assertThat(record.getS3().getConfigurationId()).isEqualTo("thumbnails");
            assertThat(record.getS3().getBucket().getName()).isEqualTo(bucket);
            assertThat(record.getS3().getBucket().getArn()).isEqualTo("arn:aws:s3:::" + bucket);
            assertThat(record.getS3().getObject().getKey()).as("keys arrive URL-encoded, as from AWS").isEqualTo("users/42/my+photo.jpg");
            assertThat(record.getS3().getObject().getUrlDecodedKey()).isEqualTo("users/42/my photo.jpg");
            assertThat(record.getS3().getObject().getSizeAsLong()).as("the stored object's size").isEqualTo(10L);
            String etag = s3.headObject(b -> b.bucket(bucket).key("users/42/my photo.jpg")).eTag().replace("\"", "");
            assertThat(record.getS3().getObject().geteTag()).as("the ETag without quotes").isEqualTo(etag);
        }
    }

    @Test
    @DisplayName("Filters by event type and prefix/suffix: copies, deletes and batch deletes count, tagging writes and other buckets do not")
    void eventKindsAndFilters(S3Client s3, FunctionRegistry functions, TestResources resources) throws Exception {
        String bucket = resources.name("docs");
        String otherBucket = resources.name("other");
        s3.createBucket(b -> b.bucket(bucket));
        s3.createBucket(b -> b.bucket(otherBucket));
        BlockingQueue<String> created = new LinkedBlockingQueue<>();
        BlockingQueue<String> removed = new LinkedBlockingQueue<>();
        String onCreate = resources.name("on-create");
        String onRemove = resources.name("on-remove");
        try (var c = functions.register(onCreate, Functions.handler(S3Event.class, (e, ctx) -> created.add(name(e))));
             var r = functions.register(onRemove, Functions.handler(S3Event.class, (e, ctx) -> removed.add(name(e))))) {
            notify(s3, bucket, NotificationConfiguration.builder().lambdaFunctionConfigurations(
                    f -> f.lambdaFunctionArn(functions.arn(onCreate)).events(Event.S3_OBJECT_CREATED)
                            .filter(x -> x.key(k -> k.filterRules(rule -> rule.name(FilterRuleName.PREFIX).value("in/"),
                                    rule -> rule.name(FilterRuleName.SUFFIX).value(".txt")))),
                    f -> f.lambdaFunctionArn(functions.arn(onRemove)).events(Event.S3_OBJECT_REMOVED)).build());
            s3.putObject(b -> b.bucket(otherBucket).key("in/elsewhere.txt"), RequestBody.fromString("x"));
            s3.putObject(b -> b.bucket(bucket).key("out/ignored.txt"), RequestBody.fromString("x"));
            s3.putObject(b -> b.bucket(bucket).key("in/ignored.pdf"), RequestBody.fromString("x"));
            s3.putObject(b -> b.bucket(bucket).key("in/a.txt"), RequestBody.fromString("a"));
            s3.putObjectTagging(b -> b.bucket(bucket).key("in/a.txt").tagging(t -> t.tagSet(tag -> tag.key("k").value("v"))));
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("in/a.txt").destinationBucket(bucket).destinationKey("in/b.txt"));
            s3.deleteObject(b -> b.bucket(bucket).key("in/a.txt"));

            assertThat(removed.poll(10, TimeUnit.SECONDS)).as("a DELETE is an ObjectRemoved event").isEqualTo("ObjectRemoved:Delete in/a.txt");
            s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(o -> o.key("in/b.txt"), o -> o.key("out/ignored.txt"))));
            assertThat(List.of(removed.poll(10, TimeUnit.SECONDS), removed.poll(10, TimeUnit.SECONDS)))
                    .as("DeleteObjects sends one ObjectRemoved:Delete per key")
                    .containsExactlyInAnyOrder("ObjectRemoved:Delete in/b.txt", "ObjectRemoved:Delete out/ignored.txt");
            Thread.sleep(200); // invocations are asynchronous: give a wrongly delivered event time to show up
            assertThat(created).as("only the PUT and the copy of in/*.txt in this bucket; tagging creates nothing")
                    .containsExactlyInAnyOrder("ObjectCreated:Put in/a.txt", "ObjectCreated:Copy in/b.txt");
        }
    }

    @Test
    @DisplayName("Sends the event to an SQS queue, after the s3:TestEvent S3 sends when the configuration is saved")
    void toQueue(S3Client s3, SqsClient sqs, TestResources resources) throws Exception {
        String bucket = resources.name("uploads");
        s3.createBucket(b -> b.bucket(bucket));
        String url = sqs.createQueue(b -> b.queueName(resources.name("uploads-queue"))).queueUrl();
        notify(s3, bucket, NotificationConfiguration.builder().queueConfigurations(q -> q.queueArn(queueArn(sqs, url))
                .events(Event.S3_OBJECT_CREATED_PUT)).build());
        List<Message> test = receive(sqs, url, 1);
        assertThat(test).singleElement().satisfies(m -> {
            JsonNode body = JSON.readTree(m.body());
            assertThat(body.path("Event").asText()).isEqualTo("s3:TestEvent");
            assertThat(body.path("Bucket").asText()).isEqualTo(bucket);
        });
        sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(test.get(0).receiptHandle()));

        s3.putObject(b -> b.bucket(bucket).key("report.csv"), RequestBody.fromString("a,b"));
        List<Message> messages = receive(sqs, url, 1);
        assertThat(messages).singleElement().satisfies(m -> {
            S3Event event = RuntimeSerialization.fromJson(m.body(), S3Event.class);
            assertThat(name(event)).isEqualTo("ObjectCreated:Put report.csv");
            assertThat(event.getRecords().get(0).getS3().getObject().getSizeAsLong()).isEqualTo(3L);
        });
    }

    @Test
    @DisplayName("Publishes the event to an SNS topic with the subject S3 uses")
    void toTopic(S3Client s3, SnsClient sns, SqsClient sqs, TestResources resources) throws Exception {
        String bucket = resources.name("media");
        s3.createBucket(b -> b.bucket(bucket));
        String topicArn = sns.createTopic(b -> b.name(resources.name("media-topic"))).topicArn();
        String url = sqs.createQueue(b -> b.queueName(resources.name("media-sub"))).queueUrl();
        sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn(sqs, url)));
        notify(s3, bucket, NotificationConfiguration.builder().topicConfigurations(t -> t.topicArn(topicArn)
                .events(Event.S3_OBJECT_CREATED)).build());
        receive(sqs, url, 1).forEach(m -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()))); // the test event

        s3.putObject(b -> b.bucket(bucket).key("clip.mp4"), RequestBody.fromString("frames"));
        List<Message> messages = receive(sqs, url, 1);
        assertThat(messages).singleElement().satisfies(m -> {
            JsonNode envelope = JSON.readTree(m.body());
            assertThat(envelope.path("Subject").asText()).isEqualTo("Amazon S3 Notification");
            assertThat(envelope.path("TopicArn").asText()).isEqualTo(topicArn);
            S3Event event = RuntimeSerialization.fromJson(envelope.path("Message").asText(), S3Event.class);
            assertThat(name(event)).isEqualTo("ObjectCreated:Put clip.mp4");
        });
    }

    @Test
    @DisplayName("With EventBridge on, an upload is an \"Object Created\" event that a rule routes to a validation function")
    void toEventBridge(S3Client s3, EventBridgeClient events, FunctionRegistry functions, TestResources resources) throws Exception {
        String bucket = resources.name("incoming");
        s3.createBucket(b -> b.bucket(bucket));
        String function = resources.name("validate");
        String rule = resources.name("uploaded");
        try (var registration = functions.register(function, Functions.handler(ScheduledEvent.class, (event, context) -> null))) {
            events.putRule(b -> b.name(rule).eventPattern("{\"source\":[\"aws.s3\"],\"detail-type\":[\"Object Created\"],"
                    + "\"detail\":{\"bucket\":{\"name\":[\"" + bucket + "\"]},\"object\":{\"key\":[{\"prefix\":\"uploads/\"}]}}}"));
            events.putTargets(b -> b.rule(rule).targets(t -> t.id("validate").arn(functions.arn(function))));
            notify(s3, bucket, NotificationConfiguration.builder().eventBridgeConfiguration(e -> { }).build());
            assertThat(s3.getBucketNotificationConfiguration(b -> b.bucket(bucket)).eventBridgeConfiguration())
                    .as("GetBucketNotificationConfiguration returns the saved configuration").isNotNull();

            s3.putObject(b -> b.bucket(bucket).key("elsewhere/x.bin"), RequestBody.fromString("x"));
            s3.putObject(b -> b.bucket(bucket).key("uploads/cv 1.pdf"), RequestBody.fromString("%PDF"));

            List<Invocation> invocations = functions.awaitInvocations(function, 1, Duration.ofSeconds(10));
            Thread.sleep(200);
            assertThat(functions.invocations(function)).as("only the key under uploads/ matches the rule").hasSize(1);
            ScheduledEvent event = RuntimeSerialization.fromJson(invocations.get(0).payload(), ScheduledEvent.class);
            assertThat(event.getSource()).isEqualTo("aws.s3");
            assertThat(event.getDetailType()).isEqualTo("Object Created");
            assertThat(event.getResources()).containsExactly("arn:aws:s3:::" + bucket);
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) event.getDetail().get("object");
            assertThat(object).as("EventBridge carries the key as it is, not URL-encoded").containsEntry("key", "uploads/cv 1.pdf")
                    .containsEntry("size", 4);
            assertThat(event.getDetail()).containsEntry("reason", "PutObject");
        }
    }

    @Test
    @DisplayName("Retries a function that failed (asynchronous invocation): the same record arrives twice")
    void functionRetried(S3Client s3, FunctionRegistry functions, TestResources resources) throws Exception {
        String bucket = resources.name("retried");
        s3.createBucket(b -> b.bucket(bucket));
        String function = resources.name("fragile");
        AtomicInteger calls = new AtomicInteger();
        functions.asyncRetryDelay(Duration.ofMillis(50));
        try (var registration = functions.register(function, Functions.handler(S3Event.class, (event, context) -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("image library crashed");
            }
            return null;
        }))) {
            notify(s3, bucket, NotificationConfiguration.builder().lambdaFunctionConfigurations(c -> c
                    .lambdaFunctionArn(functions.arn(function)).events(Event.S3_OBJECT_CREATED)).build());
            s3.putObject(b -> b.bucket(bucket).key("a.png"), RequestBody.fromString("png"));

            List<Invocation> invocations = functions.awaitInvocations(function, 2, Duration.ofSeconds(10));
            assertThat(invocations).hasSize(2);
            assertThat(invocations.get(0).payload()).as("the retry carries the same event").isEqualTo(invocations.get(1).payload());
            assertThat(invocations.get(1).succeeded()).isTrue();
        } finally {
            functions.asyncRetryDelay(Duration.ofMillis(500));
        }
    }

    @Test
    @DisplayName("Refuses a configuration S3 refuses: an unknown function, an unknown event, overlapping filters; and a missing bucket")
    void validation(S3Client s3, FunctionRegistry functions, TestResources resources) {
        String bucket = resources.name("strict");
        s3.createBucket(b -> b.bucket(bucket));
        assertThatThrownBy(() -> notify(s3, bucket, NotificationConfiguration.builder().lambdaFunctionConfigurations(c -> c
                .lambdaFunctionArn(functions.arn("nobody")).events(Event.S3_OBJECT_CREATED)).build()))
                .isInstanceOf(S3Exception.class).hasMessageContaining("Unable to validate the following destination configurations")
                .satisfies(e -> assertThat(((S3Exception) e).awsErrorDetails().errorCode()).isEqualTo("InvalidArgument"));
        String function = resources.name("dup");
        try (var registration = functions.register(function, Functions.json(payload -> "null"))) {
            assertThatThrownBy(() -> notify(s3, bucket, NotificationConfiguration.builder().lambdaFunctionConfigurations(
                    c -> c.lambdaFunctionArn(functions.arn(function)).events(Event.S3_OBJECT_CREATED),
                    c -> c.lambdaFunctionArn(functions.arn(function)).events(Event.S3_OBJECT_CREATED_PUT)).build()))
                    .isInstanceOf(S3Exception.class).hasMessageContaining("Configurations overlap");
            assertThatThrownBy(() -> notify(s3, bucket, NotificationConfiguration.builder().lambdaFunctionConfigurations(
                    c -> c.lambdaFunctionArn(functions.arn(function)).eventsWithStrings("s3:ObjectEaten:*")).build()))
                    .isInstanceOf(S3Exception.class).hasMessageContaining("The event is not supported for notifications");
        }
        assertThatThrownBy(() -> s3.getBucketNotificationConfiguration(b -> b.bucket(resources.name("missing"))))
                .isInstanceOf(S3Exception.class).satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(404));
        GetBucketNotificationConfigurationResponse empty = s3.getBucketNotificationConfiguration(b -> b.bucket(bucket));
        assertThat(empty.lambdaFunctionConfigurations()).as("a refused configuration is not saved").isEmpty();
    }
}
