package dev.sjl.functions;

import dev.sjl.cognito.InMemoryRefreshTokenOwners;
import dev.sjl.cognito.RefreshTokenOwners;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static dev.sjl.dynamodb.UsersTable.EXPIRES_AT;
import static dev.sjl.dynamodb.UsersTable.PK;
import static dev.sjl.dynamodb.UsersTable.SK;

/**
 * Lab 04's refresh-token owners in lab 06's users table, so that every container of the accounts function, and the
 * next one after a cold start, can trace a reused token to its owner. Item {@code REFRESH#<sha-256>}/{@code OWNER}
 * (the token itself is never stored) with the pool username and {@code expiresAt}, which TTL reads: the item goes
 * when the token could no longer be valid. TTL deletes late, so the expiry is checked on every read too.
 */
public final class DynamoDbRefreshTokenOwners implements RefreshTokenOwners {

    public static final String KEY_PREFIX = "REFRESH#";
    private static final String OWNER = "OWNER";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration lifetime;
    private final Clock clock;

    /** @param lifetime how long a token can be valid: the app client's refresh token validity */
    public DynamoDbRefreshTokenOwners(DynamoDbClient dynamo, String table, Duration lifetime, Clock clock) {
        if (dynamo == null || table == null || lifetime == null || lifetime.isNegative() || lifetime.isZero()
                || clock == null) {
            throw new IllegalArgumentException("Owners need a client, a table, a positive lifetime and a clock");
        }
        this.dynamo = dynamo;
        this.table = table;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    @Override
    public void remember(String refreshToken, String username) {
        // Epoch seconds as a Number: TTL ignores a String and reads milliseconds as a date far away.
        long expiresAt = clock.instant().plus(lifetime).getEpochSecond();
        dynamo.putItem(b -> b.tableName(table).item(Map.of(
                PK, AttributeValue.fromS(KEY_PREFIX + InMemoryRefreshTokenOwners.digest(refreshToken)),
                SK, AttributeValue.fromS(OWNER),
                "username", AttributeValue.fromS(username),
                EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt)))));
    }

    @Override
    public Optional<String> ownerOf(String refreshToken) {
        // Consistent: the owner was written a moment ago, by the refresh that spent this very token.
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of(PK, AttributeValue.fromS(KEY_PREFIX + InMemoryRefreshTokenOwners.digest(refreshToken)),
                        SK, AttributeValue.fromS(OWNER)))).item();
        if (item == null || item.isEmpty() || !item.containsKey("username") || !item.containsKey(EXPIRES_AT)) {
            return Optional.empty();
        }
        Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(item.get(EXPIRES_AT).n()));
        return clock.instant().isBefore(expiresAt) ? Optional.of(item.get("username").s()) : Optional.empty();
    }
}
