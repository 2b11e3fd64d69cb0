package dev.sjl.kit.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine in a JVM of its own, one per lab: how {@code kit staircase} and the self-test start it. A JVM of its own
 * because only a JVM's start can install {@link EngineSystemLoader}, and because labs then run side by side (one per
 * core) without sharing system properties, {@code System.out} or static state.
 */
public final class EngineProcess {

    /**
     * Serial GC (two cores, one busy thread); CDS off because the JVM disables most of it with a custom system class
     * loader and warns on every start; default JIT, as a session compiles and tests for seconds to minutes.
     */
    public static final List<String> JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xshare:off", EngineSystemLoader.OPTION);

    /** System properties handed on to the engine's JVM (see {@link LabEngine.Options#defaults}). */
    private static final List<String> PASSED_ON = List.of("kit.engine.freshLoaders", "kit.engine.testTimeoutSeconds");

    private EngineProcess() {
    }

    /**
     * {@code java <options> -cp <classpath> dev.sjl.kit.engine.Engine --root <root> <args>}.
     *
     * @param classpath this JVM's classpath will do: it holds the engine and what it needs
     * @param args      {@link Engine#main}'s: the labs, and {@code --step}, {@code --shortcut}... to narrow it down
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
        command.addAll(List.of("-cp", classpath, Engine.class.getName(), "--root", root.toString()));
        command.addAll(args);
        return command;
    }

    /** Starts the engine on one lab with everything it prints going to {@code log}; it writes the lab's report. */
    public static Process start(String classpath, Path root, String lab, Path log) throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command(classpath, root, List.of(lab))).directory(root.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        process.getOutputStream().close();
        return process;
    }
}
