package dev.sjl.notifications;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

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
        // TODO: UpdateTable with a StreamSpecification: enabled, and the view type that puts the new item in each
        //  record (the publisher builds the event from it, without reading the table). Return LatestStreamArn.
        throw new UnsupportedOperationException("Task 1: turn on the table's stream");
    }
    // end::enable-stream[]

    // tag::publish-from-stream[]
    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        // TODO: for each record that is a new user (signUpIn), publish it. A publish that fails must not be lost and
        //  must not be skipped: report that record's sequence number as the batch item failure (the mapping retries
        //  from it) and stop; publishing the records after it first would announce them out of order.
        throw new UnsupportedOperationException("Task 1: publish each new user from the table's stream");
    }
    // end::publish-from-stream[]

    /**
     * The sign-up this stream record announces: an {@code INSERT} of a user item ({@code USER#…}/{@code PROFILE}).
     * Email claims, refresh tokens, password changes (MODIFY) and expiries (REMOVE) announce nothing.
     */
    public static Optional<UserSignedUp> signUpIn(DynamodbStreamRecord record) {
        // TODO: only an INSERT whose new image is a user item (PK "USER#…", SK "PROFILE") is a sign-up; build the
        //  event with UserSignedUp.of from the image's id, email, phone (often absent) and createdAt. Everything else in
        //  the table (email claims, tokens, updates, TTL deletions) announces nothing.
        throw new UnsupportedOperationException("Task 1: recognise a sign-up in a stream record");
    }

    // tag::publish-attributes[]
    /**
     * Publishes the event with the message attributes subscriptions filter on.
     *
     * @return SNS's message id
     */
    public String publish(UserSignedUp event) {
        // TODO: publish event.toJson() to the topic with two String message attributes: EVENT_TYPE (the event's
        //  type) and HAS_PHONE ("true" or "false"). Filter policies read attributes, not the body.
        throw new UnsupportedOperationException("Task 1: publish the event with its message attributes");
    }
    // end::publish-attributes[]

}
