package dev.sjl.localcloud;

import dev.sjl.localcloud.PostgresBinaries.UnixUser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A freshly initialised cluster, made once per PostgreSQL build and copied for every start: initdb costs about a
 * second of CPU (twice that on a slow disk), a copy of its 40 MB a tenth of that. The template's master password
 * is only a key to the copy: each start replaces it with a random one of its own before anyone else connects.
 */
final class PostgresTemplate {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path data;
    private final String password;

    private PostgresTemplate(Path data, String password) {
        this.data = data;
        this.password = password;
    }

    /** The template for the binaries at {@code home}; made on first use. Process-safe, like the unpacking. */
    static synchronized PostgresTemplate forBinaries(Path home, Optional<UnixUser> user, Path log) throws IOException {
        Path dir = home.resolveSibling(home.getFileName() + "-template");
        if (!isComplete(dir)) {
            create(home, user, dir, log);
        }
        return new PostgresTemplate(dir.resolve("data"), Files.readString(dir.resolve("pwfile"), StandardCharsets.UTF_8).trim());
    }

    private static boolean isComplete(Path dir) {
        return Files.isRegularFile(dir.resolve("data/PG_VERSION")) && Files.isRegularFile(dir.resolve("pwfile"));
    }

    /** initdb into a temporary sibling, then one rename: a half-made template is never copied. */
    private static void create(Path home, Optional<UnixUser> user, Path dir, Path log) throws IOException {
        Path partial = Files.createTempDirectory(dir.getParent(), dir.getFileName() + ".partial-");
        try {
            PostgresBinaries.giveTo(user, partial);
            Path passwordFile = partial.resolve("pwfile");
            Files.writeString(passwordFile, randomPassword(), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            PostgresBinaries.giveTo(user, passwordFile);
            ShortCommand.run(PostgresBinaries.asRunUser(user, List.of(home.resolve("bin/initdb").toString(),
                    "--pgdata=" + partial.resolve("data"), "--username=" + PostgresEmulator.MASTER_USER, "--pwfile=" + passwordFile,
                    "--auth=scram-sha-256", "--encoding=UTF8",
                    // PostgreSQL 17's own C.UTF-8: lower() and upper() know all of Unicode, whatever locales the OS has.
                    "--locale-provider=builtin", "--builtin-locale=C.UTF-8", "--locale=C",
                    // every copy is thrown away: not waiting for the disk saves a good part of initdb's time
                    "--no-sync", "--no-instructions")), "initdb", null, log, TIMEOUT);
            try {
                Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                if (!isComplete(dir)) {
                    throw e;
                }
                // another JVM finished first: use its template
            }
        } finally {
            Dirs.deleteTree(partial);
        }
    }

    /** Copies the cluster into {@code target} (which must not exist) as the user PostgreSQL runs as; modes kept. */
    void copyTo(Path target, Optional<UnixUser> user, Path log) throws IOException {
        ShortCommand.run(PostgresBinaries.asRunUser(user, List.of("cp", "-R", "-p", data.toString(), target.toString())),
                "copying the template cluster", null, log, TIMEOUT);
    }

    /** The master password every copy starts with, until {@link PostgresEmulator} replaces it. */
    String password() {
        return password;
    }

    /** 144 random bits, URL-safe Base64: no quote, slash, at-sign or space, which RDS forbids in a master password. */
    static String randomPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
