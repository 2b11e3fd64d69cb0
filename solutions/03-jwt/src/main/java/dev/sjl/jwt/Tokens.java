package dev.sjl.jwt;

/**
 * The body of a successful login or refresh, shaped like an OAuth 2.0 token response (camelCase for this API).
 *
 * @param expiresIn seconds until the access token expires
 */
public record Tokens(String accessToken, String tokenType, long expiresIn, String refreshToken) {

    public static Tokens bearer(String accessToken, long expiresIn, String refreshToken) {
        return new Tokens(accessToken, "Bearer", expiresIn, refreshToken);
    }

    /** A record prints every field, and tokens are credentials: a log line must never hold one. */
    @Override
    public String toString() {
        return "Tokens[tokenType=" + tokenType + ", expiresIn=" + expiresIn + "]";
    }
}
