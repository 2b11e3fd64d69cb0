package dev.sjl.avatars;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

import java.time.Instant;
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
        // TODO: one UpdateItem on USER#<sub>/PROFILE that sets avatar = thumbnailKey and avatarUploadedAt = uploadedAt
        //  (epoch milliseconds, a Number), on the condition that the item exists and holds no newer avatarUploadedAt.
        //  A failed condition (an older upload finishing late, or no account) returns false; nothing else is written.
        throw new UnsupportedOperationException("Task 9: point the profile at the newest upload's thumbnail");
    }
    // end::thumbnail-ready[]

    /** The key of the user's current thumbnail, if they have one. */
    public Optional<String> thumbnail(String sub) {
        // TODO: the avatar attribute of USER#<sub>/PROFILE (a consistent read), or empty.
        throw new UnsupportedOperationException("Task 9: read the thumbnail the profile points at");
    }
}
