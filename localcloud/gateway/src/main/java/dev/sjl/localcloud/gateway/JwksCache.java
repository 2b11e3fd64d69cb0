package dev.sjl.localcloud.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.jsonwebtoken.security.AsymmetricJwk;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The issuer's RSA signing keys by {@code kid}, fetched from the JWKS URL (found through OpenID discovery when not
 * given) and kept until they are {@code maxAge} old. A token naming an unknown {@code kid} triggers one early refetch,
 * at most every {@link #MIN_REFETCH_INTERVAL}: that picks up a key rotation without letting forged {@code kid}s turn
 * the gateway into a request amplifier against the identity provider.
 */
final class JwksCache {

    static final Duration MIN_REFETCH_INTERVAL = Duration.ofSeconds(30);

    /** API Gateway gives the discovery and JWKS endpoints 1500 ms each (a documented, fixed quota). */
    private static final Duration FETCH_TIMEOUT = Duration.ofMillis(1500);

    private static final System.Logger LOG = System.getLogger(JwksCache.class.getName());

    private record Snapshot(Map<String, RSAPublicKey> keys, Instant fetchedAt) {
    }

    private final String issuer;
    private final URI configuredJwksUri;
    private final Duration maxAge;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(FETCH_TIMEOUT)
            .build();
    private volatile Snapshot snapshot;

    JwksCache(String issuer, URI jwksUri, Duration maxAge) {
        this.issuer = issuer;
        this.configuredJwksUri = jwksUri;
        this.maxAge = maxAge;
    }

    /** The key for {@code kid}, or empty when neither the cached nor a freshly fetched JWKS has it. */
    Optional<RSAPublicKey> key(String kid, Instant now) {
        Snapshot current = snapshot;
        if (current != null && !isOlderThan(current, maxAge, now) && current.keys().containsKey(kid)) {
            return Optional.of(current.keys().get(kid));
        }
        return refreshAndFind(kid, now);
    }

    private synchronized Optional<RSAPublicKey> refreshAndFind(String kid, Instant now) {
        Snapshot current = snapshot;
        boolean expired = current == null || isOlderThan(current, maxAge, now);
        boolean mayRefetch = current == null || isOlderThan(current, MIN_REFETCH_INTERVAL, now);
        if (expired || (!current.keys().containsKey(kid) && mayRefetch)) {
            try {
                current = new Snapshot(fetch(), now);
                snapshot = current;
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not fetch the JWKS of issuer {0}: {1}", issuer,
                        e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return current == null ? Optional.empty() : Optional.ofNullable(current.keys().get(kid));
    }

    private static boolean isOlderThan(Snapshot snapshot, Duration age, Instant now) {
        return !snapshot.fetchedAt().plus(age).isAfter(now);
    }

    private Map<String, RSAPublicKey> fetch() throws IOException, InterruptedException {
        URI jwksUri = configuredJwksUri != null ? configuredJwksUri : discoverJwksUri();
        JwkSet set = Jwks.setParser().ignoreUnsupported(true).build().parse(get(jwksUri));
        Map<String, RSAPublicKey> keys = new HashMap<>();
        for (Jwk<?> jwk : set.getKeys()) {
            boolean signingKey = !(jwk instanceof AsymmetricJwk<?> asymmetric)
                    || asymmetric.getPublicKeyUse() == null || "sig".equals(asymmetric.getPublicKeyUse());
            if (signingKey && jwk.getId() != null && jwk.toKey() instanceof RSAPublicKey rsa) {
                keys.put(jwk.getId(), rsa);
            }
        }
        return Map.copyOf(keys);
    }

    /** What API Gateway does with an issuer: read {issuer}/.well-known/openid-configuration and follow jwks_uri. */
    private URI discoverJwksUri() throws IOException, InterruptedException {
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        JsonNode configuration = Json.MAPPER.readTree(get(URI.create(base + "/.well-known/openid-configuration")));
        String jwksUri = configuration.path("jwks_uri").asText("");
        if (jwksUri.isEmpty()) {
            throw new IOException("the OpenID configuration of " + issuer + " has no jwks_uri");
        }
        return URI.create(jwksUri);
    }

    private String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri).timeout(FETCH_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException(uri + " answered " + response.statusCode());
        }
        return response.body();
    }
}
