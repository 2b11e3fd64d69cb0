package dev.sjl.notifications;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * The function on the users table's stream: it turns each new user item into one {@link UserSignedUp} on the SNS
 * topic. The sign-up itself ({@link SignUps}) only writes the user; the table's stream is the outbox, written in the
 * same commit as the user, so an event exists exactly when a user does, and a publish that fails is retried from the
 * stream instead of being lost with the request that made it.
 */
public final class SignUpPublisher implements RequestHandler<DynamodbEvent, StreamsEventResponse> {

    /** The message attribute that says what happened: subscriptions filter on it. */
    public static final String EVENT_TYPE = "eventType";
    /** The message attribute {@code "true"} or {@code "false"}: the SMS subscription only wants users with a phone. */
    public static final String HAS_PHONE = "hasPhone";

    private static final System.Logger LOG = System.getLogger(SignUpPublisher.class.getName());

    private final SnsClient sns;
    private final String topicArn;

    /** For the Lambda runtime: the topic from {@code TOPIC_ARN}, one client per container. */
    public SignUpPublisher() {
        this(SnsClient.create(), Settings.require("TOPIC_ARN"));
    }

    public SignUpPublisher(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    // tag::enable-stream[]
    /**
     * Turns on the users table's stream, the outbox this function reads: every committed write, in order per item, kept
     * 24 hours. Lab 06's table, unchanged but for this.
     *
     * @return the stream's ARN, for the event source mapping
     */
    public static String enableStream(DynamoDbClient dynamo, String table) {
        // BEGIN TASK 1
        // NEW_IMAGE: the record carries the new user item, so publishing needs no read (KEYS_ONLY would mean a GetItem
        // per record, of an item that may have changed since); the old image is never needed for an INSERT.
        return dynamo.updateTable(b -> b.tableName(table).streamSpecification(s -> s.streamEnabled(true)
                .streamViewType(StreamViewType.NEW_IMAGE))).tableDescription().latestStreamArn();
        // STARTER
        //| // TODO: UpdateTable with a StreamSpecification: enabled, and the view type that puts the new item in each
        //| //  record (the publisher builds the event from it, without reading the table). Return LatestStreamArn.
        //| throw new UnsupportedOperationException("Task 1: turn on the table's stream");
        // END TASK 1
    }
    // end::enable-stream[]

    // tag::publish-from-stream[]
    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        // BEGIN TASK 1
        for (DynamodbStreamRecord record : event.getRecords()) {
            Optional<UserSignedUp> signedUp = signUpIn(record);
            if (signedUp.isEmpty()) {
                continue;
            }
            try {
                publish(signedUp.get());
            } catch (SdkException e) {
                // Stop here: the mapping retries from this record, in order, and the ones after it have not been
                // published yet, so nothing is skipped and nothing later is published before it.
                LOG.log(System.Logger.Level.WARNING, "publish failed for " + signedUp.get() + ", retrying from sequence "
                        + record.getDynamodb().getSequenceNumber() + ": " + e.getClass().getSimpleName());
                return new StreamsEventResponse(List.of(
                        new StreamsEventResponse.BatchItemFailure(record.getDynamodb().getSequenceNumber())));
            }
        }
        return new StreamsEventResponse(List.of());
        // STARTER
        //| // TODO: for each record that is a new user (signUpIn), publish it. A publish that fails must not be lost and
        //| //  must not be skipped: report that record's sequence number as the batch item failure (the mapping retries
        //| //  from it) and stop; publishing the records after it first would announce them out of order.
        //| throw new UnsupportedOperationException("Task 1: publish each new user from the table's stream");
        // END TASK 1
    }
    // end::publish-from-stream[]

    /**
     * The sign-up this stream record announces: an {@code INSERT} of a user item ({@code USER#…}/{@code PROFILE}).
     * Email claims, refresh tokens, password changes (MODIFY) and expiries (REMOVE) announce nothing.
     */
    public static Optional<UserSignedUp> signUpIn(DynamodbStreamRecord record) {
        // BEGIN TASK 1
        if (!"INSERT".equals(record.getEventName()) || record.getDynamodb() == null) {
            return Optional.empty();
        }
        Map<String, AttributeValue> item = record.getDynamodb().getNewImage();
        if (item == null || !"PROFILE".equals(s(item, "SK")) || s(item, "PK") == null || !s(item, "PK").startsWith("USER#")) {
            return Optional.empty();
        }
        return Optional.of(UserSignedUp.of(s(item, "id"), s(item, "email"), s(item, "phone"),
                Instant.parse(s(item, "createdAt"))));
        // STARTER
        //| // TODO: only an INSERT whose new image is a user item (PK "USER#…", SK "PROFILE") is a sign-up; build the
        //| //  event with UserSignedUp.of from the image's id, email, phone (often absent) and createdAt. Everything else in
        //| //  the table (email claims, tokens, updates, TTL deletions) announces nothing.
        //| throw new UnsupportedOperationException("Task 1: recognise a sign-up in a stream record");
        // END TASK 1
    }

    // tag::publish-attributes[]
    /**
     * Publishes the event with the message attributes subscriptions filter on.
     *
     * @return SNS's message id
     */
    public String publish(UserSignedUp event) {
        // BEGIN TASK 1
        return sns.publish(b -> b.topicArn(topicArn).message(event.toJson()).messageAttributes(Map.of(
                EVENT_TYPE, string(event.eventType()),
                HAS_PHONE, string(Boolean.toString(event.phoneNumber().isPresent()))))).messageId();
        // STARTER
        //| // TODO: publish event.toJson() to the topic with two String message attributes: EVENT_TYPE (the event's
        //| //  type) and HAS_PHONE ("true" or "false"). Filter policies read attributes, not the body.
        //| throw new UnsupportedOperationException("Task 1: publish the event with its message attributes");
        // END TASK 1
    }
    // end::publish-attributes[]

    // BEGIN TASK 1
    private static MessageAttributeValue string(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }

    private static String s(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.getS();
    }
    // END TASK 1
}
