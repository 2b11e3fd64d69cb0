///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS io.jsonwebtoken:jjwt-api:0.13.0
//DEPS io.jsonwebtoken:jjwt-impl:0.13.0
//DEPS io.jsonwebtoken:jjwt-jackson:0.13.0
//DEPS com.fasterxml.jackson.core:jackson-databind:2.23.0

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.JwtException;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.LocatorAdapter;
import io.jsonwebtoken.ProtectedHeader;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.JwkSet;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.SignatureException;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Lab 03 by hand: a JWT taken apart (its header and claims, the times in words) and, given a JWKS (a file, or the URL
 * of a running /.well-known/jwks.json), whether its signature verifies with the key its kid names, and whether it is
 * inside its time window. The alg comes from the key, never from the token: a token whose header says otherwise fails.
 *
 *   jbang labs/03-jwt/scripts/InspectToken.java <token> [jwks.json | http://.../.well-known/jwks.json]
 *
 * Decoding needs no key: anyone holding a JWT can read its claims. Only the signature says who wrote them.
 */
public class InspectToken {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: InspectToken.java <token> [jwks-file-or-url]");
            System.exit(2);
        }
        String token = args[0].strip();
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            System.out.println("not a signed JWT: it has " + parts.length + " dot-separated parts, a JWS has 3");
            System.exit(1);
        }
        JsonNode header = decode(parts[0], "header");
        JsonNode claims = decode(parts[1], "claims");
        System.out.println("header: " + JSON.writeValueAsString(header));
        System.out.println("claims: " + JSON.writeValueAsString(claims));
        Instant now = Instant.now();
        for (String time : new String[] {"iat", "nbf", "exp"}) {
            if (claims.has(time) && claims.get(time).canConvertToLong()) {
                Instant at = Instant.ofEpochSecond(claims.get(time).asLong());
                Duration from = Duration.between(now, at);
                System.out.println("  " + time + " " + at + " (" + (from.isNegative() ? from.negated().toSeconds()
                        + " s ago" : "in " + from.toSeconds() + " s") + ")");
            }
        }
        if (args.length == 1) {
            System.out.println("signature: not checked (give a JWKS file or URL to check it)");
            return;
        }
        JwkSet keys = Jwks.setParser().build().parse(read(args[1]));
        try {
            Jwts.parser().keyLocator(new LocatorAdapter<Key>() {
                @Override
                protected Key locate(ProtectedHeader header) {
                    String kid = header.getKeyId();
                    Jwk<?> jwk = keys.getKeys().stream().filter(k -> k.getId() != null && k.getId().equals(kid))
                            .findFirst().orElseThrow(() -> new JwtException("no key with kid " + kid + " in the JWKS "
                                    + "(it has " + keys.getKeys().stream().map(Jwk::getId).toList() + ")"));
                    if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().equals(header.getAlgorithm())) {
                        throw new JwtException("the token says alg " + header.getAlgorithm() + ", its key is for "
                                + jwk.getAlgorithm());
                    }
                    return jwk.toKey();
                }

                @Override
                protected Key doLocate(Header header) {
                    throw new JwtException("the token is not signed (alg " + header.getAlgorithm() + ")");
                }
            }).build().parseSignedClaims(token);
            System.out.println("signature: valid (key " + header.path("kid").asText() + "); time window: now inside");
        } catch (ExpiredJwtException e) {
            System.out.println("signature: valid; but the token EXPIRED at "
                    + e.getClaims().getExpiration().toInstant());
        } catch (PrematureJwtException e) {
            System.out.println("signature: valid; but the token is NOT VALID YET (nbf " + e.getClaims().getNotBefore()
                    .toInstant() + ")");
        } catch (SignatureException e) {
            System.out.println("signature: INVALID: the token was changed after signing, or another key signed it");
        } catch (JwtException e) {
            System.out.println("signature: NOT VERIFIED: " + e.getMessage());
        }
    }

    private static JsonNode decode(String part, String what) {
        try {
            return JSON.readTree(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.out.println("the " + what + " is not base64url-encoded JSON: " + e.getMessage());
            System.exit(1);
            return null;
        }
    }

    private static String read(String source) throws Exception {
        if (source.startsWith("http://") || source.startsWith("https://")) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(source))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(source + " answered " + response.statusCode());
            }
            return response.body();
        }
        return Files.readString(Path.of(source));
    }
}
