package dev.sjl.functions;

import java.util.List;
import java.util.Objects;

/**
 * One Lambda function of the user service: its name, the class Lambda instantiates, its size, and what its package is
 * made of. The handler is a class reference, not a string, so a renamed handler breaks this build instead of a
 * deployment, and deploy's IAM coverage check reads the same class's bytecode.
 *
 * @param modules  the {@code dev.sjl} modules (artifactIds) whose code the function runs; their own {@code dev.sjl}
 *                 dependencies come with them
 * @param services the AWS SDK service modules (artifactIds, e.g. {@code s3}) whose classes the function's code names
 *                 (PackagesTest checks it loads them all): every other service's jar stays out of its package
 */
public record ServiceFunction(String name, Class<?> handler, int memoryMb, int timeoutSeconds, List<String> modules,
                              List<String> services) {

    public ServiceFunction {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(handler, "handler");
        modules = List.copyOf(modules);
        services = List.copyOf(services);
    }

    /** What Lambda's runtime calls: every handler here implements {@code RequestHandler}. */
    public String handlerString() {
        return handler.getName() + "::handleRequest";
    }
}
