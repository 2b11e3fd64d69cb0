package dev.sjl.cognito;

import java.time.Instant;
import java.util.List;

/**
 * What a verified Cognito token proves. Only {@link CognitoTokenVerifier} makes these, so code holding one may trust
 * every field without asking the client.
 *
 * @param subject   the user's {@code sub}: stable for the life of the account, the key of its profile
 * @param tokenUse  {@code access} or {@code id}
 * @param email     the {@code email} claim (the ID token's, or the one the PreTokenGeneration trigger adds to the
 *                  access token), or null when the token has none
 * @param groups    {@code cognito:groups}: the user's roles, empty when none
 */
public record VerifiedCognitoToken(String subject, String tokenUse, String email, List<String> groups, Instant expiresAt) {

    public VerifiedCognitoToken {
        groups = List.copyOf(groups);
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }
}
