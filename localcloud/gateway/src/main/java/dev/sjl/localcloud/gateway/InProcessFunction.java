package dev.sjl.localcloud.gateway;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;

/** A {@link RequestHandler} in this JVM, fed and read through the runtime's serializer as Lambda would. */
final class InProcessFunction<I> implements LambdaFunction {

    private final String name;
    private final PojoSerializer<I> input;
    private final RequestHandler<I, ?> handler;

    InProcessFunction(String name, Class<I> inputType, RequestHandler<I, ?> handler) {
        this.name = name;
        this.input = RuntimeSerialization.serializerFor(inputType);
        this.handler = handler;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String invoke(String payload, Context context) {
        return RuntimeSerialization.toJson(handler.handleRequest(input.fromJson(payload), context));
    }
}
