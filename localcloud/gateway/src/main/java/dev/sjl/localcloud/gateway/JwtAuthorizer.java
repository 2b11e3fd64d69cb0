package dev.sjl.localcloud.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.IncorrectClaimException;
import io.jsonwebtoken.JwsHeader;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.MalformedJwtException;
import io.jsonwebtoken.MissingClaimException;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.UnsupportedJwtException;
import io.jsonwebtoken.security.SignatureException;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An HTTP API JWT authorizer: the gateway itself verifies the caller's token and answers 401 before the function
 * is ever invoked. The checks are API Gateway's documented ones, in its order: a token in the identity source
 * (bare or after {@code Bearer }); an RSA signature by a key from the issuer's JWKS, found by {@code kid};
 * {@code iss} equal to the configured issuer (exactly: a trailing slash matters); {@code aud}, or {@code client_id}
 * when there is no {@code aud} (Cognito access tokens), among the configured audiences; {@code exp} in the future;
 * {@code nbf} and {@code iat} not in the future; and, for a route with scopes, at least one of them in the token's
 * {@code scope}/{@code scp} (else 403). The verified claims reach the function in
 * {@code requestContext.authorizer.jwt.claims}.
 *
 * <p>One instance is one authorizer: routes sharing it share its JWKS cache.
 */
public final class JwtAuthorizer {

    private static final System.Logger LOG = System.getLogger(JwtAuthorizer.class.getName());

    private final String issuer;
    private final Set<String> audiences;
    private final IdentitySource identitySource;
    private final JwksCache jwks;

    private JwtAuthorizer(Builder builder) {
        this.issuer = builder.issuer;
        this.audiences = Set.copyOf(builder.audiences);
        this.identitySource = IdentitySource.parse(builder.identitySource);
        this.jwks = new JwksCache(builder.issuer, builder.jwksUri, builder.jwksMaxAge);
    }

    public static Builder builder() {
        return new Builder();
    }

    // tag::jwt-authorize[]
    /** The {@code authorizer} object of the event, or a 401/403 rejection. */
    ObjectNode authorize(GatewayRequest request, RouteTable.Match match, String pathBelowStage, ApiSettings api,
                         Set<String> routeScopes, Instant now) throws RejectedRequest {
        String token = identitySource.resolve(request, match.route().key().text(), pathBelowStage, api)
                .map(JwtAuthorizer::stripBearer)
                .orElseThrow(() -> unauthorized(routeScopes, "the token is missing"));
        try {
            Jwts.parser()
                    .sig().clear().add(Jwts.SIG.RS256).add(Jwts.SIG.RS384).add(Jwts.SIG.RS512).and()
                    .keyLocator(new JwksKeyLocator(now))
                    .requireIssuer(issuer)
                    .clock(() -> Date.from(now))
                    .build()
                    .parseSignedClaims(token);
        } catch (JwtException | IllegalArgumentException e) {
            throw unauthorized(routeScopes, describe(e));
        }
        JsonNode claims = payloadOf(token);
        requireTimes(claims, now, routeScopes);
        if (!hasValidAudience(claims)) {
            // The one failure whose wording AWS documents; the others use the kit's words in the same format.
            throw unauthorized(routeScopes, "the token does not have a valid audience");
        }
        List<String> tokenScopes = scopesOf(claims);
        if (!routeScopes.isEmpty() && tokenScopes.stream().noneMatch(routeScopes::contains)) {
            throw new RejectedRequest(GatewayError.FORBIDDEN, List.of(challenge(routeScopes, "insufficient_scope",
                    "the token does not have any of the route's scopes")));
        }
        ObjectNode authorizer = Json.MAPPER.createObjectNode();
        ObjectNode jwt = authorizer.putObject("jwt");
        ObjectNode claimStrings = jwt.putObject("claims");
        claims.properties().forEach(claim -> {
            if (!claim.getValue().isNull()) {
                claimStrings.put(claim.getKey(), asClaimString(claim.getValue()));
            }
        });
        if (routeScopes.isEmpty()) {
            jwt.putNull("scopes");
        } else {
            ArrayNode scopes = jwt.putArray("scopes");
            tokenScopes.forEach(scopes::add);
        }
        return authorizer;
    }
    // end::jwt-authorize[]

    /**
     * API Gateway hands claims to the function as strings: numbers and booleans as their text, and arrays in the
     * bracketed, space-separated form observed on AWS ({@code "[admin users]"}, not JSON). Objects are passed as
     * JSON text, a choice of this kit (not observed).
     */
    static String asClaimString(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(asClaimString(item)));
            return "[" + String.join(" ", items) + "]";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    private static String stripBearer(String value) {
        return value.regionMatches(true, 0, "Bearer ", 0, 7) ? value.substring(7).trim() : value.trim();
    }

    private void requireTimes(JsonNode claims, Instant now, Set<String> routeScopes) throws RejectedRequest {
        if (!claims.path("exp").isNumber()) {
            throw unauthorized(routeScopes, "the token has no expiry");
        }
        JsonNode issuedAt = claims.path("iat");
        if (issuedAt.isNumber() && issuedAt.asLong() > now.getEpochSecond()) {
            throw unauthorized(routeScopes, "the token was issued in the future");
        }
    }

    private boolean hasValidAudience(JsonNode claims) {
        JsonNode aud = claims.get("aud");
        if (aud != null && !aud.isNull()) {
            for (JsonNode value : aud.isArray() ? aud : Json.MAPPER.createArrayNode().add(aud)) {
                if (audiences.contains(value.asText())) {
                    return true;
                }
            }
            return false;
        }
        JsonNode clientId = claims.get("client_id");
        return clientId != null && audiences.contains(clientId.asText());
    }

    private static List<String> scopesOf(JsonNode claims) {
        JsonNode scope = claims.has("scope") ? claims.get("scope") : claims.path("scp");
        List<String> scopes = new ArrayList<>();
        if (scope.isTextual()) {
            for (String s : scope.textValue().split(" ")) {
                if (!s.isEmpty()) {
                    scopes.add(s);
                }
            }
        } else if (scope.isArray()) {
            scope.forEach(s -> scopes.add(s.asText()));
        }
        return scopes;
    }

    /** The payload as sent, once the signature is verified: claim types must survive for {@link #asClaimString}. */
    private static JsonNode payloadOf(String token) throws RejectedRequest {
        try {
            byte[] json = Base64.getUrlDecoder().decode(token.split("\\.")[1]);
            return Json.MAPPER.readTree(new String(json, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new RejectedRequest(GatewayError.UNAUTHORIZED);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof ExpiredJwtException) {
            return "the token has expired";
        }
        if (e instanceof PrematureJwtException) {
            return "the token is not valid yet";
        }
        if (e instanceof IncorrectClaimException || e instanceof MissingClaimException) {
            return "the token does not have a valid issuer";
        }
        if (e instanceof SignatureException) {
            return "the token signature is invalid";
        }
        if (e instanceof KeyNotFound keyNotFound) {
            return keyNotFound.getMessage();
        }
        if (e instanceof UnsupportedJwtException) {
            return "the token is not signed with an RSA algorithm";
        }
        if (e instanceof MalformedJwtException || e instanceof IllegalArgumentException) {
            return "the token is malformed";
        }
        return "the token is invalid";
    }

    private static RejectedRequest unauthorized(Set<String> routeScopes, String description) {
        LOG.log(System.Logger.Level.DEBUG, "JWT rejected: {0}", description);
        return new RejectedRequest(GatewayError.UNAUTHORIZED,
                List.of(challenge(routeScopes, "invalid_token", description)));
    }

    /** The header API Gateway adds to a refusal, e.g. Bearer scope="" error="invalid_token" error_description="...". */
    private static GatewayResponse.Header challenge(Set<String> routeScopes, String error, String description) {
        return new GatewayResponse.Header("www-authenticate", "Bearer scope=\"" + String.join(" ", routeScopes)
                + "\" error=\"" + error + "\" error_description=\"" + description + "\"");
    }

    /** Finds the verification key by {@code kid} in the issuer's JWKS; jjwt then checks the signature with it. */
    private final class JwksKeyLocator extends LocatorAdapter<Key> {
        private final Instant now;

        JwksKeyLocator(Instant now) {
            this.now = now;
        }

        @Override
        protected Key locate(JwsHeader header) {
            String kid = header.getKeyId();
            if (kid == null) {
                throw new KeyNotFound("the token has no kid");
            }
            return jwks.key(kid, now).orElseThrow(() -> new KeyNotFound("the token's kid is not in the issuer's JWKS"));
        }
    }

    private static final class KeyNotFound extends JwtException {
        KeyNotFound(String message) {
            super(message);
        }
    }

    /** Configures a JWT authorizer; issuer and at least one audience are required, like on AWS. */
    public static final class Builder {
        private String issuer;
        private final Set<String> audiences = new LinkedHashSet<>();
        private URI jwksUri;
        private String identitySource = "$request.header.Authorization";
        private Duration jwksMaxAge = Duration.ofHours(1);

        private Builder() {
        }

        /** The exact {@code iss} tokens must carry, e.g. {@code https://cognito-idp.eu-west-1.amazonaws.com/<pool>}. */
        public Builder issuer(String issuer) {
            this.issuer = Objects.requireNonNull(issuer, "issuer");
            return this;
        }

        /** Accepted {@code aud} values (or {@code client_id} when there is no {@code aud}): Cognito app client ids. */
        public Builder audience(String... audiences) {
            this.audiences.addAll(List.of(audiences));
            return this;
        }

        /** Where the keys are; without it, they are found as AWS does, through the issuer's OpenID configuration. */
        public Builder jwksUri(URI jwksUri) {
            this.jwksUri = Objects.requireNonNull(jwksUri, "jwksUri");
            return this;
        }

        /** Where the token is; {@code $request.header.Authorization} unless told otherwise. */
        public Builder identitySource(String expression) {
            this.identitySource = Objects.requireNonNull(expression, "identitySource");
            return this;
        }

        /** How long fetched keys are trusted before the JWKS is read again (one hour unless told otherwise). */
        public Builder jwksMaxAge(Duration maxAge) {
            if (maxAge.isNegative() || maxAge.isZero()) {
                throw new IllegalArgumentException("jwksMaxAge must be positive");
            }
            this.jwksMaxAge = maxAge;
            return this;
        }

        public JwtAuthorizer build() {
            if (issuer == null || issuer.isBlank()) {
                throw new IllegalArgumentException("A JWT authorizer needs an issuer");
            }
            if (audiences.isEmpty() || audiences.stream().anyMatch(a -> a == null || a.isBlank())) {
                throw new IllegalArgumentException("A JWT authorizer needs at least one non-blank audience");
            }
            IdentitySource.parse(identitySource);
            return new JwtAuthorizer(this);
        }
    }

    @Override
    public String toString() {
        return "JwtAuthorizer[issuer=" + issuer + ", audiences=" + audiences.stream().sorted()
                .collect(Collectors.joining(",")) + "]";
    }
}
