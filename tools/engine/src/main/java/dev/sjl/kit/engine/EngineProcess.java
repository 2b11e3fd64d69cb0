package dev.sjl.kit.engine;

import dev.sjl.kit.model.Lab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The engine in JVMs of its own: how {@code kit staircase} and the self-test start it. A JVM of its own because only a
 * JVM's start can install {@link EngineSystemLoader}, and because labs (and shards of one lab) then run side by side,
 * one per core, without sharing system properties, {@code System.out} or static state.
 */
public final class EngineProcess {

    /**
     * The root POM's test JVM flags (C1 only, serial GC: on two cores the C2 threads compete with the work; measured on
     * lab 03's 35 shortcuts: 42 s of CPU with C1 only, 47 s with C2, the same wall time), and CDS off because the JVM
     * disables most of it with a custom system class loader and warns on every start.
     */
    public static final List<String> JVM_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:off",
            EngineSystemLoader.OPTION);

    /** A second JVM pays for itself from about this many shortcuts (it warms up the compiler and JUnit again). */
    static final int SHORTCUTS_PER_EXTRA_SHARD = 10;

    /** System properties handed on to the engine's JVM (see {@link LabEngine.Options#defaults}). */
    private static final List<String> PASSED_ON = List.of("kit.engine.freshLoaders", "kit.engine.testTimeoutSeconds",
            "kit.engine.reuseReferenceRun", "kit.engine.cloudPerRun", "kit.checkSince", "kit.engine.labBuildEnded");

    private EngineProcess() {
    }

    /**
     * {@code java <options> -cp <classpath> dev.sjl.kit.engine.Engine --root <root> <args>}.
     *
     * @param classpath this JVM's classpath will do: it holds the engine and what it needs
     * @param args      {@link Engine#main}'s: the lab, and {@code --step}, {@code --shortcut}, {@code --shard}...
     */
    public static List<String> command(String classpath, Path root, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_OPTIONS);
        for (String property : PASSED_ON) {
            String value = System.getProperty(property);
            if (value != null) {
                command.add("-D" + property + "=" + value);
            }
        }
        command.addAll(testJvmFlags(root, labsIn(args)));
        command.addAll(List.of("-cp", classpath, Engine.class.getName(), "--root", root.toString()));
        command.addAll(args);
        return command;
    }

    /**
     * {@code java <options> -cp <classpath> dev.sjl.kit.engine.watch.Watch --root <root> <args>}: {@code kit watch}'s
     * JVM. The engine's system class loader, the lab's test charset, and the JIT's full tiers: the watch lives for
     * hours and compiles the same code on every save, which is what C2 is for.
     */
    public static List<String> watchCommand(String classpath, Path root, String lab, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-XX:+UseSerialGC", "-Xshare:off", EngineSystemLoader.OPTION));
        command.addAll(testJvmFlags(root, List.of(lab)));
        command.addAll(List.of("-cp", classpath, "dev.sjl.kit.engine.watch.Watch", "--root", root.toString()));
        command.addAll(args);
        return command;
    }

    private static final Pattern ENCODING = Pattern.compile("-Dfile\\.encoding=[^\\s<]+");

    /**
     * The default charset the lab's own Surefire run uses ({@code -Dfile.encoding} in the reference POM's argLine):
     * a variant must meet the JVM its tests were written for, or a shortcut that decodes bytes with the default
     * charset passes here and fails there.
     */
    static List<String> testJvmFlags(Path root, List<String> labs) {
        List<String> flags = new ArrayList<>();
        for (String lab : labs) {
            Path pom = Lab.in(root, lab).solutionPom();
            try {
                Matcher m = ENCODING.matcher(Files.isRegularFile(pom) ? Files.readString(pom) : "");
                if (m.find() && !flags.contains(m.group())) {
                    flags.add(m.group());
                }
            } catch (IOException e) {
                // no flag: the lab's tests then meet the engine's default charset, as before
            }
        }
        if (flags.size() != 1) {
            return List.of();
        }
        // What the engine prints is read back as UTF-8, whatever default charset the lab's tests run with.
        return List.of(flags.get(0), "-Dsun.stdout.encoding=UTF-8", "-Dsun.stderr.encoding=UTF-8");
    }

    /** The labs among {@link Engine#main}'s arguments: every word that is not an option or an option's value. */
    private static List<String> labsIn(List<String> args) {
        List<String> labs = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (List.of("--root", "--step", "--shortcut", "--shard", "--claims").contains(arg)) {
                i++;
            } else if (!arg.startsWith("--")) {
                labs.add(arg);
            }
        }
        return labs;
    }

    /**
     * {@code --shard i/n --claims DIR}, or nothing for a lab in one piece.
     *
     * @param claims the run's folder from {@link #newClaims}, the same for all its shards
     */
    public static List<String> shardArgs(int shard, int shards, Path claims) {
        return shards == 1 ? List.of() : List.of("--shard", shard + "/" + shards, "--claims", claims.toString());
    }

    /**
     * A new, empty folder in which the shards of one run of {@code lab} take its shortcuts as they go (each takes the
     * next one no shard has): under the reference's {@code target/}; whoever started the shards deletes it after them.
     */
    public static Path newClaims(Path root, String lab) throws IOException {
        Path target = Lab.in(root, lab).solutionDir().resolve("target");
        Files.createDirectories(target);
        return Files.createTempDirectory(target, "kit-engine-claims-");
    }

    /**
     * How many JVMs a lab's work is worth, at most {@code cores}: one, and another for every
     * {@value #SHORTCUTS_PER_EXTRA_SHARD} shortcuts.
     */
    public static int shards(Path root, String lab, int cores) {
        return (int) Math.max(1, Math.min(cores, 1 + shortcutCount(root, lab) / SHORTCUTS_PER_EXTRA_SHARD));
    }

    /** How many {@code .shortcut} files the lab has: its share of the engine's work, roughly. */
    public static int shortcutCount(Path root, String lab) {
        Path dir = Lab.in(root, lab).shortcutsDir();
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.filter(f -> f.getFileName().toString().endsWith(".shortcut")).count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** Starts the engine with everything it prints going to {@code log}; it writes its report when it ends. */
    public static Process start(String classpath, Path root, List<String> args, Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process process = new ProcessBuilder(command(classpath, root, args)).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        process.getOutputStream().close();
        return process;
    }

    /**
     * Reads the shards' reports, written since {@code started}, and writes them as one to
     * {@code solutions/<lab>/target/kit-engine.json}.
     *
     * @return the lab's report, or null when a shard wrote none this time (it crashed: its log says why)
     */
    public static EngineReport collect(Path root, String lab, int shards, Instant started) throws IOException {
        List<EngineReport> parts = new ArrayList<>();
        for (int shard = 0; shard < shards; shard++) {
            Path file = EngineReport.file(root, lab, shard, shards);
            if (!Files.isRegularFile(file)) {
                return null;
            }
            EngineReport part = EngineReport.read(file);
            if (Instant.parse(part.finished()).isBefore(started)) {
                return null;
            }
            parts.add(part);
        }
        EngineReport report = shards == 1 ? parts.get(0) : EngineReport.merge(lab, parts);
        if (shards > 1) {
            report.write(EngineReport.file(root, lab, 0, 1));
        }
        return report;
    }
}
