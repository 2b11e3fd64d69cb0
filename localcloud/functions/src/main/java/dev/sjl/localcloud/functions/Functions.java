package dev.sjl.localcloud.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import dev.sjl.localcloud.lambda.InvocationResult;
import dev.sjl.localcloud.lambda.LocalLambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The ways to make a {@link LocalFunction}: a Java handler in this JVM, fed and read by the Lambda runtime's own
 * serializer ({@link RuntimeSerialization}), a function reached by its JSON payload only, or a runtime in another
 * process ({@link LocalLambda}, through the official runtime interface client).
 *
 * <pre>{@code
 * registry.register("thumbnail", Functions.handler(new ThumbnailHandler()));        // RequestHandler<S3Event, Void>
 * registry.register("welcome", Functions.handler(SQSEvent.class, (event, ctx) -> …)); // a lambda names its type
 * registry.register("resize", Functions.handlerClass(ResizeHandler.class));          // built on first invoke
 * }</pre>
 *
 * <p>An in-process handler is shared by concurrent invocations: unlike one Lambda execution environment, it must
 * be thread-safe.
 */
public final class Functions {

    private Functions() {
    }

    /**
     * A {@link RequestHandler} instance; its input type is read from its {@code handleRequest} method, as the runtime
     * reads it. A lambda has no such type at run time: use {@link #handler(Class, RequestHandler)} for one.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static LocalFunction handler(RequestHandler<?, ?> handler) {
        Objects.requireNonNull(handler, "handler");
        return handler((Class) inputType(handler.getClass()), (RequestHandler) handler);
    }

    /** A {@link RequestHandler} whose event is read into {@code inputType}. */
    public static <I> LocalFunction handler(Class<I> inputType, RequestHandler<I, ?> handler) {
        Objects.requireNonNull(inputType, "inputType");
        Objects.requireNonNull(handler, "handler");
        PojoSerializer<I> input = RuntimeSerialization.serializerFor(inputType);
        String name = handlerName(handler.getClass());
        return new LocalFunction() {
            @Override
            public String invoke(String payload, Context context) {
                return RuntimeSerialization.toJson(handler.handleRequest(input.fromJson(payload), context));
            }

            @Override
            public String handler() {
                return name;
            }
        };
    }

    /** A {@link RequestStreamHandler}: the payload's bytes in, whatever it writes out, as the runtime does it. */
    public static LocalFunction streamHandler(RequestStreamHandler handler) {
        Objects.requireNonNull(handler, "handler");
        String name = handlerName(handler.getClass());
        return new LocalFunction() {
            @Override
            public String invoke(String payload, Context context) throws Exception {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                handler.handleRequest(new ByteArrayInputStream(payload.getBytes(StandardCharsets.UTF_8)), out, context);
                return out.toString(StandardCharsets.UTF_8);
            }

            @Override
            public String handler() {
                return name;
            }
        };
    }

    /**
     * A handler class ({@link RequestHandler} or {@link RequestStreamHandler}) with a public no-argument
     * constructor, as Lambda's {@code Handler} setting names it. It is constructed on the first invocation (its
     * init), once; a constructor that throws fails that invocation and the next one tries again, as a failed init
     * does on Lambda.
     */
    public static LocalFunction handlerClass(Class<?> handlerClass) {
        Objects.requireNonNull(handlerClass, "handlerClass");
        if (!RequestHandler.class.isAssignableFrom(handlerClass) && !RequestStreamHandler.class.isAssignableFrom(handlerClass)) {
            throw new IllegalArgumentException(handlerClass.getName() + " implements neither RequestHandler nor RequestStreamHandler");
        }
        Constructor<?> constructor;
        try {
            constructor = handlerClass.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(handlerClass.getName() + " has no public no-argument constructor, which Lambda needs", e);
        }
        String name = handlerName(handlerClass);
        return new LocalFunction() {
            private volatile LocalFunction initialized;

            @Override
            public String invoke(String payload, Context context) throws Exception {
                LocalFunction function = initialized;
                if (function == null) {
                    synchronized (this) {
                        function = initialized;
                        if (function == null) {
                            function = initialized = of(construct(constructor));
                        }
                    }
                }
                return function.invoke(payload, context);
            }

            @Override
            public String handler() {
                return name;
            }
        };
    }

    /** A function reached by its JSON payload only: event JSON in, response JSON out. */
    public static LocalFunction json(JsonBody body) {
        Objects.requireNonNull(body, "body");
        return (payload, context) -> body.apply(payload);
    }

    /**
     * A function run out of process by {@link LocalLambda}: its own JVM started with the runtime interface client.
     * A failed invocation (the handler threw, a crash, a timeout) throws {@link FunctionException} with Lambda's
     * error type and message. The registry does not close it: its owner does.
     */
    public static LocalFunction outOfProcess(LocalLambda function) {
        Objects.requireNonNull(function, "function");
        return new LocalFunction() {
            @Override
            public String invoke(String payload, Context context) {
                InvocationResult result = function.invoke(payload);
                if (!result.isSuccess()) {
                    throw new FunctionException(result.errorType(), result.errorMessage());
                }
                return result.payload();
            }

            @Override
            public String handler() {
                return "out of process (runtime interface client)";
            }
        };
    }

    /** A function body over the payload's JSON text. */
    @FunctionalInterface
    public interface JsonBody {
        String apply(String payload) throws Exception;
    }

    private static LocalFunction of(Object handler) {
        return handler instanceof RequestStreamHandler stream ? streamHandler(stream) : handler((RequestHandler<?, ?>) handler);
    }

    private static Object construct(Constructor<?> constructor) throws Exception {
        try {
            return constructor.newInstance();
        } catch (InvocationTargetException e) {
            // The constructor's own exception is the init error Lambda reports, not the reflection wrapper.
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** The parameter type of the most specific one-event {@code handleRequest(I, Context)} the class declares. */
    static Class<?> inputType(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method method : c.getDeclaredMethods()) {
                if (method.getName().equals("handleRequest") && !method.isBridge() && !method.isSynthetic()
                        && method.getParameterCount() == 2 && method.getParameterTypes()[1] == Context.class) {
                    return method.getParameterTypes()[0];
                }
            }
        }
        return Object.class;
    }

    private static String handlerName(Class<?> type) {
        return type.isSynthetic() || type.isAnonymousClass() ? "in-process handler" : type.getName() + "::handleRequest";
    }
}
