package dev.sjl.deploy.iam;

import dev.sjl.functions.build.FunctionPackager;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The AWS SDK operations a function's code can call, found in its bytecode. The code in scope is what the function's
 * package holds: the handler's lab module and the {@code dev.sjl} modules it depends on (from their POMs), not the
 * whole test classpath, so an implementation that only another lab has (lab 06's DynamoDB repository behind lab 04's
 * {@code UserRepository}) is not counted for lab 04's function.
 *
 * <p>From the handler's methods (the runtime calls its constructor and {@code handleRequest}), every method the code can
 * reach: direct calls; for a call on a class or interface, every implementation in scope (class hierarchy analysis);
 * lambdas and method references; and, for each class the code instantiates, its methods that a library or the JDK can
 * call back (overrides of a supertype outside the scope). On those methods, each call on an SDK client interface
 * ({@code software.amazon.awssdk.services.<service>.<Name>Client}) or on the S3 presigner is an operation.
 * Over-approximate by design: a call on a path the handler never takes at run time still counts, as it would for
 * any reviewer reading the code.
 */
public final class SdkCallScanner {

    private static final Pattern CLIENT = Pattern.compile("software/amazon/awssdk/services/([a-z0-9]+)/[A-Za-z0-9]+Client");
    private static final String PRESIGNER = "software/amazon/awssdk/services/s3/presigner/S3Presigner";
    private static final String TRANSACT_WRITE_ITEM = "software/amazon/awssdk/services/dynamodb/model/TransactWriteItem$Builder";
    private static final Map<String, String> TRANSACT_ITEM_ACTIONS = Map.of("put", "PutItem", "update", "UpdateItem",
            "delete", "DeleteItem", "conditionCheck", "ConditionCheckItem");
    private static final Set<String> NOT_OPERATIONS = Set.of("close", "serviceName", "serviceClientConfiguration",
            "waiter", "utilities", "builder", "create");
    private static final String SCOPE_PACKAGE = "dev/sjl/";

    /** An SDK operation as the SDK names it: service package and operation, e.g. {@code dynamodb:PutItem}. */
    public record Operation(String service, String operation) implements Comparable<Operation> {
        @Override
        public String toString() {
            return service + ":" + operation;
        }

        @Override
        public int compareTo(Operation o) {
            return toString().compareTo(o.toString());
        }
    }

    private record MethodRef(String owner, String name, String descriptor) {
    }

    private static final class ClassInfo {
        String name;
        String superName;
        List<String> interfaces = List.of();
        final Map<String, List<MethodRef>> calls = new HashMap<>();
        final Map<String, Set<String>> instantiates = new HashMap<>();
        final Set<String> methods = new HashSet<>();
    }

    private final Map<String, ClassInfo> classes = new HashMap<>();
    private final Map<String, Set<String>> subtypes = new HashMap<>();

    private SdkCallScanner(List<Path> scope) {
        for (Path location : scope) {
            read(location);
        }
        for (ClassInfo info : classes.values()) {
            if (info.superName != null) {
                subtypes.computeIfAbsent(info.superName, k -> new HashSet<>()).add(info.name);
            }
            for (String itf : info.interfaces) {
                subtypes.computeIfAbsent(itf, k -> new HashSet<>()).add(info.name);
            }
        }
    }

    /** The operations the handler's code can call, scanning the handler's module and its {@code dev.sjl} dependencies. */
    public static Set<Operation> operations(Class<?> handler) {
        return new SdkCallScanner(scopeOf(handler)).reachableOperations(Type.getInternalName(handler));
    }

    /**
     * The operations a catalogue function's entry class can call, scanning what its package holds: the entry class's
     * own module (without its dependencies: the functions module depends on every lab) and the modules the catalogue
     * declares for the function, with their {@code dev.sjl} dependencies.
     */
    public static Set<Operation> operations(dev.sjl.functions.ServiceFunction function) {
        return new SdkCallScanner(scopeOf(function.handler(), function.modules()))
                .reachableOperations(Type.getInternalName(function.handler()));
    }

    /** The code locations (jars or class folders) in the handler's package. */
    public static List<Path> scopeOf(Class<?> handler) {
        return scopeOf(handler, null);
    }

    /** With {@code modules} null: the handler's module and its dependencies; else the handler's module and those. */
    public static List<Path> scopeOf(Class<?> handler, List<String> modules) {
        Map<String, Path> locations = new HashMap<>();
        Map<String, List<String>> dependencies = new HashMap<>();
        // The same reading of the classpath's dev.sjl modules as the packager's: what is scanned is what is packaged.
        for (FunctionPackager.Library library : FunctionPackager.libraries(System.getProperty("java.class.path"))) {
            if (library.sjl()) {
                locations.putIfAbsent(library.artifactId(), library.location());
                dependencies.putIfAbsent(library.artifactId(), library.sjlDependencies());
            }
        }
        Path start;
        try {
            start = Path.of(handler.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        String first = locations.entrySet().stream().filter(e -> e.getValue().equals(start)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new IllegalStateException("no dev.sjl module at " + start));
        Set<String> seen = new java.util.LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(modules == null ? List.of(first) : modules);
        if (modules != null) {
            seen.add(first);
        }
        while (!todo.isEmpty()) {
            String artifact = todo.pop();
            if (seen.add(artifact)) {
                todo.addAll(dependencies.getOrDefault(artifact, List.of()));
            }
        }
        List<Path> scope = new ArrayList<>();
        for (String artifact : seen) {
            Path location = locations.get(artifact);
            if (location == null) {
                throw new IllegalStateException("module " + artifact + " (for " + handler.getName()
                        + ") is not on the test classpath");
            }
            scope.add(location);
        }
        return scope;
    }

    private Set<Operation> reachableOperations(String handler) {
        ClassInfo entry = classes.get(handler);
        if (entry == null) {
            throw new IllegalStateException(handler + " is not in its own scope");
        }
        Set<MethodRef> reached = new HashSet<>();
        Deque<MethodRef> todo = new ArrayDeque<>();
        Set<String> instantiated = new HashSet<>();
        // What the runtime calls: a constructor, then handleRequest (and its bridge). A static helper of the handler
        // class that only tests or set-up scripts call (SignUpPublisher.enableStream) is not an entry point.
        for (String method : entry.methods) {
            int split = method.indexOf('(');
            String name = method.substring(0, split);
            if (name.equals("<init>") || name.equals("<clinit>") || name.equals("handleRequest")) {
                todo.add(new MethodRef(handler, name, method.substring(split)));
            }
        }
        Set<Operation> operations = new TreeSet<>();
        while (!todo.isEmpty()) {
            MethodRef method = todo.pop();
            if (!reached.add(method)) {
                continue;
            }
            ClassInfo owner = classes.get(method.owner());
            if (owner == null) {
                continue;
            }
            String key = method.name() + method.descriptor();
            addStaticInit(owner, todo);
            for (String type : owner.instantiates.getOrDefault(key, Set.of())) {
                if (instantiated.add(type)) {
                    todo.addAll(callbacks(type));
                    addStaticInit(classes.get(type), todo);
                }
            }
            for (MethodRef call : owner.calls.getOrDefault(key, List.of())) {
                Operation operation = operation(call);
                if (operation != null) {
                    operations.add(operation);
                } else if (classes.containsKey(call.owner())) {
                    todo.addAll(targets(call));
                }
            }
        }
        return operations;
    }

    private void addStaticInit(ClassInfo info, Deque<MethodRef> todo) {
        if (info != null && info.methods.contains("<clinit>()V")) {
            todo.add(new MethodRef(info.name, "<clinit>", "()V"));
        }
    }

    /** The method a call resolves to (up the superclasses) and every override in the scope's subtypes. */
    private List<MethodRef> targets(MethodRef call) {
        List<MethodRef> targets = new ArrayList<>();
        String key = call.name() + call.descriptor();
        for (String type = call.owner(); type != null && classes.containsKey(type); type = classes.get(type).superName) {
            if (classes.get(type).methods.contains(key)) {
                targets.add(new MethodRef(type, call.name(), call.descriptor()));
                break;
            }
        }
        // Default methods of the scope's interfaces.
        for (String itf : classes.get(call.owner()).interfaces) {
            ClassInfo info = classes.get(itf);
            if (info != null && info.methods.contains(key)) {
                targets.add(new MethodRef(itf, call.name(), call.descriptor()));
            }
        }
        Deque<String> todo = new ArrayDeque<>(subtypes.getOrDefault(call.owner(), Set.of()));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String sub = todo.pop();
            if (seen.add(sub)) {
                if (classes.get(sub).methods.contains(key)) {
                    targets.add(new MethodRef(sub, call.name(), call.descriptor()));
                }
                todo.addAll(subtypes.getOrDefault(sub, Set.of()));
            }
        }
        return targets;
    }

    /** The methods of an instantiated class that code outside the scope can call: overrides of its outside supertypes. */
    private List<MethodRef> callbacks(String type) {
        Set<String> external = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(type));
        List<ClassInfo> hierarchy = new ArrayList<>();
        while (!todo.isEmpty()) {
            String name = todo.pop();
            ClassInfo info = classes.get(name);
            if (info == null) {
                external.add(name);
                continue;
            }
            hierarchy.add(info);
            if (info.superName != null) {
                todo.add(info.superName);
            }
            todo.addAll(info.interfaces);
        }
        Set<String> overridable = new HashSet<>();
        for (String name : external) {
            try {
                Class<?> c = Class.forName(name.replace('/', '.'), false, SdkCallScanner.class.getClassLoader());
                for (Method m : c.getMethods()) {
                    overridable.add(m.getName() + Type.getMethodDescriptor(m));
                }
                for (Class<?> k = c; k != null; k = k.getSuperclass()) {
                    for (Method m : k.getDeclaredMethods()) {
                        overridable.add(m.getName() + Type.getMethodDescriptor(m));
                    }
                }
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("supertype " + name + " of " + type + " is not on the classpath", e);
            }
        }
        List<MethodRef> callbacks = new ArrayList<>();
        for (ClassInfo info : hierarchy) {
            for (String method : info.methods) {
                if (overridable.contains(method)) {
                    int split = method.indexOf('(');
                    callbacks.add(new MethodRef(info.name, method.substring(0, split), method.substring(split)));
                }
            }
        }
        return callbacks;
    }

    private static Operation operation(MethodRef call) {
        if (NOT_OPERATIONS.contains(call.name())) {
            return null;
        }
        Matcher client = CLIENT.matcher(call.owner());
        if (client.matches()) {
            // The SDK's conveniences call the operation they are named after: listUsersPaginator, getObjectAsBytes.
            String name = call.name().replaceFirst("(Paginator|AsBytes)$", "");
            return new Operation(client.group(1), Character.toUpperCase(name.charAt(0)) + name.substring(1));
        }
        if (call.owner().equals(TRANSACT_WRITE_ITEM) && TRANSACT_ITEM_ACTIONS.containsKey(call.name())) {
            // IAM authorizes a transaction item by item: a conditional put in TransactWriteItems needs PutItem.
            return new Operation("dynamodb", TRANSACT_ITEM_ACTIONS.get(call.name()));
        }
        if (call.owner().equals(PRESIGNER) && call.name().startsWith("presign")) {
            // presignPutObject: the URL carries the function's credentials, so the function needs PutObject itself.
            return new Operation("s3", call.name().substring("presign".length()));
        }
        return null;
    }

    private void read(Path location) {
        try {
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                        try (InputStream in = Files.newInputStream(file)) {
                            parse(in);
                        }
                    }
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    var entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        var entry = entries.nextElement();
                        if (entry.getName().endsWith(".class") && entry.getName().startsWith(SCOPE_PACKAGE)) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                parse(in);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void parse(InputStream in) throws IOException {
        ClassInfo info = new ClassInfo();
        new ClassReader(in).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName,
                              String[] interfaces) {
                info.name = name;
                info.superName = superName;
                info.interfaces = interfaces == null ? List.of() : List.of(interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                String key = name + descriptor;
                info.methods.add(key);
                List<MethodRef> calls = info.calls.computeIfAbsent(key, k -> new ArrayList<>());
                Set<String> news = info.instantiates.computeIfAbsent(key, k -> new HashSet<>());
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String mName, String mDescriptor,
                                                boolean isInterface) {
                        calls.add(new MethodRef(owner, mName, mDescriptor));
                    }

                    @Override
                    public void visitTypeInsn(int opcode, String type) {
                        if (opcode == Opcodes.NEW) {
                            news.add(type);
                        }
                    }

                    @Override
                    public void visitInvokeDynamicInsn(String iName, String iDescriptor, Handle bootstrap,
                                                       Object... arguments) {
                        for (Object argument : arguments) {
                            if (argument instanceof Handle handle) {
                                calls.add(new MethodRef(handle.getOwner(), handle.getName(), handle.getDesc()));
                                if (handle.getTag() == Opcodes.H_NEWINVOKESPECIAL) {
                                    news.add(handle.getOwner());
                                }
                            }
                        }
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        classes.put(info.name, info);
    }
}
