package dev.sjl.localcloud;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** What a path-style request names, read the same way by every filter: a bucket, or an object in one. */
final class S3Paths {

    /** An object's bucket and its key, decoded. */
    record ObjectPath(String bucket, String key) {
    }

    private S3Paths() {
    }

    /** The bucket of a bucket-level path ({@code /bucket} or {@code /bucket/}); null for an object's path. */
    static String bucketLevel(String path) {
        if (path.length() < 2) {
            return null;
        }
        String rest = path.substring(1);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : slash == rest.length() - 1 ? rest.substring(0, slash) : null;
    }

    /** The object a path ({@code /bucket/key}) names; null for a bucket-level path. */
    static ObjectPath object(String path) {
        int slash = path.indexOf('/', 1);
        if (slash < 0 || slash == path.length() - 1) {
            return null;
        }
        // The raw path is percent-encoded and '+' in it is a literal plus.
        return new ObjectPath(path.substring(1, slash),
                URLDecoder.decode(path.substring(slash + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
    }
}
