package dev.sjl.cognito;

import dev.sjl.jwt.InvalidTokenException;
import dev.sjl.jwt.JwtVerifier;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;

import java.security.Key;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Lab 03's verifier, pointed at a managed issuer: the keys come from the user pool's JWKS ({@link PoolKeys}), the
 * issuer is the pool's URL, and Cognito's own claims say what a token is for. No HTTP in here, so lab 05's Lambda
 * authorizer can run the same class.
 */
public final class CognitoTokenVerifier {

    public static final String ACCESS = "access";
    public static final String ID = "id";

    /** The only algorithm Cognito signs with. A token's {@code alg} header is the attacker's; this is ours. */
    public static final String ALGORITHM = "RS256";

    // BEGIN TASK 3
    private final JwtParser parser;
    private final String clientId;
    private final Clock clock;
    // STARTER
    //| private final String issuer;
    //| private final String clientId;
    //| private final PoolKeys keys;
    //| private final Clock clock;
    // END TASK 3

    /**
     * @param issuer   the pool's issuer, exactly: {@code https://cognito-idp.<region>.amazonaws.com/<poolId>}
     * @param clientId the app client whose tokens this API accepts; another client's tokens are refused
     */
    public CognitoTokenVerifier(String issuer, String clientId, PoolKeys keys, Clock clock) {
        if (issuer == null || issuer.isBlank() || clientId == null || clientId.isBlank() || keys == null || clock == null) {
            throw new IllegalArgumentException("A verifier needs the pool's issuer, the app client id, its keys and a clock");
        }
        // BEGIN TASK 3
        // Built once: the parser is immutable and thread-safe.
        this.parser = Jwts.parser()
                .keyLocator(new LocatorAdapter<Key>() {
                    @Override
                    protected Key locate(JwsHeader header) {
                        if (!ALGORITHM.equals(header.getAlgorithm())) {
                            throw new JwtException("Unexpected algorithm");
                        }
                        return keys.find(header.getKeyId()).orElseThrow(() -> new JwtException("Unknown key id"));
                    }
                })
                .requireIssuer(issuer)
                .clock(() -> Date.from(clock.instant()))
                .clockSkewSeconds(JwtVerifier.CLOCK_SKEW.toSeconds())
                .build();
        this.clientId = clientId;
        this.clock = clock;
        // STARTER
        //| // TODO (task 3): build the JwtParser here, once. Its keyLocator accepts RS256 only, whatever the header says,
        //| //  and finds the key by kid in keys; it requires this issuer exactly, reads the time from this clock and
        //| //  allows JwtVerifier.CLOCK_SKEW.
        //| this.issuer = issuer;
        //| this.clientId = clientId;
        //| this.keys = keys;
        //| this.clock = clock;
        // END TASK 3
    }

    // tag::verify-access[]
    /** An access token of this pool and this app client: what every API call carries. */
    public VerifiedCognitoToken verifyAccessToken(String token) {
        return verify(token, ACCESS);
    }

    /** An ID token of this pool and this app client: who signed in, for the front end; never an API credential. */
    public VerifiedCognitoToken verifyIdToken(String token) {
        return verify(token, ID);
    }

    private VerifiedCognitoToken verify(String token, String expectedUse) {
        // BEGIN TASK 3
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException();
        }
        Claims claims;
        try {
            claims = parser.parseSignedClaims(token).getPayload();
        } catch (JwtException | IllegalArgumentException rejected) {
            throw new InvalidTokenException();
        }
        String tokenUse = claims.get("token_use", String.class);
        if (!expectedUse.equals(tokenUse)) {
            // An ID token is signed by the same key and names the same user: only token_use tells them apart.
            throw new InvalidTokenException();
        }
        // Cognito names the app client in client_id in an access token and in aud in an ID token.
        boolean ourClient = ID.equals(tokenUse)
                ? claims.getAudience() != null && claims.getAudience().equals(java.util.Set.of(clientId))
                : clientId.equals(claims.get("client_id", String.class));
        if (!ourClient || claims.getExpiration() == null || claims.getIssuedAt() == null
                || claims.getSubject() == null || claims.getSubject().isBlank()
                || claims.getIssuedAt().toInstant().isAfter(clock.instant().plus(JwtVerifier.CLOCK_SKEW))) {
            throw new InvalidTokenException();
        }
        return new VerifiedCognitoToken(claims.getSubject(), tokenUse, claims.get("email", String.class),
                groups(claims), claims.getExpiration().toInstant());
        // STARTER
        //| // TODO: parse and check the signature with the parser; then token_use must be expectedUse (an ID token is not
        //| //  an access token). The app client is client_id in an access token and aud in an ID token: it must be
        //| //  clientId. exp, iat and sub are required; iat not in the future beyond JwtVerifier.CLOCK_SKEW. Every failure
        //| //  is new InvalidTokenException(), never the library's message. Groups come from cognito:groups.
        //| throw new UnsupportedOperationException("Task 3: verify a Cognito token's signature, issuer, use and client");
        // END TASK 3
    }
    // end::verify-access[]
    // BEGIN TASK 3

    private static List<String> groups(Claims claims) {
        Object value = claims.get("cognito:groups");
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    // END TASK 3
}
