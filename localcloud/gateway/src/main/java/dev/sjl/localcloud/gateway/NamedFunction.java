package dev.sjl.localcloud.gateway;

import com.amazonaws.services.lambda.runtime.Context;
import dev.sjl.localcloud.functions.FunctionException;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;
import dev.sjl.localcloud.functions.Invocation;
import dev.sjl.localcloud.functions.LocalFunction;
import dev.sjl.localcloud.context.LocalLambdaContext;

import java.util.Objects;
import java.util.function.Function;

/**
 * A function behind a route or an authorizer, with the name its context and the gateway's log lines carry. Built
 * from the local cloud's {@link Functions} (so a handler is fed by the Lambda runtime's serializer), or taken from a
 * {@link FunctionRegistry}, where the same function also serves the Invoke API and event sources.
 */
record NamedFunction(String name, LocalFunction function) {

    NamedFunction {
        LocalLambdaContext.requireFunctionName(name);
        Objects.requireNonNull(function, "function");
    }

    /** A function reached by its JSON payload only; answering nothing is an error, as an empty Lambda response is. */
    static NamedFunction json(String name, Function<String, String> invoke) {
        Objects.requireNonNull(invoke, "invoke");
        return new NamedFunction(name, Functions.json(payload -> {
            String output = invoke.apply(payload);
            if (output == null) {
                throw new IllegalStateException("Function " + name + " returned no payload");
            }
            return output;
        }));
    }

    /**
     * The function registered under {@code name}, looked up at each request, so it may be registered after the
     * route is configured. It runs with its own registered timeout; the gateway still stops waiting at the
     * integration timeout.
     */
    static NamedFunction registered(FunctionRegistry registry, String name) {
        Objects.requireNonNull(registry, "registry");
        String plainName = FunctionRegistry.functionName(name);
        return new NamedFunction(plainName, (payload, context) -> {
            Invocation invocation = registry.invoke(plainName, payload);
            if (!invocation.succeeded()) {
                throw new FunctionException(invocation.errorType(), invocation.errorMessage());
            }
            return invocation.response();
        });
    }

    String invoke(String payload, Context context) throws Exception {
        return function.invoke(payload, context);
    }
}
