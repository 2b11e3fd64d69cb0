///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//DEPS io.jsonwebtoken:jjwt-api:0.13.0
//DEPS io.jsonwebtoken:jjwt-impl:0.13.0
//DEPS io.jsonwebtoken:jjwt-jackson:0.13.0
//DEPS com.fasterxml.jackson.core:jackson-databind:2.23.0

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.RsaPublicJwk;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Lab 03 by hand: an RS256 access token shaped as the lab's TokenIssuer makes them (typ at+jwt, iss, sub, aud, iat,
 * nbf, exp, jti, token_use), signed with a key pair made up on the spot, and the JWKS that publishes its public half.
 * Something to take apart with InspectToken.java, to tamper with, or to let expire:
 *
 *   jbang labs/03-jwt/scripts/MintToken.java target/jwks.json [lifetime-seconds] [subject]
 *
 * Prints the token; writes the JWKS to the file. The private key is never written anywhere.
 */
public class MintToken {

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: MintToken.java <jwks-file-to-write> [lifetime-seconds, default 900] [subject]");
            System.exit(2);
        }
        Path jwksFile = Path.of(args[0]);
        Duration lifetime = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 900);
        String subject = args.length > 2 ? args[2] : UUID.randomUUID().toString();

        KeyPair pair = Jwts.SIG.RS256.keyPair().build();
        RsaPublicJwk jwk = Jwks.builder().key((RSAPublicKey) pair.getPublic()).idFromThumbprint()
                .algorithm("RS256").publicKeyUse("sig").build();
        Instant now = Instant.now();
        String token = Jwts.builder()
                .header().keyId(jwk.getId()).type("at+jwt").and()
                .issuer("https://auth.labs.local").subject(subject).audience().add("users-api").and()
                .issuedAt(Date.from(now)).notBefore(Date.from(now)).expiration(Date.from(now.plus(lifetime)))
                .id(UUID.randomUUID().toString()).claim("token_use", "access")
                .signWith(pair.getPrivate(), Jwts.SIG.RS256)
                .compact();

        if (jwksFile.toAbsolutePath().getParent() != null) {
            Files.createDirectories(jwksFile.toAbsolutePath().getParent());
        }
        Files.writeString(jwksFile, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValueAsString(Map.of("keys", List.of(jwk))) + "\n");
        System.err.println("JWKS with key " + jwk.getId() + " written to " + jwksFile + "; the token, valid for "
                + lifetime.toSeconds() + " s:");
        System.out.println(token);
    }
}
