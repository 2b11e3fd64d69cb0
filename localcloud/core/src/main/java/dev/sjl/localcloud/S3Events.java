package dev.sjl.localcloud;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.RequestParametersEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.ResponseElementsEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3BucketEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3Entity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3ObjectEntity;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.UserIdentityEntity;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * S3 event notifications, which no S3 emulator delivers. The local cloud watches S3Mock's successful object writes
 * and deletes and hands each subscriber a real-shaped {@link S3Event} (one record, URL-encoded key, quote-free ETag,
 * like AWS), asynchronously and after the request has been answered — as AWS invokes a function after the PUT.
 * Delivery is at most once here; a handler's exception is logged, not retried.
 */
public final class S3Events implements AutoCloseable {
    private static final String REGION = "us-east-1";

    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    private final ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "localcloud-s3-events");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong sequencer = new AtomicLong(System.currentTimeMillis() << 16);
    private final Supplier<S3Client> s3;

    S3Events(Supplier<S3Client> s3) {
        this.s3 = s3;
    }

    /** Delivers every object-created event in {@code bucket} to {@code handler}. */
    public Subscription subscribe(String bucket, S3EventHandler handler) {
        return subscribe(bucket, S3EventType.OBJECT_CREATED, "", handler);
    }

    /** Delivers {@code type} events for keys under {@code keyPrefix} ("" for all) in {@code bucket}. */
    public Subscription subscribe(String bucket, S3EventType type, String keyPrefix, S3EventHandler handler) {
        Subscription subscription = new Subscription(Objects.requireNonNull(bucket, "bucket"), Objects.requireNonNull(type, "type"),
                Objects.requireNonNull(keyPrefix, "keyPrefix"), Objects.requireNonNull(handler, "handler"));
        subscriptions.add(subscription);
        return subscription;
    }

    /** Called by the request filter once S3Mock has answered a write or delete with 2xx. */
    void objectEvent(String eventName, String bucket, String key, String sourceIp, String etagHeader) {
        if (subscriptions.stream().noneMatch(s -> s.wants(eventName, bucket, key))) {
            return;
        }
        String sequence = Long.toHexString(sequencer.incrementAndGet()).toUpperCase();
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        delivery.execute(() -> deliver(eventName, bucket, key, sourceIp, etagHeader, sequence, at));
    }

    private void deliver(String eventName, String bucket, String key, String sourceIp, String etagHeader,
                         String sequence, Instant at) {
        long size = 0;
        String etag = etagHeader;
        String versionId = null;
        if (eventName.startsWith("ObjectCreated:")) {
            // The request's Content-Length is not the object size (aws-chunked uploads, copies, multipart), so ask S3.
            try {
                HeadObjectResponse head = s3.get().headObject(b -> b.bucket(bucket).key(key));
                size = head.contentLength();
                etag = head.eTag();
                versionId = head.versionId();
            } catch (NoSuchKeyException gone) {
                // deleted before we looked: AWS would still report the PUT, so we do, with what the response said
            } catch (S3Exception e) {
                System.err.println("[localcloud] S3 event for s3://" + bucket + "/" + key + ": HEAD failed with " + e.statusCode());
            }
        }
        S3Event event = event(eventName, bucket, key, size, etag, versionId, sourceIp, sequence, at);
        for (Subscription subscription : subscriptions) {
            if (!subscription.wants(eventName, bucket, key)) {
                continue;
            }
            try {
                subscription.handler.handle(event);
            } catch (Exception e) {
                System.err.println("[localcloud] S3 event handler for s3://" + bucket + "/" + key + " (" + eventName
                        + ") threw " + e.getClass().getName() + ": " + e.getMessage());
            }
        }
    }

    static S3Event event(String eventName, String bucket, String key, long size, String etag, String versionId,
                         String sourceIp, String sequence, Instant at) {
        String principal = "AWS:LOCALCLOUD";
        String encodedKey = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
        String cleanEtag = etag == null ? null : etag.replace("\"", "");
        S3ObjectEntity object = new S3ObjectEntity(encodedKey, size, cleanEtag, versionId, sequence);
        S3BucketEntity bucketEntity = new S3BucketEntity(bucket, new UserIdentityEntity(principal), "arn:aws:s3:::" + bucket);
        S3Entity s3 = new S3Entity("localcloud-notification", bucketEntity, object, "1.0");
        String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        S3EventNotificationRecord record = new S3EventNotificationRecord(REGION, eventName, "aws:s3", at.toString(), "2.1",
                new RequestParametersEntity(sourceIp), new ResponseElementsEntity(requestId + "/localcloud", requestId),
                s3, new UserIdentityEntity(principal));
        return new S3Event(List.of(record));
    }

    @Override
    public void close() {
        delivery.shutdownNow();
        try {
            delivery.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One handler's interest in a bucket; close it to stop deliveries (tests do, so they never see each other's). */
    public final class Subscription implements AutoCloseable {
        private final String bucket;
        private final S3EventType type;
        private final String keyPrefix;
        private final S3EventHandler handler;

        private Subscription(String bucket, S3EventType type, String keyPrefix, S3EventHandler handler) {
            this.bucket = bucket;
            this.type = type;
            this.keyPrefix = keyPrefix;
            this.handler = handler;
        }

        boolean wants(String eventName, String eventBucket, String key) {
            return bucket.equals(eventBucket) && type.matches(eventName) && key.startsWith(keyPrefix);
        }

        @Override
        public void close() {
            subscriptions.remove(this);
        }
    }
}
