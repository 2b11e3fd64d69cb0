package dev.sjl.docs;

import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;

import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the handbook's tables out of the compiled references: for every {@link TableSpec}, the classes that declare
 * its member, grouped by the lab whose reference the class comes from. The values are read by calling the very
 * member the running code uses ({@code routeTable()} is built by the code that builds the live router), so a table
 * cannot drift from the code.
 */
final class CodeTables {

    /** One table: the rows one class declares for one spec. */
    record Table(TableSpec spec, String lab, Class<?> owner, List<String> headers, List<List<String>> rows,
                 List<Boolean> codeColumns) {
    }

    // In a reactor build a reference is solutions/NN-topic/target/classes (or its jar there); from a local
    // repository it is .../solution-NN-topic-<version>.jar.
    private static final Pattern REACTOR = Pattern.compile("(?:^|/)solutions/(\\d{2}-[a-z0-9-]+)/target/");
    private static final Pattern REPOSITORY = Pattern.compile("(?:^|/)solution-(\\d{2}-[a-z0-9-]+?)-\\d[^/]*\\.jar$");

    private CodeTables() {
    }

    /** The lab a classpath element belongs to, or empty when it is not a reference (a library, the kit). */
    static Optional<String> labOfReference(File classpathElement) {
        String path = classpathElement.getAbsolutePath().replace('\\', '/');
        for (Pattern pattern : List.of(REACTOR, REPOSITORY)) {
            Matcher matcher = pattern.matcher(path);
            if (matcher.find()) {
                return Optional.of(matcher.group(1));
            }
        }
        return Optional.empty();
    }

    /**
     * Every table found in the given packages, by lab id, each lab's tables ordered by spec then class name.
     *
     * @param packages where to look, e.g. {@code dev.sjl}
     * @param labOf    which lab a classpath element (directory or jar) belongs to; elements of no lab are skipped
     */
    static Map<String, List<Table>> scan(List<String> packages, Function<File, Optional<String>> labOf) {
        List<String> problems = new ArrayList<>();
        List<Table> tables = new ArrayList<>();
        // ClassGraph 5 scans only what it is told to: the loader that holds the references (exec:java's, or the tests').
        try (ScanResult scan = new ClassGraph().enableClassLoaders(Thread.currentThread().getContextClassLoader())
                .enableClassInfo().enableFieldInfo().enableMethodInfo()
                // Non-public members are found too, so a private ENVIRONMENT fails loudly instead of vanishing.
                .ignoreClassVisibility().ignoreFieldVisibility().ignoreMethodVisibility()
                .acceptPackages(packages.toArray(String[]::new)).scan()) {
            for (ClassInfo info : scan.getAllClasses()) {
                Optional<String> lab = labOf.apply(info.getClasspathElementFile());
                if (lab.isEmpty()) {
                    continue;
                }
                for (TableSpec spec : TableSpec.ALL) {
                    boolean declares = spec.method()
                            ? info.getDeclaredMethodInfo(spec.member()).stream().anyMatch(m -> m.getParameterInfo().isEmpty())
                            : info.getDeclaredFieldInfo(spec.member()) != null;
                    if (declares) {
                        try {
                            tables.add(read(spec, lab.get(), load(info.getName())));
                        } catch (HandbookException | IllegalArgumentException e) {
                            problems.add(e.getMessage());
                        }
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            throw HandbookException.of(problems);
        }
        return tables.stream()
                .sorted(Comparator.comparing((Table t) -> TableSpec.ALL.indexOf(t.spec()))
                        .thenComparing(t -> t.owner().getName()))
                .collect(Collectors.groupingBy(Table::lab, TreeMap::new, Collectors.toList()));
    }

    /** ClassGraph 5 reads class files only; the class itself comes from the loader the handbook generator runs in. */
    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new HandbookException("scanned but cannot load " + name + ": " + e.getMessage());
        }
    }

    /** Reads one class's rows for one spec; fails with a message that names the member and what is wrong. */
    static Table read(TableSpec spec, String lab, Class<?> owner) {
        String where = owner.getName() + "." + spec.member() + (spec.method() ? "()" : "");
        Object value = value(spec, owner, where);
        if (!(value instanceof List<?> list)) {
            throw new HandbookException(where + " must be a List of records for the handbook's \"" + spec.title()
                    + "\" table, but is " + (value == null ? "null" : value.getClass().getName()));
        }
        if (list.isEmpty()) {
            throw new HandbookException(where + " is empty: declare at least one row, or remove the member");
        }
        Class<?> rowType = list.get(0).getClass();
        if (!rowType.isRecord()) {
            throw new HandbookException(where + " must list records (their components become the columns), but lists "
                    + rowType.getName());
        }
        RecordComponent[] components = rowType.getRecordComponents();
        List<String> headers = new ArrayList<>();
        List<Boolean> code = new ArrayList<>();
        for (RecordComponent component : components) {
            headers.add(spec.headers().getOrDefault(component.getName(), header(component.getName())));
            code.add(spec.codeColumns().contains(component.getName()));
        }
        List<List<String>> rows = new ArrayList<>();
        for (Object row : list) {
            if (row == null || row.getClass() != rowType) {
                throw new HandbookException(where + " mixes row types: every element must be a " + rowType.getName());
            }
            List<String> cells = new ArrayList<>();
            for (RecordComponent component : components) {
                cells.add(text(accessor(component, row, where)));
            }
            rows.add(List.copyOf(cells));
        }
        return new Table(spec, lab, owner, List.copyOf(headers), List.copyOf(rows), List.copyOf(code));
    }

    private static Object value(TableSpec spec, Class<?> owner, String where) {
        try {
            if (spec.method()) {
                Method method = owner.getDeclaredMethod(spec.member());
                requirePublicStatic(method.getModifiers(), where);
                return method.invoke(null);
            }
            Field field = owner.getDeclaredField(spec.member());
            requirePublicStatic(field.getModifiers(), where);
            return field.get(null);
        } catch (InvocationTargetException e) {
            throw new HandbookException(where + " threw " + e.getCause(), e.getCause());
        } catch (ExceptionInInitializerError e) {
            // A handler that reads the environment in a static initialiser cannot be documented (nor tested).
            throw new HandbookException(owner.getName() + " failed to initialise (" + e.getCause()
                    + "): read configuration in the constructor, not in static fields", e);
        } catch (ReflectiveOperationException e) {
            throw new HandbookException(where + " cannot be read: " + e, e);
        }
    }

    private static void requirePublicStatic(int modifiers, String where) {
        if (!Modifier.isPublic(modifiers) || !Modifier.isStatic(modifiers)) {
            throw new HandbookException(where + " must be public static for the handbook to read it");
        }
    }

    private static Object accessor(RecordComponent component, Object row, String where) {
        try {
            Method accessor = component.getAccessor();
            // Records nested in non-public classes have accessible accessors only through setAccessible.
            accessor.setAccessible(true);
            return accessor.invoke(row);
        } catch (ReflectiveOperationException e) {
            throw new HandbookException(where + ": cannot read component " + component.getName() + ": " + e, e);
        }
    }

    /** How a value reads in a cell: booleans as yes/no, absent values as a dash, collections comma-separated. */
    static String text(Object value) {
        if (value == null) {
            return "—";
        }
        if (value instanceof Boolean flag) {
            return flag ? "yes" : "no";
        }
        if (value instanceof Optional<?> optional) {
            return optional.map(CodeTables::text).orElse("—");
        }
        if (value instanceof Collection<?> values) {
            return values.isEmpty() ? "—" : values.stream().map(CodeTables::text).collect(Collectors.joining(", "));
        }
        if (value instanceof Duration duration) {
            return duration.toString();
        }
        String text = String.valueOf(value);
        return text.isBlank() ? "—" : text;
    }

    /** {@code partitionKey} reads as "Partition key". */
    static String header(String componentName) {
        String spaced = componentName.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        return Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
