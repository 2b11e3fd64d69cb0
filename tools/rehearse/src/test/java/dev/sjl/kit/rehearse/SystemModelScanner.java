package dev.sjl.kit.rehearse;

import io.github.classgraph.ClassGraph;
import io.github.classgraph.ClassInfo;
import io.github.classgraph.ScanResult;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The generator of {@code system-model.json}: finds the references' Lambda handlers on the classpath and reads
 * their routes ({@code public static List<Router.RouteInfo> routeTable()}, shared contract 3) and configuration
 * ({@code public static final List<EnvVar> ENVIRONMENT}, shared contract 1) by reflection.
 *
 * <p>Reflection by member name, not a compile-time dependency: kit-rehearse must build before, and without, the
 * labs. Which configuration belongs to which handler: in a lab with one handler, all the lab's; with several, those
 * of the classes a handler names (its own field, its fields' and constructor parameters' types).
 */
final class SystemModelScanner {

    private static final String REQUEST_HANDLER = "com.amazonaws.services.lambda.runtime.RequestHandler";
    private static final String STREAM_HANDLER = "com.amazonaws.services.lambda.runtime.RequestStreamHandler";
    private static final Pattern LAB_DIR = Pattern.compile("/solutions/(\\d\\d-[a-z0-9]+(?:-[a-z0-9]+)*)/target/");
    private static final Pattern LAB_JAR =
            Pattern.compile("/solution-(\\d\\d-[a-z0-9]+(?:-[a-z0-9]+)*?)-\\d[^/]*\\.jar$");

    private SystemModelScanner() {
    }

    /**
     * Writes the model of the references on the classpath to {@code args[0]}; the self-test's
     * {@code SystemModelDriftTest} does the same through Maven ({@code -Dkit.drills.update=true}).
     */
    public static void main(String[] args) throws IOException {
        SystemModel model = scan(discover());
        Files.writeString(Path.of(args[0]), model.toJson(), StandardCharsets.UTF_8);
        System.out.println("Wrote " + model.labs().size() + " labs, " + Drills.from(model).size() + " drills to "
                + args[0]);
    }

    /** The lab a classpath element belongs to, from a reactor folder or an installed reference jar. */
    static Optional<String> labOf(String classpathElement) {
        String path = classpathElement.replace('\\', '/');
        for (Pattern p : List.of(LAB_DIR, LAB_JAR)) {
            Matcher m = p.matcher(path);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }

    /** Every class of a reference module on the current classpath, by lab. */
    static Map<String, List<Class<?>>> discover() {
        Map<String, List<Class<?>>> byLab = new TreeMap<>();
        // ClassGraph 5 scans only what it is told to: the loader that holds the references (the tests' own).
        try (ScanResult scan = new ClassGraph().enableClassLoaders(Thread.currentThread().getContextClassLoader())
                .acceptPackages("dev.sjl").enableClassInfo().scan()) {
            for (ClassInfo info : scan.getAllClasses()) {
                Optional<String> lab = labOf(info.getClasspathElementFile().getPath());
                if (lab.isPresent() && !info.isAnonymousClass() && !info.isLocalClass()) {
                    byLab.computeIfAbsent(lab.get(), l -> new ArrayList<>()).add(load(info.getName()));
                }
            }
        }
        return byLab;
    }

    /** ClassGraph 5 reads class files only; the class itself comes from the loader this code runs in. */
    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("scanned but cannot load " + name, e);
        }
    }

    static SystemModel scan(Map<String, List<Class<?>>> classesByLab) {
        List<SystemModel.Lab> labs = new ArrayList<>();
        new TreeMap<>(classesByLab).forEach((lab, classes) -> {
            List<Class<?>> handlers = classes.stream().filter(c -> handlerTypes(c).isPresent())
                    .sorted(Comparator.comparing(Class::getName)).toList();
            List<Class<?>> configs = classes.stream().filter(c -> environmentField(c).isPresent())
                    .sorted(Comparator.comparing(Class::getName)).toList();
            List<SystemModel.Handler> models = new ArrayList<>();
            for (Class<?> handler : handlers) {
                List<Class<?>> own = handlers.size() == 1 ? configs : referencedConfigs(handler, configs);
                List<String> types = handlerTypes(handler).orElseThrow();
                models.add(new SystemModel.Handler(handler.getName(), types.get(0), types.get(1), routes(handler),
                        own.stream().flatMap(c -> variables(c).stream()).toList()));
            }
            if (!models.isEmpty()) {
                labs.add(new SystemModel.Lab(lab, models));
            }
        });
        return new SystemModel(labs);
    }

    /** The simple names of the handler's input and output types, if the class is a concrete Lambda handler. */
    static Optional<List<String>> handlerTypes(Class<?> type) {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            return Optional.empty();
        }
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Type t : c.getGenericInterfaces()) {
                if (t instanceof ParameterizedType p && p.getRawType().getTypeName().equals(REQUEST_HANDLER)) {
                    return Optional.of(Arrays.stream(p.getActualTypeArguments()).map(SystemModelScanner::simple)
                            .toList());
                }
                if (t instanceof Class<?> k && k.getName().equals(STREAM_HANDLER)) {
                    return Optional.of(List.of(InputStream.class.getSimpleName(), OutputStream.class.getSimpleName()));
                }
            }
        }
        return Optional.empty();
    }

    private static String simple(Type type) {
        if (type instanceof Class<?> c) {
            return c.getSimpleName();
        }
        if (type instanceof ParameterizedType p) {
            return simple(p.getRawType()) + Arrays.stream(p.getActualTypeArguments()).map(SystemModelScanner::simple)
                    .collect(Collectors.joining(", ", "<", ">"));
        }
        return type.getTypeName();
    }

    private static List<SystemModel.Route> routes(Class<?> handler) {
        Method table;
        try {
            table = handler.getMethod("routeTable");
        } catch (NoSuchMethodException e) {
            return List.of();
        }
        if (!Modifier.isStatic(table.getModifiers())) {
            throw new IllegalStateException(handler.getName() + ".routeTable() must be static (shared contract 3)");
        }
        List<SystemModel.Route> routes = new ArrayList<>();
        for (Object info : (List<?>) invoke(table, null)) {
            routes.add(new SystemModel.Route(text(info, "method"), text(info, "path"), text(info, "access")));
        }
        return routes;
    }

    private static Optional<Field> environmentField(Class<?> type) {
        try {
            Field f = type.getDeclaredField("ENVIRONMENT");
            int m = f.getModifiers();
            return Modifier.isPublic(m) && Modifier.isStatic(m) && List.class.isAssignableFrom(f.getType())
                    ? Optional.of(f) : Optional.empty();
        } catch (NoSuchFieldException e) {
            return Optional.empty();
        }
    }

    private static List<SystemModel.Variable> variables(Class<?> config) {
        List<SystemModel.Variable> variables = new ArrayList<>();
        try {
            for (Object v : (List<?>) environmentField(config).orElseThrow().get(null)) {
                variables.add(new SystemModel.Variable(text(v, "name"), flag(v, "required"), flag(v, "secret"),
                        text(v, "description"), config.getSimpleName()));
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("Cannot read " + config.getName() + ".ENVIRONMENT", e);
        }
        return variables;
    }

    private static List<Class<?>> referencedConfigs(Class<?> handler, List<Class<?>> configs) {
        Set<Class<?>> named = new LinkedHashSet<>();
        named.add(handler);
        for (Field f : handler.getDeclaredFields()) {
            named.add(f.getType());
        }
        for (Constructor<?> c : handler.getDeclaredConstructors()) {
            named.addAll(Arrays.asList(c.getParameterTypes()));
        }
        return configs.stream().filter(named::contains).toList();
    }

    private static String text(Object record, String accessor) {
        return String.valueOf(invoke(accessorOf(record, accessor), record));
    }

    private static boolean flag(Object record, String accessor) {
        return (Boolean) invoke(accessorOf(record, accessor), record);
    }

    private static Method accessorOf(Object record, String name) {
        try {
            return record.getClass().getMethod(name);
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(record.getClass().getName() + " has no " + name + "() (shared contract)",
                    e);
        }
    }

    private static Object invoke(Method method, Object target) {
        try {
            return method.invoke(target);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("Calling " + method + " failed", e);
        }
    }
}
