package dev.sjl.cognito;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a login or a refresh answers. The app client rotates refresh tokens, so a refresh answers a new one too, and
 * the client must keep it in place of the one it sent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CognitoTokens(String accessToken, String idToken, String refreshToken, int expiresIn, String tokenType) {

    @Override
    public String toString() {
        return "CognitoTokens[hidden, expiresIn=" + expiresIn + "]";
    }
}
