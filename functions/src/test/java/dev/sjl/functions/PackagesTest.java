package dev.sjl.functions;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The zips FunctionPackager wrote before the tests (process-test-classes): one per function, small, self-sufficient. */
@DisplayName("Function packages: one zip per function, each within 10 MB, holding what its handler needs")
class PackagesTest {

    static final long MAX_BYTES = 10L * 1024 * 1024;

    @BeforeAll
    static void packagesWereBuilt() {
        assertThat(Packages.DIR).as("run the build through process-test-classes: FunctionPackager writes the packages")
                .isDirectory();
    }

    @Test
    @DisplayName("Writes one package per catalogue function, each at most 10 MB")
    void eachPackageIsWithinBudget() throws IOException {
        List<String> over = new ArrayList<>();
        for (ServiceFunction function : FunctionCatalog.ALL) {
            Path zip = Packages.zip(function);
            assertThat(zip).as("the package of " + function.name()).isRegularFile();
            long size = Files.size(zip);
            System.out.printf(Locale.ROOT, "package-size %-22s %,12d bytes (%.2f MB)%n", function.name(), size,
                    size / 1024.0 / 1024.0);
            if (size > MAX_BYTES) {
                over.add(function.name() + " " + size);
            }
        }
        assertThat(over).as("packages over %d bytes", MAX_BYTES).isEmpty();
    }

    @Test
    @DisplayName("Puts in each package only the AWS services its catalogue entry declares, and one HTTP client")
    void onlyDeclaredServices() throws IOException {
        for (ServiceFunction function : FunctionCatalog.ALL) {
            Set<String> libs = libraries(Packages.zip(function));
            Set<String> services = new TreeSet<>();
            for (String lib : libs) {
                for (String service : List.of("s3", "dynamodb", "sns", "sqs", "ssm", "eventbridge",
                        "cognitoidentityprovider")) {
                    if (lib.startsWith("lib/" + service + "-2.")) {
                        services.add(service);
                    }
                }
            }
            assertThat(services).as("the SDK service modules in %s's package", function.name())
                    .containsExactlyInAnyOrderElementsOf(function.services());
            assertThat(libs).as("%s's package: no Apache or Netty HTTP client, no build tooling", function.name())
                    .noneMatch(l -> l.contains("apache") || l.contains("httpclient") || l.contains("httpcore")
                            || l.contains("netty") || l.contains("asm-"));
            if (!function.services().isEmpty()) {
                assertThat(libs).as("%s calls AWS: the URL-connection client is its HTTP client", function.name())
                        .anyMatch(l -> l.startsWith("lib/url-connection-client-"));
            }
        }
    }

    @Test
    @DisplayName("Loads each handler and every class its code references in a fresh class loader over the package alone")
    void eachPackageLoadsItsHandler(@TempDir Path tmp) throws Exception {
        for (ServiceFunction function : FunctionCatalog.ALL) {
            Path task = Packages.unzip(Packages.zip(function), Files.createDirectories(tmp.resolve(function.name())));
            // The parent is the platform loader: the JDK and nothing of this test's classpath.
            try (URLClassLoader loader = new URLClassLoader(Packages.urls(Packages.classpath(task)),
                    ClassLoader.getPlatformClassLoader())) {
                Class<?> handler = Class.forName(function.handler().getName(), false, loader);
                assertThat(handler).as("the package's own copy of the handler, not this test's")
                        .isNotSameAs(function.handler());
                assertThat(Class.forName(RequestHandler.class.getName(), false, loader).isAssignableFrom(handler))
                        .as("%s implements the package's RequestHandler", handler.getName()).isTrue();
                assertThat(handler.getConstructor()).as("Lambda needs a public no-argument constructor").isNotNull();
                List<String> missing = missingReferences(loader, handler.getName().replace('.', '/'));
                assertThat(missing).as("classes %s's code references that its package lacks", function.name())
                        .isEmpty();
            }
        }
    }

    /** From the handler, through every dev.sjl class its code reaches: each class named must load from the package. */
    private static List<String> missingReferences(ClassLoader loader, String handler) {
        List<String> missing = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(handler));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            for (String reference : References.of(Packages.read(loader, name))) {
                try {
                    Class.forName(reference.replace('/', '.'), false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    missing.add(reference + " (from " + name + ")");
                    continue;
                }
                if (reference.startsWith("dev/sjl/")) {
                    todo.add(reference);
                }
            }
        }
        return missing;
    }

    private static Set<String> libraries(Path zip) throws IOException {
        try (ZipFile file = new ZipFile(zip.toFile())) {
            Set<String> names = new TreeSet<>();
            file.stream().filter(e -> e.getName().startsWith("lib/")).forEach(e -> names.add(e.getName()));
            return names;
        }
    }
}
