package dev.sjl.cognito;

import dev.sjl.jwt.TrustedKeys;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A user pool's signing keys, read from its JWKS and cached: one fetch serves every request of a warm container.
 * Cognito rotates keys by publishing a new one before signing with it, so a {@code kid} the cache does not know is
 * fetched for again, and keys it stops publishing are forgotten when the cache grows old.
 */
public final class PoolKeys {

    /** How a JWKS document is read: over HTTP from the pool in production, through a counting wrapper in tests. */
    @FunctionalInterface
    public interface JwksSource {
        String fetch() throws IOException, InterruptedException;
    }

    /** After this long the keys are fetched again, so a key the pool removed stops being trusted. */
    public static final Duration MAX_AGE = Duration.ofHours(1);

    /**
     * After a fetch that did not find a {@code kid}, no other fetch for that long: tokens with made-up key ids must
     * not turn this function into a flood of requests to the pool (aws-jwt-verify waits 10 s too).
     */
    public static final Duration REFETCH_PENALTY = Duration.ofSeconds(10);

    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(3);

    private final JwksSource source;
    private final Clock clock;
    private TrustedKeys keys;
    private Instant fetchedAt;
    private Instant lastMiss;

    public PoolKeys(JwksSource source, Clock clock) {
        if (source == null || clock == null) {
            throw new IllegalArgumentException("Pool keys need a JWKS source and a clock");
        }
        this.source = source;
        this.clock = clock;
    }

    /** The keys published at {@code jwksUri}, e.g. {@code https://cognito-idp.<region>.amazonaws.com/<poolId>/.well-known/jwks.json}. */
    public static PoolKeys fromUrl(URI jwksUri, Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();
        HttpRequest request = HttpRequest.newBuilder(jwksUri).timeout(HTTP_TIMEOUT).GET().build();
        return new PoolKeys(() -> {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                throw new IOException("JWKS answered HTTP " + response.statusCode());
            }
            return response.body();
        }, clock);
    }

    // tag::find-key[]
    /**
     * The RS256 key with this {@code kid}, or empty. Synchronized: one fetch at a time, and a container's concurrent
     * requests (a SnapStart or a provisioned function can have several threads) see one consistent key set.
     */
    public synchronized Optional<Key> find(String keyId) {
        if (keyId == null) {
            return Optional.empty();
        }
        // TODO: this fetches the keys once and keeps them for ever. A token signed with a key the pool published after
        //  that fetch is refused until a restart, and a key the pool removed stays trusted. Fetch again when the keys
        //  are MAX_AGE old, and when a kid is unknown, but after a fetch that did not find a kid, not again for
        //  REFETCH_PENALTY. refresh(now) does one fetch.
        if (keys == null) {
            refresh(clock.instant());
        }
        return keys == null ? Optional.empty() : keys.find(keyId);
    }
    // end::find-key[]

    /** One fetch. A failed fetch keeps the keys there were: the pool's endpoint down must not log everyone out. */
    private void refresh(Instant now) {
        try {
            keys = TrustedKeys.fromJwks(source.fetch());
            fetchedAt = now;
        } catch (IOException | IllegalArgumentException unreadable) {
            // Keep what there was; with no keys yet, the next call tries again.
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
