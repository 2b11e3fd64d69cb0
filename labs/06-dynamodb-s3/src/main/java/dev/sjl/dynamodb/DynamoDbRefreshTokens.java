package dev.sjl.dynamodb;

import dev.sjl.users.UserServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

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
        // TODO: read TOKEN#<sha256>/TOKEN consistently. Unknown or blank: invalid(). Expired by the clock (TTL deletes
        //  late): invalid(). Then, in ONE TransactWriteItems: mark it spent on the condition spent = false, check that
        //  FAMILY#<familyId>/REVOKED does not exist, and put the next token (tokenItem, same family, same expiry). A
        //  cancelled transaction means a spent token came back (a reuse) or the family is revoked: revokeFamily, then
        //  invalid(). Never read "unspent" and then put "spent".
        throw new UnsupportedOperationException("Task 5: rotate the refresh token with a conditional write");
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
        // TODO: the item TOKEN#<sha256 of the token>/TOKEN with userId, familyId, spent = false and EXPIRES_AT as a Number of
        //  epoch SECONDS (the attribute TTL reads). Never the token itself.
        throw new UnsupportedOperationException("Task 5: describe a refresh token as an item");
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
