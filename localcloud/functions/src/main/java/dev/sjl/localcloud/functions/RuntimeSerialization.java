package dev.sjl.localcloud.functions;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON ⇄ Java as the Java Lambda runtime does it, with the runtime's own serialization library and its choice of
 * serializer: the runtime interface client's {@code EventHandlerLoader} gives the event classes on
 * {@link LambdaEventSerializers}' list ({@code SQSEvent}, {@code DynamodbEvent}, {@code S3Event},
 * {@code ScheduledEvent}, …) their mix-ins (so {@code "S"} fills an {@code AttributeValue}'s {@code s}, and
 * {@code eventSourceARN} its field), and everything else, the HTTP API classes and whatever a handler returns
 * included, the plain Jackson factory (nulls left out). A handler invoked here therefore sees the same objects, and
 * produces the same JSON, as on Lambda.
 */
public final class RuntimeSerialization {

    private static final Map<Class<?>, PojoSerializer<?>> SERIALIZERS = new ConcurrentHashMap<>();

    private RuntimeSerialization() {
    }

    @SuppressWarnings("unchecked")
    public static <T> PojoSerializer<T> serializerFor(Class<T> type) {
        return (PojoSerializer<T>) SERIALIZERS.computeIfAbsent(type, t -> {
            if (LambdaEventSerializers.isLambdaSupportedEvent(t.getName())) {
                return LambdaEventSerializers.serializerFor(t, t.getClassLoader());
            }
            return JacksonFactory.getInstance().getSerializer(t);
        });
    }

    /** Reads {@code json} into {@code type}, as the runtime hands an event to a handler. */
    public static <T> T fromJson(String json, Class<T> type) {
        return serializerFor(type).fromJson(json);
    }

    /** The runtime writes a null result as the JSON literal {@code null}. */
    @SuppressWarnings("unchecked")
    public static String toJson(Object value) {
        if (value == null) {
            return "null";
        }
        PojoSerializer<Object> serializer = (PojoSerializer<Object>) serializerFor(value.getClass());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(value, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
