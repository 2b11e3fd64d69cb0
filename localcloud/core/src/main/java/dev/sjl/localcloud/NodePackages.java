package dev.sjl.localcloud;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/**
 * Installs the Node-based emulators (dynalite, fauxqs, cognito-local) on first use, from the package.json and
 * package-lock.json committed in this module, into a cache outside the repository. The cache folder is named after
 * the lock file's hash, so a version bump installs afresh and an unchanged lock is never installed twice.
 *
 * <p>The launchers go in a folder of their own under it, named after their content and never rewritten once there:
 * several checkouts (a learner's branches, the self-test's copies) share one install, and a running emulator must
 * never read a launcher or a package.json that another process is rewriting (Node then fails on "Unexpected end of
 * JSON input"). Node finds node_modules and package.json by walking up from the launcher.
 */
final class NodePackages {
    /**
     * The same as watchdog.cjs's, which checks it inside each emulator: a {@code node --version} run first was a process
     * of its own on every start's critical path.
     */
    static final int MIN_NODE_MAJOR = 20;
    private static final String RESOURCES = "/dev/sjl/localcloud/node/";
    private static final List<String> INSTALL_FILES = List.of("package.json", "package-lock.json", ".npmrc");
    private static final List<String> LAUNCHERS = List.of("watchdog.cjs", "on-first-use.cjs", "fauxqs-launcher.mjs",
            "dynalite-launcher.mjs", "dynamodb-extensions.mjs", "sqs-query-protocol.mjs", "cognito-launcher.cjs",
            "cognito-aws.cjs");

    private static volatile Path installed;

    private NodePackages() {
    }

    /** The folder holding the launchers (node_modules is in a parent); installs first if needed. Thread- and process-safe. */
    static synchronized Path home(Path logDirectory) {
        if (installed != null) {
            return installed;
        }
        byte[] lockFile = resource("package-lock.json");
        Path dir = cacheRoot().resolve("npm").resolve(sha256(lockFile).substring(0, 16));
        try {
            Files.createDirectories(dir);
            // Two test JVMs may start at once: the file lock makes the second wait for the first's install.
            try (FileChannel channel = FileChannel.open(dir.resolve(".install.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                FileLock lock = channel.lock();
                try {
                    Path marker = dir.resolve(".installed");
                    if (!Files.exists(marker)) {
                        for (String file : INSTALL_FILES) {
                            Files.write(dir.resolve(file), resource(file));
                        }
                        npmCi(dir, logDirectory);
                        Files.writeString(marker, "ok\n");
                    }
                    installed = launchers(dir);
                } finally {
                    lock.release();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the emulator cache " + dir, e);
        }
        return installed;
    }

    /** {@code dir/launchers/<hash>}: written whole into a temporary folder, then renamed into place, once. */
    private static Path launchers(Path dir) throws IOException {
        MessageDigest digest = sha256();
        for (String file : LAUNCHERS) {
            digest.update(file.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update(resource(file));
        }
        Path target = dir.resolve("launchers").resolve(HexFormat.of().formatHex(digest.digest()).substring(0, 16));
        if (Files.isDirectory(target)) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path staging = Files.createTempDirectory(target.getParent(), ".staging-");
        for (String file : LAUNCHERS) {
            Files.write(staging.resolve(file), resource(file));
        }
        Files.move(staging, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return target;
    }

    /** {@code $SJL_CACHE_DIR}, else {@code $XDG_CACHE_HOME/serverless-java-labs}, else {@code ~/.cache/serverless-java-labs}. */
    static Path cacheRoot() {
        String explicit = System.getenv("SJL_CACHE_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("serverless-java-labs");
    }

    /** The Node.js executable: {@code -Dlocalcloud.node=/path/to/node}, else {@code node} from the PATH. */
    static String nodeCommand() {
        String configured = System.getProperty("localcloud.node");
        return configured == null || configured.isBlank() ? "node" : configured;
    }

    /** Why {@code node} could not be started, and what to install. */
    static EmulatorStartException cannotRunNode(IOException e) {
        return new EmulatorStartException("DynamoDB, SQS, SNS and Cognito run on Node.js, and `" + nodeCommand() + "` cannot be run. "
                + "Install Node.js " + MIN_NODE_MAJOR + " or newer with npm (Debian: apt-get install nodejs npm), then rerun.", e);
    }

    private static void npmCi(Path dir, Path logDirectory) throws IOException {
        Path log = logDirectory.resolve("npm-install.log");
        System.err.println("[localcloud] First use: installing the Node emulators (dynalite, fauxqs, cognito-local) into " + dir
                + " — this takes a few seconds, once.");
        try {
            List<String> npmCi = List.of("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund");
            ShortCommand.run(npmCi, String.join(" ", npmCi), dir, log, Duration.ofMinutes(10));
        } catch (IOException e) {
            String npmMissing = e.getMessage() != null && e.getMessage().contains("Cannot run program")
                    ? "`npm` is not on the PATH (Debian: apt-get install npm)" : e.getMessage();
            throw new EmulatorStartException("Installing the Node emulators failed: " + npmMissing + " (log: " + log + ")", e);
        }
    }

    private static byte[] resource(String name) {
        try (InputStream in = NodePackages.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + RESOURCES + name + " in localcloud-core");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
