package dev.sjl.localcloud.gateway;

import com.amazonaws.services.lambda.runtime.Context;

import java.util.function.Function;

/** A function reached through its JSON payload only, e.g. a runtime in another process behind the Runtime API. */
final class JsonFunction implements LambdaFunction {

    private final String name;
    private final Function<String, String> invoke;

    JsonFunction(String name, Function<String, String> invoke) {
        this.name = name;
        this.invoke = invoke;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String invoke(String payload, Context context) {
        String output = invoke.apply(payload);
        if (output == null) {
            throw new IllegalStateException("Function " + name + " returned no payload");
        }
        return output;
    }
}
