package dev.sjl.notifications;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.PublishBatchRequest;
import software.amazon.awssdk.services.sns.model.PublishBatchResponse;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * The local cloud's SNS client as the code under test gets it, refusing every publish with SNS's own 503 while an
 * outage is on. The topic and its subscribers stay in place through it, so what the outbox retries once SNS is back
 * reaches a subscriber made before the outage (a topic created only when the outage ends raced the retries: one
 * landing between the topic and its subscription was published to nobody).
 */
final class SnsOutage implements SnsClient {

    private final SnsClient sns;
    private volatile boolean down;

    SnsOutage(SnsClient sns) {
        this.sns = sns;
    }

    void begin() {
        down = true;
    }

    void end() {
        down = false;
    }

    @Override
    public PublishResponse publish(PublishRequest request) {
        refuseWhileDown();
        return sns.publish(request);
    }

    @Override
    public PublishBatchResponse publishBatch(PublishBatchRequest request) {
        refuseWhileDown();
        return sns.publishBatch(request);
    }

    private void refuseWhileDown() {
        if (down) {
            throw (SnsException) SnsException.builder().statusCode(503).message("Service Unavailable (the test's SNS outage)")
                    .awsErrorDetails(AwsErrorDetails.builder().serviceName(SERVICE_NAME).errorCode("ServiceUnavailable")
                            .errorMessage("Service Unavailable").build())
                    .build();
        }
    }

    @Override
    public String serviceName() {
        return SERVICE_NAME;
    }

    /** The local cloud owns the client it wraps. */
    @Override
    public void close() {
    }
}
