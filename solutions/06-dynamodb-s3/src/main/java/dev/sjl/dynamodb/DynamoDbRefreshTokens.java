package dev.sjl.dynamodb;

import dev.sjl.users.UserServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import static dev.sjl.dynamodb.UsersTable.EXPIRES_AT;
import static dev.sjl.dynamodb.UsersTable.PK;
import static dev.sjl.dynamodb.UsersTable.SK;

/**
 * Lab 03's refresh-token rotation with its rules unchanged (one use per token, a reuse revokes the family, a login
 * lasts a fixed time however often it is refreshed), kept in the {@link UsersTable} so every container sees the
 * same sessions and a cold start ends none of them.
 *
 * <p>Items: {@code TOKEN#<sha-256>} per issued token (never the token itself) and {@code FAMILY#<id>}/{@code REVOKED}
 * once a family is revoked. Both carry {@code expiresAt} in epoch seconds, so TTL deletes them when the login would
 * have ended anyway. TTL deletes late (hours, days): expiry is checked on every read, TTL only keeps the table small.
 */
public final class DynamoDbRefreshTokens {

    private static final System.Logger LOG = System.getLogger(DynamoDbRefreshTokens.class.getName());
    private static final String TOKEN = "TOKEN";
    private static final String REVOKED = "REVOKED";

    /** The outcome of a successful refresh: whose session it is, and the token to use next time. */
    public record Rotation(String userId, String refreshToken) {
        @Override
        public String toString() {
            return "Rotation[userId=" + userId + "]";
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration ttl;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public DynamoDbRefreshTokens(DynamoDbClient dynamo, String table, Duration ttl, Clock clock) {
        if (ttl == null || ttl.isNegative() || ttl.isZero() || clock == null) {
            throw new IllegalArgumentException("A refresh token store needs a positive lifetime and a clock");
        }
        this.dynamo = dynamo;
        this.table = table;
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A new refresh token in a new family: one per login. */
    public String issue(String userId) {
        String token = newToken();
        dynamo.putItem(b -> b.tableName(table)
                .item(tokenItem(token, userId, UUID.randomUUID().toString(), clock.instant().plus(ttl)))
                .conditionExpression("attribute_not_exists(PK)"));
        return token;
    }

    // tag::rotate[]
    /**
     * Spends {@code refreshToken} and returns the next token of its family.
     *
     * @throws UserServiceException with reason {@code INVALID_REFRESH_TOKEN} for an unknown, expired, revoked or already
     *                              spent token; a spent one also revokes its whole family
     */
    public Rotation rotate(String refreshToken) {
        // BEGIN TASK 5
        if (refreshToken == null || refreshToken.isBlank()) {
            throw invalid();
        }
        Map<String, AttributeValue> session = dynamo.getItem(b -> b.tableName(table)
                .key(key("TOKEN#" + sha256(refreshToken), TOKEN)).consistentRead(true)).item();
        if (session == null || session.isEmpty()) {
            throw invalid();
        }
        String userId = session.get("userId").s();
        String familyId = session.get("familyId").s();
        Instant expiresAt = Instant.ofEpochSecond(Long.parseLong(session.get(EXPIRES_AT).n()));
        if (!clock.instant().isBefore(expiresAt)) {
            throw invalid();
        }
        String next = newToken();
        try {
            // All or nothing: spend this token only if it is unspent, and only while its family is not revoked, and
            // store the next one. Of two requests with the same token, exactly one gets past the first condition; a
            // token read as spent above is refused here too, so "spent" is decided in one place, by the write.
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().update(u -> u.tableName(table)
                            .key(key("TOKEN#" + sha256(refreshToken), TOKEN))
                            .updateExpression("SET spent = :true")
                            .conditionExpression("spent = :false")
                            .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true),
                                    ":false", AttributeValue.fromBool(false)))).build(),
                    TransactWriteItem.builder().conditionCheck(c -> c.tableName(table)
                            .key(key("FAMILY#" + familyId, REVOKED))
                            .conditionExpression("attribute_not_exists(PK)")).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table)
                            .item(tokenItem(next, userId, familyId, expiresAt))
                            .conditionExpression("attribute_not_exists(PK)")).build()));
        } catch (TransactionCanceledException e) {
            // The token was spent (now or before: a reuse) or its family is revoked (a token of a stolen login):
            // either way the family ends. The third condition, a new 256-bit token's key, does not fail.
            revokeFamily(userId, familyId, expiresAt);
            throw invalid();
        }
        return new Rotation(userId, next);
        // STARTER
        //| // TODO: read TOKEN#<sha256>/TOKEN consistently. Unknown or blank: invalid(). Expired by the clock (TTL deletes
        //| //  late): invalid(). Then, in ONE TransactWriteItems: mark it spent on the condition spent = false, check that
        //| //  FAMILY#<familyId>/REVOKED does not exist, and put the next token (tokenItem, same family, same expiry). A
        //| //  cancelled transaction means a spent token came back (a reuse) or the family is revoked: revokeFamily, then
        //| //  invalid(). Never read "unspent" and then put "spent".
        //| throw new UnsupportedOperationException("Task 5: rotate the refresh token with a conditional write");
        // END TASK 5
    }
    // end::rotate[]

    /**
     * Marks the family revoked until its logins would have ended: a security event worth an alarm, logged once per
     * family however many racing requests revoke it.
     */
    private void revokeFamily(String userId, String familyId, Instant expiresAt) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(Map.of(
                            PK, AttributeValue.fromS("FAMILY#" + familyId), SK, AttributeValue.fromS(REVOKED),
                            EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond()))))
                    .conditionExpression("attribute_not_exists(PK)"));
            LOG.log(System.Logger.Level.WARNING, "Refresh token reuse: revoked session family " + familyId
                    + " of user " + userId);
        } catch (ConditionalCheckFailedException alreadyRevoked) {
            // Another request revoked it first: nothing more to record.
        }
    }

    // tag::token-item[]
    /** What one issued token stands for; only its SHA-256 is stored, so a copy of the table is no set of tokens. */
    private static Map<String, AttributeValue> tokenItem(String token, String userId, String familyId, Instant expiresAt) {
        // BEGIN TASK 5
        return Map.of(
                PK, AttributeValue.fromS("TOKEN#" + sha256(token)), SK, AttributeValue.fromS(TOKEN),
                "userId", AttributeValue.fromS(userId), "familyId", AttributeValue.fromS(familyId),
                "spent", AttributeValue.fromBool(false),
                // Epoch seconds as a Number: TTL ignores a String and reads milliseconds as a date far away.
                EXPIRES_AT, AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())));
        // STARTER
        //| // TODO: the item TOKEN#<sha256 of the token>/TOKEN with userId, familyId, spent = false and EXPIRES_AT as a Number of
        //| //  epoch SECONDS (the attribute TTL reads). Never the token itself.
        //| throw new UnsupportedOperationException("Task 5: describe a refresh token as an item");
        // END TASK 5
    }
    // end::token-item[]

    private String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(PK, AttributeValue.fromS(pk), SK, AttributeValue.fromS(sk));
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static UserServiceException invalid() {
        return new UserServiceException(UserServiceException.Reason.INVALID_REFRESH_TOKEN,
                "The refresh token is not valid. Log in again.");
    }
}
