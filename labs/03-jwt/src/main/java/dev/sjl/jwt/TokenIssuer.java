package dev.sjl.jwt;

import io.jsonwebtoken.Jwts;

import java.time.Clock;
import java.time.Duration;

/** Mints short-lived access tokens. It knows nothing of HTTP or passwords: it is told who, and says for how long. */
public final class TokenIssuer {

    /** Short enough that a stolen token soon stops working, long enough that clients refresh rarely. */
    public static final Duration DEFAULT_ACCESS_TOKEN_TTL = Duration.ofMinutes(15);

    /** The claim that tells an access token from other tokens the same issuer might sign (Cognito uses the same). */
    public static final String TOKEN_USE = "token_use";
    public static final String ACCESS = "access";

    /**
     * The {@code typ} header of an access token (RFC 9068; RFC 8725, section 3.11 "use explicit typing"): a verifier
     * that requires it cannot be handed an ID token, a password-reset link or any other JWT this key signs.
     */
    public static final String ACCESS_TOKEN_TYPE = "at+jwt";

    private final SigningKey signingKey;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;

    public TokenIssuer(SigningKey signingKey, String issuer, String audience, Duration ttl, Clock clock) {
        if (signingKey == null || clock == null) {
            throw new IllegalArgumentException("A token issuer needs a signing key and a clock");
        }
        if (issuer == null || issuer.isBlank() || audience == null || audience.isBlank()) {
            throw new IllegalArgumentException("A token issuer needs an issuer and an audience");
        }
        if (ttl == null || ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("An access token lifetime must be positive");
        }
        this.signingKey = signingKey;
        this.issuer = issuer;
        this.audience = audience;
        this.ttl = ttl;
        this.clock = clock;
    }

    public Duration accessTokenTtl() {
        return ttl;
    }

    // tag::issue-token[]
    /**
     * A signed JWT for {@code userId}: {@code sub} says who, {@code iss} and {@code aud} say who issued it for whom,
     * {@code iat}/{@code nbf}/{@code exp} bound it in time (from the injected clock), {@code jti} names this one
     * token (so it can be revoked alone), {@code token_use} and the {@code typ} header say what it is for. No
     * email, no roles read from a request: whatever is in a token is readable by anyone who holds it (base64 is not
     * encryption).
     */
    public String issueAccessToken(String userId) {
        // TODO: refuse a blank userId; build the claims with Jwts.builder() (iss, sub, aud, iat, nbf, exp = now + ttl,
        //  a unique jti, token_use=access), every time from clock.instant(); sign with signingKey.sign(builder), compact().
        //  The header says what the token is: typ = ACCESS_TOKEN_TYPE.
        throw new UnsupportedOperationException("Task 2: issue a signed access token for the user");
    }
    // end::issue-token[]
}
