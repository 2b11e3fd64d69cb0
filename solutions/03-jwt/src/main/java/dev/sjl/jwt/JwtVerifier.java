package dev.sjl.jwt;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;

import java.security.Key;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;

/**
 * Checks access tokens. No HTTP in here on purpose: the same class runs in this handler today and in a Lambda
 * authorizer in front of every function in lab 05, so verification is written (and tested) once.
 */
public final class JwtVerifier {

    /** Tolerance for clocks that disagree a little between the issuer and the verifier; minutes would be a gift. */
    public static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    // BEGIN TASK 3
    private final JwtParser parser;
    // STARTER
    //| private final TrustedKeys trustedKeys;
    //| private final String issuer;
    //| private final String audience;
    //| private final Clock clock;
    // END TASK 3

    // tag::verifier-parser[]
    public JwtVerifier(TrustedKeys trustedKeys, String issuer, String audience, Clock clock) {
        if (trustedKeys == null || clock == null || issuer == null || audience == null) {
            throw new IllegalArgumentException("A verifier needs trusted keys, an issuer, an audience and a clock");
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
        // STARTER
        //| // TODO (task 3): build a JwtParser here, once (it is immutable and thread-safe), and keep it in a field. It
        //| //  must pick its key with a keyLocator that accepts only trustedKeys.algorithm() as the header's alg and
        //| //  finds the key by the header's kid; require the issuer, the audience and token_use=access; read the time
        //| //  from this clock with CLOCK_SKEW of tolerance.
        //| this.trustedKeys = trustedKeys;
        //| this.issuer = issuer;
        //| this.audience = audience;
        //| this.clock = clock;
        // END TASK 3
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
        // BEGIN TASK 3
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException();
        }
        Claims claims;
        try {
            claims = parser.parseSignedClaims(token).getPayload();
        } catch (JwtException | IllegalArgumentException rejected) {
            // The library's message is diagnosis for us, not for the client: drop it here, once.
            throw new InvalidTokenException();
        }
        // jjwt checks exp when it is present; a token without one would be valid forever.
        if (claims.getExpiration() == null || claims.getSubject() == null || claims.getSubject().isBlank()) {
            throw new InvalidTokenException();
        }
        return new VerifiedToken(claims.getSubject(), claims.getExpiration().toInstant(), claims.getId());
        // STARTER
        //| // TODO: every failure, whatever its cause (the library's exceptions, IllegalArgumentException, null or blank
        //| //  input, no exp, no sub), ends as a new InvalidTokenException(): no library message ever reaches a client.
        //| throw new UnsupportedOperationException("Task 3: verify the token's signature, algorithm, claims and time window");
        // END TASK 3
    }
    // end::verify-jwt[]
}
