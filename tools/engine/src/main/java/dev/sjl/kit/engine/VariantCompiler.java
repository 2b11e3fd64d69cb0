package dev.sjl.kit.engine;

import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;

import javax.lang.model.element.Element;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.element.VariableElement;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.StandardLocation;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles a variant's {@code src/main} with the JDK's compiler, in this JVM: no Maven, no fork. One instance per lab
 * session, so the compiler's file manager keeps the jars it has opened (the second variant compiles much faster than
 * the first).
 */
public final class VariantCompiler implements AutoCloseable {

    private static final String RESOURCES = "src/main/resources/";

    /**
     * The root POM's compiler configuration: {@code maven.compiler.release} and the maven-compiler-plugin's
     * {@code compilerArgs}. Keep the two in step.
     */
    static final List<String> OPTIONS = List.of("--release", "17", "-Xlint:all,-processing,-serial", "-parameters",
            "-encoding", "UTF-8");

    private final JavaCompiler javac;
    private final StandardJavaFileManager files;

    /**
     * What a compilation made: where the classes are, the errors (one line each, empty when it compiled), the same
     * errors as the compiler reported them (for {@code kit watch}, which shows them as javac prints them), how long
     * it took.
     */
    public record Result(Path output, List<String> errors, List<Problem> problems, long millis) {
        public boolean ok() {
            return errors.isEmpty();
        }
    }

    /**
     * One compile error as javac reports it.
     *
     * @param path       the file, relative to the module ({@code src/main/java/dev/sjl/jwt/Tokens.java}), or null
     * @param line       from 1, or 0 when the error has no position
     * @param column     from 1, or 0
     * @param message    javac's message, with its own line breaks ("cannot find symbol", then "symbol: ...")
     * @param sourceLine the line of source the error points at, or null
     */
    public record Problem(String path, long line, long column, String message, String sourceLine) {
    }

    public VariantCompiler() {
        javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new EngineException("this Java (" + System.getProperty("java.home") + ") has no compiler: the lab "
                    + "engine needs a JDK, not a JRE");
        }
        files = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
    }

    /**
     * Compiles the {@code src/main/java} files of a variant into {@code output} and copies its
     * {@code src/main/resources} there, as Maven's compile and resources phases would.
     *
     * @param sources   paths relative to the module ({@code src/main/java/dev/sjl/jwt/Tokens.java}) to contents
     * @param classpath the jars (and folders) the sources compile against
     */
    public Result compile(Map<String, byte[]> sources, List<Path> classpath, Path output) {
        return compile(sources, classpath, output, null);
    }

    /**
     * Like {@link #compile(Map, List, Path)}, and records the API of every type it compiled: {@code api} gets, by
     * the type's name, a text of everything other code can see of it (its non-private members with their types and
     * modifiers, constants with their values, its supertypes, its nested types). {@code kit watch} compiles one saved
     * file and compares that text with the last one: the same API means the other files need no compile.
     */
    public Result compile(Map<String, byte[]> sources, List<Path> classpath, Path output, Map<String, String> api) {
        long start = System.nanoTime();
        List<JavaFileObject> units = new ArrayList<>();
        try {
            Files.createDirectories(output);
            for (Map.Entry<String, byte[]> file : sources.entrySet()) {
                String path = file.getKey();
                if (path.endsWith(".java")) {
                    units.add(new Source(path, new String(file.getValue(), StandardCharsets.UTF_8)));
                } else if (path.startsWith(RESOURCES)) {
                    Path copy = output.resolve(path.substring(RESOURCES.length()));
                    Files.createDirectories(copy.getParent());
                    Files.write(copy, file.getValue());
                }
            }
            files.setLocationFromPaths(StandardLocation.CLASS_PATH, classpath);
            files.setLocationFromPaths(StandardLocation.CLASS_OUTPUT, List.of(output));
            // No -sourcepath: a variant's own files are the only sources, nothing is picked up from elsewhere.
            files.setLocationFromPaths(StandardLocation.SOURCE_PATH, List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + output, e);
        }
        List<String> errors = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        if (!units.isEmpty()) {
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            JavaCompiler.CompilationTask task = javac.getTask(null, files, diagnostics, OPTIONS, null, units);
            if (api != null) {
                ((JavacTask) task).addTaskListener(new TaskListener() {
                    @Override
                    public void finished(TaskEvent event) {
                        if (event.getKind() == TaskEvent.Kind.ANALYZE && event.getTypeElement() != null) {
                            api.put(event.getTypeElement().getQualifiedName().toString(), Api.of(event.getTypeElement()));
                        }
                    }
                });
            }
            Boolean ok = task.call();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR) {
                    String where = d.getSource() == null ? "" : d.getSource().getName().replaceFirst("^/", "")
                            + (d.getLineNumber() > 0 ? ":" + d.getLineNumber() : "") + ": ";
                    errors.add(where + d.getMessage(Locale.ROOT).strip().replaceAll("\\s*\\R\\s*", " "));
                    problems.add(problem(d));
                }
            }
            if (!Boolean.TRUE.equals(ok) && errors.isEmpty()) {
                errors.add("the compiler failed without naming an error");
                problems.add(new Problem(null, 0, 0, "the compiler failed without naming an error", null));
            }
        }
        return new Result(output, List.copyOf(errors), List.copyOf(problems), (System.nanoTime() - start) / 1_000_000);
    }

    private static Problem problem(Diagnostic<? extends JavaFileObject> d) {
        String path = null;
        String sourceLine = null;
        if (d.getSource() != null) {
            path = d.getSource().getName().replaceFirst("^/", "");
            if (d.getSource() instanceof Source source && d.getLineNumber() > 0) {
                String[] lines = source.text.split("\\R", -1);
                if (d.getLineNumber() <= lines.length) {
                    sourceLine = lines[(int) d.getLineNumber() - 1];
                }
            }
        }
        return new Problem(path, Math.max(0, d.getLineNumber()), Math.max(0, d.getColumnNumber()),
                d.getMessage(Locale.ROOT), sourceLine);
    }

    @Override
    public void close() {
        try {
            files.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A source held in memory: the variant is never written out as .java files. */
    private static final class Source extends SimpleJavaFileObject {
        private final String text;

        Source(String path, String text) {
            super(URI.create("string:///" + path), Kind.SOURCE);
            this.text = text;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return text;
        }
    }

    /** A type's API as text: what a compile of other code depends on. */
    static final class Api {

        private Api() {
        }

        static String of(TypeElement type) {
            StringBuilder text = new StringBuilder();
            append(type, text);
            return text.toString();
        }

        private static void append(TypeElement type, StringBuilder text) {
            text.append(type.getKind()).append(' ').append(type.getModifiers()).append(' ').append(type.getQualifiedName())
                    .append(type.getTypeParameters()).append(" extends ").append(type.getSuperclass())
                    .append(" implements ").append(type.getInterfaces()).append('\n');
            for (Element member : type.getEnclosedElements()) {
                if (member.getModifiers().contains(Modifier.PRIVATE)) {
                    continue;
                }
                if (member instanceof TypeElement nested) {
                    append(nested, text);
                    continue;
                }
                text.append("  ").append(member.getKind()).append(' ').append(member.getModifiers()).append(' ')
                        .append(member.getSimpleName()).append(' ').append(member.asType());
                if (member.getKind() == ElementKind.FIELD && member instanceof VariableElement field
                        && field.getConstantValue() != null) {
                    // A constant is copied into the classes that read it.
                    text.append(" = ").append(field.getConstantValue());
                }
                text.append('\n');
            }
        }
    }
}
