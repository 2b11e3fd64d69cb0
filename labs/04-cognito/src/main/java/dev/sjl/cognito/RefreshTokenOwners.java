package dev.sjl.cognito;

import java.util.Optional;

/**
 * Whose refresh token this is, remembered by the service. Cognito's refresh tokens are opaque, and when a rotated-out
 * token comes back Cognito only says "reused" ({@code RefreshTokenReuseException}); to end the login it belongs to,
 * the service must know the user. It keeps a digest of each token it handed out, never the token.
 */
public interface RefreshTokenOwners {

    /** Records that {@code refreshToken}, just issued by Cognito, belongs to the pool user {@code username}. */
    void remember(String refreshToken, String username);

    /** The pool username a token was issued to, while the token could still be valid; empty if unknown. */
    Optional<String> ownerOf(String refreshToken);
}
