package dev.sjl.localcloud.functions;

import com.amazonaws.services.lambda.runtime.Context;

/**
 * A Lambda function as its callers see it: Lambda's Invoke API, a JSON payload in and a JSON payload out. A handler
 * in this JVM and a runtime in another process look the same; build one with {@link Functions}. Whatever it throws
 * is the function's error (Lambda's {@code FunctionError: Unhandled}).
 */
@FunctionalInterface
public interface LocalFunction {

    String invoke(String payload, Context context) throws Exception;

    /** What {@code GetFunction} reports as the handler: {@code pkg.Class::handleRequest} where it is known. */
    default String handler() {
        // A lambda's class name is a JVM artefact (Foo$$Lambda/0x…), meaningless in a function listing.
        return getClass().isHidden() || getClass().isSynthetic() ? "in-process function" : getClass().getName();
    }
}
