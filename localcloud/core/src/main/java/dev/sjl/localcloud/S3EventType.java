package dev.sjl.localcloud;

/** The S3 notification families the local cloud delivers, as in a bucket's notification configuration. */
public enum S3EventType {
    /** {@code ObjectCreated:Put}, {@code :Copy} and {@code :CompleteMultipartUpload} (presigned PUTs included). */
    OBJECT_CREATED("ObjectCreated:"),
    /** {@code ObjectRemoved:Delete} for a single-object DELETE. */
    OBJECT_REMOVED("ObjectRemoved:");

    private final String eventNamePrefix;

    S3EventType(String eventNamePrefix) {
        this.eventNamePrefix = eventNamePrefix;
    }

    boolean matches(String eventName) {
        return eventName.startsWith(eventNamePrefix);
    }
}
