package dev.sjl.documents;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The EventBridge rule that sends a new upload to the validator. S3 sends every object event of a bucket with
 * EventBridge turned on to the default bus; the rule's pattern picks the ones the validator is for.
 */
public final class DocumentRule {

    /** Where clients upload documents; the validator's own writes (tags) and other prefixes never match. */
    public static final String UPLOADS = "uploads/";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DocumentRule() {
    }

    // tag::event-pattern[]
    /** The pattern: S3's {@code Object Created} events of this bucket, for keys under {@link #UPLOADS}. */
    public static String eventPattern(String bucket) {
        // TODO: an event pattern (JSON) matching source "aws.s3", detail-type "Object Created", detail.bucket.name
        //  this bucket, and detail.object.key with the prefix UPLOADS ({"prefix": ...}). Every value in a pattern is a
        //  list of what it may be.
        throw new UnsupportedOperationException("Task 5: the rule's event pattern");
    }
    // end::event-pattern[]
}
