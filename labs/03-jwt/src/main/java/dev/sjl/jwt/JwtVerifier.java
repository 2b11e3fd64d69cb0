package dev.sjl.jwt;

import io.jsonwebtoken.JwtParser;

import java.time.Clock;
import java.time.Duration;

/**
 * Checks access tokens. No HTTP in here on purpose: the same class runs in this handler today and in a Lambda
 * authorizer in front of every function in lab 05, so verification is written (and tested) once.
 */
public final class JwtVerifier {

    /** Tolerance for clocks that disagree a little between the issuer and the verifier; minutes would be a gift. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    /** The longest access token an issuer of this kit mints: {@code AuthConfig} allows ACCESS_TOKEN_TTL up to PT1H. */
    public static final Duration MAX_TOKEN_LIFETIME = Duration.ofHours(1);

    private final TrustedKeys trustedKeys;
    private final String issuer;
    private final String audience;
    private final Clock clock;
    private final Duration maxLifetime;

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
        // TODO (task 3): build a JwtParser here, once (it is immutable and thread-safe), and keep it in a field. It
        //  must pick its key with a keyLocator that accepts only trustedKeys.algorithm() as the header's alg and
        //  finds the key by the header's kid; require the issuer, the audience and token_use=access; read the time
        //  from this clock with CLOCK_SKEW of tolerance.
        this.trustedKeys = trustedKeys;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
        this.maxLifetime = maxLifetime;
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
        // TODO: every failure, whatever its cause (the library's exceptions, IllegalArgumentException, null or blank
        //  input, no exp, no sub), ends as a new InvalidTokenException(): no library message ever reaches a client.
        //  The library checks what it is told to; the rest is yours: typ must be at+jwt (RFC 9068), crit may not be an
        //  empty list (RFC 7515; the library drops an empty one from the header it returns: read the token's own),
        //  iat may not be in the future beyond CLOCK_SKEW, exp - iat at most maxLifetime (+ CLOCK_SKEW).
        throw new UnsupportedOperationException("Task 3: verify the token's signature, algorithm, claims and time window");
    }
    // end::verify-jwt[]
}
