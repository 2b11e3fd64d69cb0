package dev.sjl.cognito;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Owners of refresh tokens in this container's memory: enough for the lab's tests and one container. A deployed
 * function runs in many containers and loses memory on every cold start, so the capstone keeps them in DynamoDB.
 */
public final class InMemoryRefreshTokenOwners implements RefreshTokenOwners {

    private record Owner(String username, Instant expiresAt) {
    }

    private final Map<String, Owner> owners = new ConcurrentHashMap<>();
    private final Duration lifetime;
    private final Clock clock;

    /** @param lifetime how long a token can be valid: the app client's refresh token validity */
    public InMemoryRefreshTokenOwners(Duration lifetime, Clock clock) {
        if (lifetime == null || lifetime.isNegative() || lifetime.isZero() || clock == null) {
            throw new IllegalArgumentException("Remembering owners needs a positive lifetime and a clock");
        }
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    public void remember(String refreshToken, String username) {
        Instant now = clock.instant();
        // Forget what has expired, so a long-lived container's map stays as small as its live logins.
        owners.values().removeIf(owner -> !now.isBefore(owner.expiresAt()));
        owners.put(digest(refreshToken), new Owner(username, now.plus(lifetime)));
    }

    @Override
    public Optional<String> ownerOf(String refreshToken) {
        Owner owner = owners.get(digest(refreshToken));
        return owner == null || !clock.instant().isBefore(owner.expiresAt()) ? Optional.empty()
                : Optional.of(owner.username());
    }

    /** SHA-256 in hex: a copy of the map is no set of tokens, and a 256-bit random token needs no salt. */
    public static String digest(String refreshToken) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(refreshToken.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("SHA-256 is part of every JDK", impossible);
        }
    }
}
