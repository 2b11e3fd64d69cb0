package dev.sjl.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;

import java.io.IOException;
import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Locale;

/**
 * Checks access tokens. No HTTP in here on purpose: the same class runs in this handler today and in a Lambda
 * authorizer in front of every function in lab 05, so verification is written (and tested) once.
 */
public final class JwtVerifier {

    /** Tolerance for clocks that disagree a little between the issuer and the verifier; minutes would be a gift. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    /** The longest access token an issuer of this kit mints: {@code AuthConfig} allows ACCESS_TOKEN_TTL up to PT1H. */
    public static final Duration MAX_TOKEN_LIFETIME = Duration.ofHours(1);

    // BEGIN TASK 3
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JwtParser parser;
    private final Clock clock;
    private final Duration maxLifetime;
    // STARTER
    //| private final TrustedKeys trustedKeys;
    //| private final String issuer;
    //| private final String audience;
    //| private final Clock clock;
    //| private final Duration maxLifetime;
    // END TASK 3

    /** A verifier of tokens that live at most {@link #MAX_TOKEN_LIFETIME}. */
    public JwtVerifier(TrustedKeys trustedKeys, String issuer, String audience, Clock clock) {
        this(trustedKeys, issuer, audience, MAX_TOKEN_LIFETIME, clock);
    }

    // tag::verifier-parser[]
    /**
     * @param maxLifetime the longest {@code exp - iat} the issuer gives its tokens (its configured ACCESS_TOKEN_TTL):
     *                    a token that claims to live longer was not minted by it, whatever its signature says
     */
    public JwtVerifier(TrustedKeys trustedKeys, String issuer, String audience, Duration maxLifetime, Clock clock) {
        if (trustedKeys == null || clock == null || issuer == null || audience == null) {
            throw new IllegalArgumentException("A verifier needs trusted keys, an issuer, an audience and a clock");
        }
        if (maxLifetime == null || maxLifetime.isNegative() || maxLifetime.isZero()) {
            throw new IllegalArgumentException("A verifier needs the longest lifetime its issuer gives a token");
        }
        // BEGIN TASK 3
        // Built once: a parser is immutable and thread-safe, and building one per request costs every request.
        this.parser = Jwts.parser()
                .keyLocator(new LocatorAdapter<Key>() {
                    @Override
                    protected Key locate(JwsHeader header) {
                        // The token's own alg is attacker-controlled: accept only the one these keys are for.
                        if (!trustedKeys.algorithm().equals(header.getAlgorithm())) {
                            throw new JwtException("Unexpected algorithm");
                        }
                        return trustedKeys.find(header.getKeyId()).orElseThrow(() -> new JwtException("Unknown key id"));
                    }
                })
                .requireIssuer(issuer)
                .requireAudience(audience)
                .require(TokenIssuer.TOKEN_USE, TokenIssuer.ACCESS)
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(CLOCK_SKEW.toSeconds())
                .build();
        this.clock = clock;
        this.maxLifetime = maxLifetime;
        // STARTER
        //| // TODO (task 3): build a JwtParser here, once (it is immutable and thread-safe), and keep it in a field. It
        //| //  must pick its key with a keyLocator that accepts only trustedKeys.algorithm() as the header's alg and
        //| //  finds the key by the header's kid; require the issuer, the audience and token_use=access; read the time
        //| //  from this clock with CLOCK_SKEW of tolerance.
        //| this.trustedKeys = trustedKeys;
        //| this.issuer = issuer;
        //| this.audience = audience;
        //| this.clock = clock;
        //| this.maxLifetime = maxLifetime;
        // END TASK 3
    }
    // end::verifier-parser[]

    // tag::verify-jwt[]
    /**
     * The token's subject and expiry once its signature, algorithm, type, issuer, audience, use and time window all
     * check out. Unsigned tokens ({@code alg=none}) are refused by the parser, which was not told to allow them.
     *
     * @throws InvalidTokenException for any token that fails any check, with one message for all of them
     */
    public VerifiedToken verify(String token) {
        // BEGIN TASK 3
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException();
        }
        Jws<Claims> jws;
        try {
            jws = parser.parseSignedClaims(token);
        } catch (JwtException | IllegalArgumentException rejected) {
            // The library's message is diagnosis for us, not for the client: drop it here, once.
            throw new InvalidTokenException();
        }
        if (!isAccessToken(jws.getHeader()) || !critIsWellFormed(token) || !withinItsLifetime(jws.getPayload())) {
            throw new InvalidTokenException();
        }
        Claims claims = jws.getPayload();
        return new VerifiedToken(claims.getSubject(), claims.getExpiration().toInstant(), claims.getId());
        // STARTER
        //| // TODO: every failure, whatever its cause (the library's exceptions, IllegalArgumentException, null or blank
        //| //  input, no exp, no sub), ends as a new InvalidTokenException(): no library message ever reaches a client.
        //| //  The library checks what it is told to; the rest is yours: typ must be at+jwt (RFC 9068), crit may not be an
        //| //  empty list (RFC 7515; the library drops an empty one from the header it returns: read the token's own),
        //| //  iat may not be in the future beyond CLOCK_SKEW, exp - iat at most maxLifetime (+ CLOCK_SKEW).
        //| throw new UnsupportedOperationException("Task 3: verify the token's signature, algorithm, claims and time window");
        // END TASK 3
    }
    // end::verify-jwt[]
    // BEGIN TASK 3

    // tag::verify-header[]
    /**
     * Explicit typing (RFC 8725, section 3.11; RFC 9068): {@code at+jwt}, or {@code application/at+jwt}, in any case.
     * Another JWT signed by the same key (an ID token, an email-confirmation link) must not pass for an access token.
     */
    private static boolean isAccessToken(JwsHeader header) {
        String type = header.getType() == null ? "" : header.getType().toLowerCase(Locale.ROOT);
        return type.equals(TokenIssuer.ACCESS_TOKEN_TYPE) || type.equals("application/" + TokenIssuer.ACCESS_TOKEN_TYPE);
    }

    /**
     * A {@code crit} header lists extensions the verifier must understand, and is never empty (RFC 7515, section
     * 4.1.11). The parser refuses names it does not know, but drops an empty (or null, or non-list) crit from the
     * header it returns, as if it had not been sent: so it is read here from the token itself, already verified.
     */
    private static boolean critIsWellFormed(String token) {
        try {
            JsonNode crit = JSON.readTree(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')))).get("crit");
            return crit == null || crit.isArray() && !crit.isEmpty();
        } catch (IOException | IllegalArgumentException unreadable) {
            return false;
        }
    }
    // end::verify-header[]

    // tag::verify-times[]
    /**
     * jjwt checks {@code exp} and {@code nbf} when they are present, and nothing else about time. A token without
     * {@code exp} would be valid forever; one issued "in the future" comes from a clock gone wrong or from a forger
     * (the kit's gateway JWT authorizer refuses it too: "the token was issued in the future"); and one that lives
     * longer than the issuer ever lets a token live was not minted by it. The same {@link #CLOCK_SKEW} applies to all.
     */
    private boolean withinItsLifetime(Claims claims) {
        Date expiration = claims.getExpiration();
        Date issuedAt = claims.getIssuedAt();
        if (expiration == null || issuedAt == null || claims.getSubject() == null || claims.getSubject().isBlank()) {
            return false;
        }
        Instant now = clock.instant();
        if (issuedAt.toInstant().isAfter(now.plus(CLOCK_SKEW))) {
            return false;
        }
        return Duration.between(issuedAt.toInstant(), expiration.toInstant()).compareTo(maxLifetime.plus(CLOCK_SKEW)) <= 0;
    }
    // end::verify-times[]
    // END TASK 3
}
