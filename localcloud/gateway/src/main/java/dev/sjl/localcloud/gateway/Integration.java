package dev.sjl.localcloud.gateway;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.sjl.localcloud.context.LocalLambdaContext;

import java.util.Objects;
import java.util.function.Function;

/**
 * Where a route sends its requests: a Lambda function, as a payload format 2.0 proxy integration. Either a handler
 * in this JVM, or any function reachable by its JSON payload (the shape of Lambda's Invoke API), so a function
 * running in another process can sit behind a route without the gateway knowing the difference.
 */
public final class Integration {

    private final LambdaFunction function;

    private Integration(LambdaFunction function) {
        this.function = function;
    }

    /**
     * A handler in this JVM. The event is built as JSON and read into {@link APIGatewayV2HTTPEvent} by the Lambda
     * runtime's serializer, and the result is written back the same way, so an {@code APIGatewayV2HTTPResponse},
     * a {@code String} or a {@code Map} behave as they would on Lambda. The handler is shared by concurrent
     * requests: unlike one Lambda execution environment, it must be thread-safe.
     */
    public static Integration handler(String functionName, RequestHandler<APIGatewayV2HTTPEvent, ?> handler) {
        return new Integration(new InProcessFunction<>(LocalLambdaContext.requireFunctionName(functionName),
                APIGatewayV2HTTPEvent.class, Objects.requireNonNull(handler, "handler")));
    }

    /** A function reached by its JSON payload only: event JSON in, response JSON out. */
    public static Integration function(String functionName, Function<String, String> invoke) {
        return new Integration(new JsonFunction(LocalLambdaContext.requireFunctionName(functionName),
                Objects.requireNonNull(invoke, "invoke")));
    }

    LambdaFunction function() {
        return function;
    }

}
