package dev.sjl.cognito;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a login or a refresh answers. A refresh returns no new refresh token: Cognito does not rotate them (unless
 * refresh-token rotation is switched on), so the client keeps the one it has.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CognitoTokens(String accessToken, String idToken, String refreshToken, int expiresIn, String tokenType) {

    @Override
    public String toString() {
        return "CognitoTokens[hidden, expiresIn=" + expiresIn + "]";
    }
}
