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

    private final TrustedKeys trustedKeys;
    private final String issuer;
    private final String audience;
    private final Clock clock;

    // tag::verifier-parser[]
    public JwtVerifier(TrustedKeys trustedKeys, String issuer, String audience, Clock clock) {
        if (trustedKeys == null || clock == null || issuer == null || audience == null) {
            throw new IllegalArgumentException("A verifier needs trusted keys, an issuer, an audience and a clock");
        }
        // TODO (task 3): build a JwtParser here, once (it is immutable and thread-safe), and keep it in a field. It
        //  must pick its key with a keyLocator that accepts only trustedKeys.algorithm() as the header's alg and
        //  finds the key by the header's kid; require the issuer, the audience and token_use=access; read the time
        //  from this clock with CLOCK_SKEW of tolerance.
        this.trustedKeys = trustedKeys;
        this.issuer = issuer;
        this.audience = audience;
        this.clock = clock;
    }
    // end::verifier-parser[]

    // tag::verify-jwt[]
    /**
     * The token's subject and expiry once its signature, algorithm, issuer, audience, use and time window all
     * check out. Unsigned tokens ({@code alg=none}) are refused by the parser, which was not told to allow them.
     *
     * @throws InvalidTokenException for any token that fails any check, with one message for all of them
     */
    public VerifiedToken verify(String token) {
        // TODO: every failure, whatever its cause (the library's exceptions, IllegalArgumentException, null or blank
        //  input, no exp, no sub), ends as a new InvalidTokenException(): no library message ever reaches a client.
        throw new UnsupportedOperationException("Task 3: verify the token's signature, algorithm, claims and time window");
    }
    // end::verify-jwt[]
}
