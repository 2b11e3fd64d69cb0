package dev.sjl.localcloud.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.sjl.localcloud.functions.FunctionRegistry;
import dev.sjl.localcloud.functions.Functions;

import java.util.Objects;
import java.util.function.Function;

/**
 * Where a route sends its requests: a Lambda function, as a payload format 2.0 proxy integration. A handler in this
 * JVM, any function reachable by its JSON payload (the shape of Lambda's Invoke API), or a function of the local
 * cloud's {@link FunctionRegistry} (in process or out of process), without the gateway knowing the difference.
 */
public final class Integration {

    private final NamedFunction function;

    private Integration(NamedFunction function) {
        this.function = function;
    }

    /**
     * A handler in this JVM. The event is built as JSON and read into {@link APIGatewayV2HTTPEvent} by the Lambda
     * runtime's serializer, and the result is written back the same way, so an {@code APIGatewayV2HTTPResponse},
     * a {@code String} or a {@code Map} behave as they would on Lambda. The handler is shared by concurrent
     * requests: unlike one Lambda execution environment, it must be thread-safe.
     */
    public static Integration handler(String functionName, RequestHandler<APIGatewayV2HTTPEvent, ?> handler) {
        return new Integration(new NamedFunction(functionName,
                Functions.handler(APIGatewayV2HTTPEvent.class, Objects.requireNonNull(handler, "handler"))));
    }

    /** A function reached by its JSON payload only: event JSON in, response JSON out. */
    public static Integration function(String functionName, Function<String, String> invoke) {
        return new Integration(NamedFunction.json(functionName, invoke));
    }

    /**
     * The function registered under {@code functionName} in the local cloud's {@link FunctionRegistry}: the same
     * function the Invoke API, Cognito triggers and event sources call, and whose invocations the registry records.
     * It is looked up at each request.
     */
    public static Integration registered(FunctionRegistry registry, String functionName) {
        return new Integration(NamedFunction.registered(registry, functionName));
    }

    NamedFunction function() {
        return function;
    }

}
