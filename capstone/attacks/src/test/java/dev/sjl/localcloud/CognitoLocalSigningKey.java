package dev.sjl.localcloud;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The RSA key the local Cognito (cognito-local) signs every pool's tokens with: it ships in the npm package, so it is
 * public knowledge, and the attack suite reads it from the emulator's own install rather than copying a private key
 * into the repository. With it, a test can sign a token whose only fault is one claim (expired, wrong issuer, a
 * {@code crit} header) and so prove that claim is checked, not merely the signature. On AWS the pool's key is never
 * disclosed; that this one is, is a property of the local emulator only (SECURITY.md says so).
 *
 * <p>In {@code dev.sjl.localcloud} because the install's location is the package-private {@link NodePackages}'s.
 */
public final class CognitoLocalSigningKey {

    private CognitoLocalSigningKey() {
    }

    /** The key file's JSON: {@code {"jwk": {...private RSA JWK, kid "CognitoLocal"...}, "pem": "..."}}. */
    public static String privateJwkFile() {
        // home() is <cache>/npm/<lock hash>/launchers/<launchers hash>; node_modules is next to launchers/.
        Path install = NodePackages.home(null).getParent().getParent();
        Path file = install.resolve("node_modules/cognito-local/lib/keys/cognitoLocal.private.json");
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cognito-local's key is not where its package puts it: " + file, e);
        }
    }
}
