package dev.sjl.apigateway;

import dev.sjl.localcloud.LocalCloud;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.junit.LocalCloudTest;
import dev.sjl.localcloud.junit.TestResources;
import dev.sjl.users.User;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.threeten.extra.MutableClock;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static dev.sjl.apigateway.Served.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Machine clients and their API keys: a Lambda REQUEST authorizer in front of {@code GET /internal/users/{id}},
 * keys stored in SSM as hashes, decisions cached by the key.
 */
@Tag("task:4")
@LocalCloudTest(services = {Service.COGNITO, Service.SSM})
class ApiKeyAuthorizerTest {

    private static final String USER_ID = "0b6c3f7e-1111-4d2a-9c1e-5a7d0e2b9f00";

    private static Served serve(Pool pool, ApiKeys keys, Clock clock) {
        Served served = Served.start(pool, null, keys, clock);
        served.users.create(new User(USER_ID, "ada@example.com", "(in Cognito)", Instant.parse("2026-01-02T03:04:05Z")));
        return served;
    }

    private static HttpResponse<String> internal(Served served, String key) {
        return key == null ? served.get("/internal/users/" + USER_ID)
                : served.get("/internal/users/" + USER_ID, UserApi.API_KEY_HEADER, key);
    }

    @Test
    @DisplayName("Stores only the key's SHA-256: no parameter name or value holds the key")
    void storesOnlyTheHash(SsmClient ssm, TestResources resources) {
        String path = resources.parameter("api-keys");
        ApiKeys keys = new ApiKeys(ssm, path);
        String key = keys.issue("billing");

        assertThat(key).as("a key starts with ApiKeys.PREFIX and carries 32 random bytes (43 base64url characters)")
                .startsWith(ApiKeys.PREFIX).hasSize(ApiKeys.PREFIX.length() + 43);
        assertThat(keys.issue("billing")).as("every key is new").isNotEqualTo(key);
        List<Parameter> stored = ssm.getParametersByPath(b -> b.path(path).recursive(true)).parameters();
        assertThat(stored).hasSize(2);
        for (Parameter parameter : stored) {
            assertThat(parameter.name() + " " + parameter.value()).as("the store must keep the key's hash, never the "
                    + "key: whoever reads the parameters must not be able to call the API").doesNotContain(key)
                    .doesNotContain(key.substring(ApiKeys.PREFIX.length()));
        }
        assertThat(stored).extracting(Parameter::name).contains(path + "/" + ApiKeys.sha256(key));
        assertThat(keys.client(key)).hasValue("billing");
    }

    @Test
    @DisplayName("Answers 401 without a key (no invocation), 403 to an unknown key, 200 with the client's name to a known one")
    void decidesOnTheKey(CognitoIdentityProviderClient cognito, LocalCloud cloud, SsmClient ssm, TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        ApiKeys keys = new ApiKeys(ssm, resources.parameter("api-keys"));
        String key = keys.issue("billing");
        try (Served served = serve(pool, keys, Clock.systemUTC())) {
            HttpResponse<String> missing = internal(served, null);
            assertThat(missing.statusCode()).as("no x-api-key header: the identity source is missing, so the gateway "
                    + "answers 401 without calling the authorizer; body %s", missing.body()).isEqualTo(401);
            assertThat(served.invocations(UserApi.API_KEY_AUTHORIZER_FUNCTION)).as("a missing identity source "
                    + "invokes nothing: the header must be the authorizer's identity source").isZero();

            HttpResponse<String> unknown = internal(served, ApiKeys.PREFIX + "not-a-key-anyone-was-given-0000000000000");
            assertThat(unknown.statusCode()).as("an unknown key: isAuthorized false, which the gateway answers 403")
                    .isEqualTo(403);

            HttpResponse<String> allowed = internal(served, key);
            assertThat(allowed.statusCode()).as("a known key; body %s", allowed.body()).isEqualTo(200);
            assertThat(json(allowed).path("requestedBy").asText()).as("the authorizer's context names the client")
                    .isEqualTo("billing");
            assertThat(json(allowed).path("email").asText()).isEqualTo("ada@example.com");
            assertThat(served.invocations(UserApi.INTERNAL_USERS_FUNCTION)).as("only the allowed request ran it")
                    .isEqualTo(1);
        }
    }

    @Test
    @DisplayName("Caches each key's decision for the TTL: a revoked key works until its entry expires, another key is never served from it")
    void cachesByTheKey(CognitoIdentityProviderClient cognito, LocalCloud cloud, SsmClient ssm, TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        ApiKeys keys = new ApiKeys(ssm, resources.parameter("api-keys"));
        String key = keys.issue("billing");
        MutableClock clock = MutableClock.of(Instant.now(), ZoneOffset.UTC);
        try (Served served = serve(pool, keys, clock)) {
            assertThat(internal(served, key).statusCode()).isEqualTo(200);
            assertThat(internal(served, key).statusCode()).isEqualTo(200);
            assertThat(served.invocations(UserApi.API_KEY_AUTHORIZER_FUNCTION)).as("the second request with the same "
                    + "key is answered from the authorizer's cache: set a result TTL").isEqualTo(1);

            HttpResponse<String> stranger = internal(served, ApiKeys.PREFIX + "guessed-after-a-good-one-00000000000000");
            assertThat(stranger.statusCode()).as("another key was let in on the first key's cached allow: the cache "
                    + "key is the identity source, so it must be the x-api-key header, not the route").isEqualTo(403);

            keys.revoke(key);
            assertThat(internal(served, key).statusCode()).as("revoked, but its allow is cached: the stale-permission "
                    + "price of caching, bounded by the TTL").isEqualTo(200);
            Duration ttl = UserApi.definition(pool.issuer(), pool.clientId()).apiKey().resultTtl();
            clock.add(ttl.plusSeconds(1));
            assertThat(internal(served, key).statusCode()).as("after the TTL the authorizer runs again and says no")
                    .isEqualTo(403);
        }
        assertThat(UserApi.definition(pool.issuer(), pool.clientId()).apiKey().resultTtl())
                .as("cache for a few minutes (API Gateway allows 1 hour at most)")
                .isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5));
    }

    @Test
    @DisplayName("Keeps a cached deny to its own key: a wrong key first, then a valid one from the same client, is let in")
    void aDenyStaysWithItsKey(CognitoIdentityProviderClient cognito, LocalCloud cloud, SsmClient ssm,
                              TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        ApiKeys keys = new ApiKeys(ssm, resources.parameter("api-keys"));
        String key = keys.issue("billing");
        try (Served served = serve(pool, keys, Clock.systemUTC())) {
            HttpResponse<String> typo = internal(served, ApiKeys.PREFIX + "a-typo-in-the-config-0000000000000000000000");
            assertThat(typo.statusCode()).as("an unknown key: isAuthorized false, which the gateway answers 403")
                    .isEqualTo(403);

            HttpResponse<String> valid = internal(served, key);
            assertThat(valid.statusCode()).as("a valid key was refused with another key's cached deny: the identity "
                    + "source is the cache key, so it must be the x-api-key header itself (not the route, not the "
                    + "caller's address); body %s", valid.body()).isEqualTo(200);
            assertThat(served.invocations(UserApi.API_KEY_AUTHORIZER_FUNCTION)).as("two keys, two decisions: "
                    + "the authorizer runs once for each").isEqualTo(2);
        }
    }

    @Test
    @DisplayName("Answers 500 when the authorizer cannot reach its store: an outage is neither a yes nor a wrong key")
    void storeOutageIsA500(CognitoIdentityProviderClient cognito, LocalCloud cloud, SsmClient ssm,
                           TestResources resources) {
        Pool pool = Pool.create(cognito, cloud, resources);
        String key = new ApiKeys(ssm, resources.parameter("api-keys")).issue("billing");
        try (Served working = serve(pool, new ApiKeys(ssm, resources.parameter("api-keys")), Clock.systemUTC())) {
            assertThat(internal(working, key).statusCode()).as("with SSM up, the issued key is let in").isEqualTo(200);
        }
        try (SsmClient unreachable = SsmClient.builder().endpointOverride(URI.create("http://127.0.0.1:9"))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(c -> c.retryStrategy(software.amazon.awssdk.core.retry.RetryMode.STANDARD)
                        .apiCallTimeout(Duration.ofSeconds(5)))
                .build();
             Served served = serve(pool, new ApiKeys(unreachable, resources.parameter("api-keys")), Clock.systemUTC())) {
            HttpResponse<String> response = internal(served, key);

            assertThat(response.statusCode()).as("SSM was down and the authorizer said no (403) or yes: let the "
                    + "exception out, the gateway answers 500 and the client retries").isEqualTo(500);
            assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
            assertThat(served.invocations(UserApi.INTERNAL_USERS_FUNCTION)).isZero();
        }
    }
}
