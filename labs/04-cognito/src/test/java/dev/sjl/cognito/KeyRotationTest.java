package dev.sjl.cognito;

import dev.sjl.jwt.InvalidTokenException;
import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** The pool rotates its keys; the API follows without a restart, and without being made to fetch on every request. */
@Tag("task:5")
@LocalCloudTest(services = Service.COGNITO)
class KeyRotationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** The pool's JWKS, without the keys the test says the pool has removed, counting each fetch. */
    private static final class PoolJwks implements PoolKeys.JwksSource {
        final AtomicInteger fetches = new AtomicInteger();
        final Set<String> removed = ConcurrentHashMap.newKeySet();
        volatile boolean down;
        private final Pool pool;

        PoolJwks(Pool pool) {
            this.pool = pool;
        }

        @Override
        public String fetch() throws java.io.IOException, InterruptedException {
            fetches.incrementAndGet();
            if (down) {
                throw new java.io.IOException("JWKS endpoint unavailable");
            }
            ObjectNode jwks = (ObjectNode) JSON.readTree(HTTP.send(HttpRequest.newBuilder(pool.config().jwksUri()).build(),
                    HttpResponse.BodyHandlers.ofString()).body());
            ArrayNode keys = (ArrayNode) jwks.path("keys");
            for (int i = keys.size() - 1; i >= 0; i--) {
                if (removed.contains(keys.get(i).path("kid").asText())) {
                    keys.remove(i);
                }
            }
            return jwks.toString();
        }
    }

    @Test
    @DisplayName("A token signed by a key the pool added after the first fetch verifies without a restart")
    void newKeyWithoutRestart(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        MutableClock clock = MutableClock.of(Instant.now(), ZoneOffset.UTC);
        CognitoTokenVerifier verifier = new CognitoTokenVerifier(pool.issuer(), pool.clientId(),
                new PoolKeys(new PoolJwks(pool), clock), clock);
        verifier.verifyAccessToken(pool.login("ada@example.com").accessToken());

        cloud.cognitoUserPools().rotateSigningKey(pool.id());
        String signedByNewKey = pool.login("ada@example.com").accessToken();

        assertThat(catchThrowable(() -> verifier.verifyAccessToken(signedByNewKey)))
                .as("an unknown kid may be a new key: fetch the JWKS again before refusing").isNull();
    }

    @Test
    @DisplayName("Attack: a token signed by a key the pool removed is refused once the cached keys are MAX_AGE old")
    void removedKey(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) throws Exception {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        MutableClock clock = MutableClock.of(Instant.now(), ZoneOffset.UTC);
        PoolJwks jwks = new PoolJwks(pool);
        CognitoTokenVerifier verifier = new CognitoTokenVerifier(pool.issuer(), pool.clientId(), new PoolKeys(jwks, clock), clock);
        String old = pool.login("ada@example.com").accessToken();
        verifier.verifyAccessToken(old);

        jwks.removed.add(Forgery.header(old).path("kid").asText());
        clock.add(PoolKeys.MAX_AGE.plusSeconds(1));
        // A key is removed because it may be compromised: the token must not outlive it in our cache. The token itself
        // is still inside its hour plus the clock skew, so only the key can refuse it.
        Throwable thrown = catchThrowable(() -> verifier.verifyAccessToken(old));
        assertThat(thrown).as("keys the pool no longer publishes must stop being trusted: fetch again after MAX_AGE")
                .isInstanceOf(InvalidTokenException.class);
        assertThat(jwks.fetches.get()).as("the keys are fetched again once they are MAX_AGE old").isGreaterThanOrEqualTo(2);
    }

    @Test
    @DisplayName("The JWKS endpoint down keeps the keys there were; once it is back, the next fetch brings the new key")
    void outage(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) throws Exception {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        MutableClock clock = MutableClock.of(Instant.now(), ZoneOffset.UTC);
        PoolJwks jwks = new PoolJwks(pool);
        CognitoTokenVerifier verifier = new CognitoTokenVerifier(pool.issuer(), pool.clientId(), new PoolKeys(jwks, clock), clock);
        String token = pool.login("ada@example.com").accessToken();

        jwks.down = true;
        assertThat(catchThrowable(() -> verifier.verifyAccessToken(token))).as("no keys yet and none to fetch: refused")
                .isInstanceOf(InvalidTokenException.class);
        jwks.down = false;
        assertThat(catchThrowable(() -> verifier.verifyAccessToken(token))).as("the endpoint back: the keys are fetched")
                .isNull();

        jwks.down = true;
        clock.add(PoolKeys.MAX_AGE.plusSeconds(1));
        assertThat(catchThrowable(() -> verifier.verifyAccessToken(token)))
                .as("a failed refresh keeps the keys there were: an outage must not log everyone out").isNull();

        jwks.down = false;
        jwks.removed.add(Forgery.header(token).path("kid").asText());
        assertThat(catchThrowable(() -> verifier.verifyAccessToken(token)))
                .as("after a failed refresh the keys are still MAX_AGE old: fetch again at the next request")
                .isInstanceOf(InvalidTokenException.class);
    }

    @Test
    @DisplayName("Attack: tokens with made-up kids cause at most one JWKS fetch per REFETCH_PENALTY")
    void unknownKidsAreRateLimited(CognitoIdentityProviderClient cognito, LocalCloud cloud, TestResources resources) throws Exception {
        Pool pool = Pool.plain(cognito, cloud, resources);
        pool.confirmedUser("ada@example.com");
        MutableClock clock = MutableClock.of(Instant.now(), ZoneOffset.UTC);
        PoolJwks jwks = new PoolJwks(pool);
        CognitoTokenVerifier verifier = new CognitoTokenVerifier(pool.issuer(), pool.clientId(), new PoolKeys(jwks, clock), clock);
        String real = pool.login("ada@example.com").accessToken();
        verifier.verifyAccessToken(real);
        int afterFirstVerify = jwks.fetches.get();

        for (int i = 0; i < 5; i++) {
            String forged = Forgery.ownKey(real, "made-up-" + i);
            assertThat(catchThrowable(() -> verifier.verifyAccessToken(forged))).isInstanceOf(InvalidTokenException.class);
        }
        assertThat(jwks.fetches.get() - afterFirstVerify)
                .as("five unknown kids within REFETCH_PENALTY: one refetch, not five (and not none: a kid may be new)")
                .isEqualTo(1);

        clock.add(PoolKeys.REFETCH_PENALTY.plus(Duration.ofSeconds(1)));
        cloud.cognitoUserPools().rotateSigningKey(pool.id());
        String signedByNewKey = pool.login("ada@example.com").accessToken();
        assertThat(catchThrowable(() -> verifier.verifyAccessToken(signedByNewKey)))
                .as("after REFETCH_PENALTY an unknown kid is fetched for again").isNull();
    }
}
