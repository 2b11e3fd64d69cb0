package dev.sjl.localcloud.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.security.Jwks;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A tiny OpenID provider on loopback: an RSA key pair, its JWKS and an OpenID configuration over real HTTP, with
 * a counter of JWKS downloads. Tokens are signed with the real private key, so the gateway verifies real RS256.
 */
final class TestIdentityProvider implements AutoCloseable {

    static final String AUDIENCE = "app-client-1";

    /** Generating RSA keys is slow; every provider starts from this one (immutable) pair until it rotates. */
    private static final KeyPair INITIAL_KEYS = Jwts.SIG.RS256.keyPair().build();

    private final HttpServer server;
    private final AtomicInteger jwksDownloads = new AtomicInteger();
    private volatile KeyPair keys = INITIAL_KEYS;
    private volatile String kid = "key-1";

    TestIdentityProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/pool/.well-known/openid-configuration",
                exchange -> reply(exchange, "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + jwksUri() + "\"}"));
        server.createContext("/pool/.well-known/jwks.json", exchange -> {
            jwksDownloads.incrementAndGet();
            String jwk = Jwks.json(Jwks.builder().key(keys.getPublic()).id(kid).publicKeyUse("sig").build());
            reply(exchange, "{\"keys\":[" + jwk + "]}");
        });
        server.start();
    }

    String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/pool";
    }

    URI jwksUri() {
        return URI.create(issuer() + "/.well-known/jwks.json");
    }

    int jwksDownloads() {
        return jwksDownloads.get();
    }

    /** Replaces the signing key (new kid); the JWKS from now on publishes only the new key. */
    void rotateKey() {
        keys = Jwts.SIG.RS256.keyPair().build();
        kid = "key-" + System.nanoTime();
    }

    /** A valid access token for {@code now}: our issuer and audience, signed RS256, expiring in 5 minutes. */
    JwtBuilder token(Instant now) {
        return Jwts.builder()
                .header().keyId(kid).and()
                .issuer(issuer())
                .subject("user-1")
                .audience().add(AUDIENCE).and()
                .issuedAt(Date.from(now))
                .expiration(Date.from(now.plus(Duration.ofMinutes(5))))
                .signWith(keys.getPrivate(), Jwts.SIG.RS256);
    }

    private static void reply(HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
