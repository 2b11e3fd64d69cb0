package dev.sjl.jwt;

import dev.sjl.users.UserServiceException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Refresh tokens with rotation and reuse detection (OAuth 2.0 Security BCP, section 4.14).
 *
 * <p>A refresh token is an opaque random string, not a JWT: only this service reads it, and it must be revocable,
 * which a self-contained token is not. A login starts a <em>family</em>; each refresh spends the presented token
 * and returns the next one of the family. A spent token coming back means two parties hold the family (the user
 * and a thief, and no one can tell which is which), so the whole family is revoked and both must log in again.
 *
 * <p>Only a SHA-256 of each token is stored: a copy of the store is not a set of working tokens. A fast hash is
 * enough because the tokens are 256 random bits, not guessable passwords. The store is in memory for this lab
 * (one per container); lab 06 moves it to DynamoDB, where TTL deletes expired entries.
 */
public final class RefreshTokenService {

    /** How long a login lasts without entering the password again; refreshing does not extend it. */
    public static final Duration DEFAULT_TTL = Duration.ofDays(30);

    private static final System.Logger LOG = System.getLogger(RefreshTokenService.class.getName());

    /** What one issued token stands for. {@code expiresAt} is the family's: rotation never extends a session. */
    private record Session(String userId, String familyId, Instant expiresAt, boolean spent) {
        Session spend() {
            return new Session(userId, familyId, expiresAt, true);
        }
    }

    /** The outcome of a successful refresh: whose session it is, and the token to use next time. */
    public record Rotation(String userId, String refreshToken) {
        @Override
        public String toString() {
            return "Rotation[userId=" + userId + "]";
        }
    }

    private final ConcurrentMap<String, Session> sessionsByTokenHash = new ConcurrentHashMap<>();
    private final Set<String> revokedFamilies = ConcurrentHashMap.newKeySet();
    private final SecureRandom random = new SecureRandom();
    private final Duration ttl;
    private final Clock clock;

    public RefreshTokenService(Duration ttl, Clock clock) {
        if (ttl == null || ttl.isNegative() || ttl.isZero() || clock == null) {
            throw new IllegalArgumentException("A refresh token service needs a positive lifetime and a clock");
        }
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A new refresh token in a new family: one per login, so each device's session can end on its own. */
    public String issue(String userId) {
        return store(userId, UUID.randomUUID().toString(), clock.instant().plus(ttl));
    }

    // tag::rotate[]
    /**
     * Spends {@code refreshToken} and returns the next token of its family.
     *
     * @throws UserServiceException with reason {@code INVALID_REFRESH_TOKEN} for an unknown, expired, revoked or already
     *                       spent token; a spent one also revokes its whole family
     */
    public Rotation rotate(String refreshToken) {
        // BEGIN TASK 6
        if (refreshToken == null || refreshToken.isBlank()) {
            throw invalid();
        }
        String key = sha256(refreshToken);
        Session session = sessionsByTokenHash.get(key);
        if (session == null || revokedFamilies.contains(session.familyId())) {
            throw invalid();
        }
        if (session.spent()) {
            revokeFamily(session);
            throw invalid();
        }
        if (!clock.instant().isBefore(session.expiresAt())) {
            throw invalid();
        }
        // Compare-and-set: of two requests presenting the same token at once, exactly one spends it. The other
        // is a reuse, and is treated like one.
        if (!sessionsByTokenHash.replace(key, session, session.spend())) {
            revokeFamily(session);
            throw invalid();
        }
        return new Rotation(session.userId(), store(session.userId(), session.familyId(), session.expiresAt()));
        // STARTER
        //| // TODO: look the token up by its sha256. Unknown, blank, revoked family, spent or expired: invalid(). A spent token
        //| //  coming back also revokes its family (revokeFamily). Otherwise spend it, atomically (of two requests with the
        //| //  same token, only one may win), and store the next token of the same family with the same expiry.
        //| throw new UnsupportedOperationException("Task 6: rotate the refresh token and detect reuse");
        // END TASK 6
    }
    // end::rotate[]

    private void revokeFamily(Session session) {
        revokedFamilies.add(session.familyId());
        // A security event worth an alarm: the user id and family, never the token.
        LOG.log(System.Logger.Level.WARNING, "Refresh token reuse: revoked session family "
                + session.familyId() + " of user " + session.userId());
    }

    private String store(String userId, String familyId, Instant expiresAt) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessionsByTokenHash.put(sha256(token), new Session(userId, familyId, expiresAt, false));
        return token;
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            // Every Java runtime must provide SHA-256.
            throw new IllegalStateException(impossible);
        }
    }

    private static UserServiceException invalid() {
        return new UserServiceException(UserServiceException.Reason.INVALID_REFRESH_TOKEN,
                "The refresh token is not valid. Log in again.");
    }
}
