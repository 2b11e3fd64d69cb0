package dev.sjl.avatars;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Where a user's profile points at its avatar: the thumbnail's key on the user's own item in the users table
 * ({@code USER#<sub>}/{@code PROFILE}), never the upload's key (an upload is unchecked until the thumbnail function
 * has read its bytes). Written by the thumbnail function, read by {@code GET /users/me/avatar}.
 */
public final class AvatarProfiles {

    private final DynamoDbClient dynamo;
    private final String table;

    public AvatarProfiles(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * Points the profile at a new thumbnail, unless it already shows a newer upload's: S3 events arrive in any order
     * and more than once, so an older upload finishing late must not replace a newer avatar. Nothing is written for a
     * user without an account (an item with only an avatar would be half a user).
     *
     * @param uploadedAt when S3 stored the upload (its Last-Modified), the order that counts
     * @return true if the profile now points at this thumbnail
     */
    // tag::thumbnail-ready[]
    public boolean thumbnailReady(String sub, String thumbnailKey, Instant uploadedAt) {
        // BEGIN TASK 9
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of("PK", AttributeValue.fromS("USER#" + sub), "SK", AttributeValue.fromS("PROFILE")))
                    .updateExpression("SET avatar = :key, avatarUploadedAt = :at")
                    .conditionExpression("attribute_exists(PK) AND "
                            + "(attribute_not_exists(avatarUploadedAt) OR avatarUploadedAt <= :at)")
                    .expressionAttributeValues(Map.of(":key", AttributeValue.fromS(thumbnailKey),
                            // Epoch milliseconds as a Number: compared as a number, whatever the text form.
                            ":at", AttributeValue.fromN(Long.toString(uploadedAt.toEpochMilli())))));
            return true;
        } catch (ConditionalCheckFailedException olderOrNoAccount) {
            return false;
        }
        // STARTER
        //| // TODO: one UpdateItem on USER#<sub>/PROFILE that sets avatar = thumbnailKey and avatarUploadedAt = uploadedAt
        //| //  (epoch milliseconds, a Number), on the condition that the item exists and holds no newer avatarUploadedAt.
        //| //  A failed condition (an older upload finishing late, or no account) returns false; nothing else is written.
        //| throw new UnsupportedOperationException("Task 9: point the profile at the newest upload's thumbnail");
        // END TASK 9
    }
    // end::thumbnail-ready[]

    /** The key of the user's current thumbnail, if they have one. */
    public Optional<String> thumbnail(String sub) {
        // BEGIN TASK 9
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("PK", AttributeValue.fromS("USER#" + sub), "SK", AttributeValue.fromS("PROFILE")))
                .projectionExpression("avatar")).item();
        return item == null || !item.containsKey("avatar") ? Optional.empty() : Optional.of(item.get("avatar").s());
        // STARTER
        //| // TODO: the avatar attribute of USER#<sub>/PROFILE (a consistent read), or empty.
        //| throw new UnsupportedOperationException("Task 9: read the thumbnail the profile points at");
        // END TASK 9
    }
}
