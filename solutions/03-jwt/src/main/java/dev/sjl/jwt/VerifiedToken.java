package dev.sjl.jwt;

import java.time.Instant;

/**
 * What a verified access token proves: who ({@code subject}, the user id), until when, and which token it was.
 * Only {@link JwtVerifier} makes these; code that holds one may trust {@code subject} without asking the client.
 */
public record VerifiedToken(String subject, Instant expiresAt, String tokenId) {
}
