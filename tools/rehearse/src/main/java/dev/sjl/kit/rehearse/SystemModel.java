package dev.sjl.kit.rehearse;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The facts the drills are built from, as the references' code states them: each lab's Lambda handlers, the
 * routes their {@code routeTable()} returns and the variables their configuration classes list in
 * {@code ENVIRONMENT}.
 *
 * <p>It is extracted at build time by {@code SystemModelScanner} (a test source: it needs the references on the
 * classpath) into {@value #RESOURCE}, and the self-test fails when the file no longer matches the code. So {@code kit}
 * starts by reading a few kilobytes of JSON instead of loading every lab's classes and dependencies, and kit-cli
 * does not depend on the labs.
 */
record SystemModel(List<Lab> labs) {

    static final String RESOURCE = "/dev/sjl/kit/rehearse/system-model.json";

    SystemModel {
        labs = List.copyOf(labs);
    }

    /** One reference module, e.g. {@code 02-http-events}, with the handlers it defines. */
    record Lab(String lab, List<Handler> handlers) {
        Lab {
            handlers = List.copyOf(handlers);
        }
    }

    /**
     * A Lambda handler class.
     *
     * @param handler     fully qualified class name
     * @param input       simple name of the event type, e.g. {@code APIGatewayV2HTTPEvent}
     * @param output      simple name of the result type
     * @param routes      its {@code routeTable()}, in registration order; empty for a handler without HTTP routes
     * @param environment the variables its configuration declares, in declaration order
     */
    record Handler(String handler, String input, String output, List<Route> routes, List<Variable> environment) {
        Handler {
            routes = List.copyOf(routes);
            environment = List.copyOf(environment);
        }

        String simpleName() {
            return handler.substring(handler.lastIndexOf('.') + 1);
        }
    }

    record Route(String method, String path, String access) {
    }

    /** An {@code EnvVar} of a configuration class; {@code declaredIn} is that class's simple name. */
    record Variable(String name, boolean required, boolean secret, String description, String declaredIn) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The model shipped in this jar. */
    static SystemModel builtIn() {
        try (InputStream in = SystemModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from kit-rehearse's jar");
            }
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + RESOURCE, e);
        }
    }

    static SystemModel read(InputStream in) throws IOException {
        return JSON.readValue(in, SystemModel.class);
    }

    /** Stable, diff-friendly JSON: the order of the lists is the model's own, two-space indent, LF line ends. */
    String toJson() {
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return JSON.writer(printer).writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
