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
 * second of CPU (twice that on a slow disk), a copy of its 28 MB well under a fifth of that. Its WAL segments are 1 MB
 * instead of 16 (initdb --wal-segsize), which every copy would otherwise carry as an empty 16 MB file. The copy is one
 * tar archive of the cluster unpacked ({@code data.tar}, made with it): 50 ms here, where {@code cp -R -p} of its 972
 * files took 130 ms, most of it a buffer mapped and unmapped and attributes read and set per file. The master
 * password initdb needs is random and forgotten at once: each start sets its own before the server listens
 * ({@link PostgresEmulator}).
 */
final class PostgresTemplate {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The folder beside the binaries; named after how it is made, so a template made otherwise is never copied (the
     * {@code -template} of earlier kits had 16 MB WAL segments and a stored password, {@code -template-wal1m} no archive).
     */
    private static final String SUFFIX = "-template-wal1m-tar";
    private static final List<String> OLD_SUFFIXES = List.of("-template", "-template-wal1m");
    private static final String ARCHIVE = "data.tar";

    private final Path archive;

    private PostgresTemplate(Path archive) {
        this.archive = archive;
    }

    /** The template for the binaries at {@code home}; made on first use. Process-safe, like the unpacking. */
    static synchronized PostgresTemplate forBinaries(Path home, Optional<UnixUser> user, Path log) throws IOException {
        Path dir = home.resolveSibling(home.getFileName() + SUFFIX);
        if (!isComplete(dir)) {
            create(home, user, dir, log);
            for (String old : OLD_SUFFIXES) {
                Dirs.deleteTree(home.resolveSibling(home.getFileName() + old));
            }
        }
        return new PostgresTemplate(dir.resolve(ARCHIVE));
    }

    private static boolean isComplete(Path dir) {
        return Files.isRegularFile(dir.resolve("data/PG_VERSION")) && Files.isRegularFile(dir.resolve(ARCHIVE));
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
                    "--no-sync", "--no-instructions",
                    // the smallest segment PostgreSQL allows: a fresh cluster's WAL fits in one, and the copy stays small
                    "--wal-segsize=1")), "initdb", null, log, TIMEOUT);
            Files.delete(passwordFile);
            // Its entries are data/..., with the cluster's modes (0700 folders, 0600 files), which PostgreSQL insists on.
            ShortCommand.run(PostgresBinaries.asRunUser(user, List.of("tar", "-C", partial.toString(), "-cf",
                    partial.resolve(ARCHIVE).toString(), "data")), "archiving the template cluster", null, log, TIMEOUT);
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

    /**
     * Unpacks the cluster into {@code parent/data} (which must not exist) as the user PostgreSQL runs as, modes kept
     * ({@code -p}); a user other than root owns what it unpacks, whoever made the archive.
     */
    void copyInto(Path parent, Optional<UnixUser> user, Path log) throws IOException {
        ShortCommand.run(PostgresBinaries.asRunUser(user, List.of("tar", "-C", parent.toString(), "-xpf", archive.toString())),
                "copying the template cluster", null, log, TIMEOUT);
    }

    /** 144 random bits, URL-safe Base64: no quote, slash, at-sign or space, which RDS forbids in a master password. */
    static String randomPassword() {
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
