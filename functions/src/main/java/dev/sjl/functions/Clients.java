package dev.sjl.functions;

import dev.sjl.lambda.EnvVar;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.security.SecureRandom;

/** What the entry classes share: one HTTP client implementation, named, and the users table's variable. */
final class Clients {

    /** Lab 06's users table (the same name lab 09's PreferencesHandler reads). */
    static final EnvVar USERS_TABLE = new EnvVar("USERS_TABLE", true, false,
            "the name of lab 06's users table");

    private Clients() {
    }

    /**
     * The JDK's HttpURLConnection: the smallest client, no threads of its own, quick to start. Named here rather than
     * found on the classpath, so the function does not depend on which HTTP jars its package happens to hold.
     */
    static SdkHttpClient http() {
        return UrlConnectionHttpClient.create();
    }

    /**
     * Lab 06's repository seals its page cursors with a key. The functions that use it here never list pages (they
     * create a user or read one by id), so no cursor they seal outlives the container: a fresh random key per
     * container, rather than a secret in the configuration that nothing would use.
     */
    static byte[] containerCursorKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
