///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The kit command where there is no bash: {@code jbang kit@. status} (the alias is in jbang-catalog.json at the root).
 * It does what the {@code ./kit} script does: builds the kit-cli module with the Maven wrapper (mvnw.cmd on Windows)
 * when its jar is missing or older than its sources, keeps a copy in .kit/cli, and runs it with the same flags; and
 * it runs {@code kit cloud}, {@code kit run} and {@code kit outdated}, which the script handles itself, through Maven. No dependency:
 * the kit's jar has its own.
 */
public class Kit {

    private static final boolean WINDOWS = System.getProperty("os.name").toLowerCase(Locale.ROOT).startsWith("windows");

    public static void main(String[] args) throws Exception {
        Path root = root();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> words = Arrays.asList(args);
        if (!words.isEmpty() && words.get(0).equals("cloud")) {
            System.exit(maven(root, List.of("-q", "-B", "-pl", "localcloud/all", "compile", "exec:java",
                    "-Dexec.args=" + String.join(" ", words.subList(1, words.size())))));
        }
        if (!words.isEmpty() && words.get(0).equals("run")) {
            // Through Maven, not ./kit's cached copy: the references resolve from the local repository `kit check` fills.
            System.exit(maven(root, List.of("-q", "-B", "-pl", "capstone/system", "compile", "exec:java",
                    "-Dexec.args=" + String.join(" ", words.subList(1, words.size())))));
        }
        if (!words.isEmpty() && words.get(0).equals("outdated")) {
            // ./kit outdated filters this report with awk; here it comes whole.
            System.exit(maven(root, List.of("-B", "-N", "versions:display-property-updates",
                    "versions:display-plugin-updates")));
        }
        Path home = root.resolve(".kit").resolve("cli");
        Path jar = home.resolve("kit-cli.jar");
        if (stale(root, jar)) {
            build(root, home);
        }
        List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-Dkit.root=" + root));
        if (System.console() == null) {
            command.add("-Dpicocli.ansi=false");
        }
        command.addAll(List.of("-jar", jar.toString()));
        command.addAll(words);
        ProcessBuilder kit = new ProcessBuilder(command).inheritIO().directory(Path.of("").toAbsolutePath().toFile());
        kit.environment().put("KIT_ROOT", root.toString());
        System.exit(run(kit));
    }

    /** The nearest folder upwards from here with the Maven wrapper and labs/: the kit's root. */
    static Path root() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("labs")) && Files.isRegularFile(dir.resolve("mvnw"))) {
                return dir;
            }
        }
        System.err.println("kit: run this from inside the kit's folder (the one with mvnw and labs/)");
        System.exit(1);
        return null;
    }

    /** Whether any of the kit's own sources is newer than the copy that runs. */
    static boolean stale(Path root, Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            return true;
        }
        FileTime built = Files.getLastModifiedTime(jar);
        List<Path> sources = new ArrayList<>(List.of(root.resolve("pom.xml")));
        for (String module : List.of("cli", "junit", "lab-model", "engine", "rehearse")) {
            sources.add(root.resolve("tools").resolve(module).resolve("pom.xml"));
            sources.add(root.resolve("tools").resolve(module).resolve("src"));
        }
        for (Path source : sources) {
            if (!Files.exists(source)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(source)) {
                if (files.filter(Files::isRegularFile).anyMatch(file -> newer(file, built))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean newer(Path file, FileTime than) {
        try {
            return Files.getLastModifiedTime(file).compareTo(than) > 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** Builds kit-cli and swaps a fresh copy of its jar and libraries into .kit/cli, as ./kit does. */
    static void build(Path root, Path home) throws IOException, InterruptedException {
        System.err.println("kit: building the kit command (first run, or its sources changed) ...");
        Path log = root.resolve(".kit").resolve("cli-build.log");
        Files.createDirectories(log.getParent());
        List<String> command = new ArrayList<>(wrapper(root));
        command.addAll(List.of("-q", "-B", "-ntp", "install", "-pl", ":kit-cli", "-am", "-DskipTests"));
        Process build = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        build.getOutputStream().close();
        if (build.waitFor() != 0) {
            try (Stream<String> lines = Files.lines(log)) {
                lines.filter(line -> line.startsWith("[ERROR]") || line.startsWith("[FATAL]")).limit(5)
                        .forEach(System.err::println);
            }
            System.err.println("kit: could not build the kit command; the full output is in .kit/cli-build.log");
            System.exit(1);
        }
        Path target = root.resolve("tools").resolve("cli").resolve("target");
        Path staging = Files.createTempDirectory(root.resolve(".kit"), "cli.");
        try (Stream<Path> jars = Files.list(target)) {
            Path built = jars.filter(p -> p.getFileName().toString().matches("kit-cli-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IOException("the build left no kit-cli jar in " + target));
            Files.copy(built, staging.resolve("kit-cli.jar"));
        }
        copyTree(target.resolve("lib"), staging.resolve("lib"));
        deleteTree(home);
        Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
    }

    /** ./mvnw with the arguments, on this terminal; its exit code. */
    static int maven(Path root, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(wrapper(root));
        command.addAll(args);
        return run(new ProcessBuilder(command).directory(root.toFile()).inheritIO());
    }

    private static List<String> wrapper(Path root) {
        return WINDOWS ? List.of("cmd.exe", "/c", root.resolve("mvnw.cmd").toString())
                : List.of("sh", root.resolve("mvnw").toString());
    }

    /** Runs a child on this terminal; Ctrl-C (or anything else that ends this JVM) ends it too. */
    private static int run(ProcessBuilder builder) throws IOException, InterruptedException {
        Process child = builder.start();
        Thread stop = new Thread(child::destroy);
        Runtime.getRuntime().addShutdownHook(stop);
        int exit = child.waitFor();
        try {
            Runtime.getRuntime().removeShutdownHook(stop);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C: the hook has ended the child
        }
        return exit;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
