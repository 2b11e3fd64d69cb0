package dev.sjl.localcloud.gateway;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * JSON ⇄ Java as the Java Lambda runtime does it, with the runtime's own serialization library. The runtime keeps
 * special mix-ins for a list of older event classes; the HTTP API classes ({@code APIGatewayV2HTTPEvent}, its
 * response, the authorizer event) are not on it, so it reads and writes them, and whatever a handler returns,
 * through its Jackson factory (nulls left out). A handler tested through the gateway therefore sees the same
 * objects, and produces the same JSON, as on Lambda.
 */
final class RuntimeSerialization {

    private static final Map<Class<?>, PojoSerializer<?>> SERIALIZERS = new ConcurrentHashMap<>();

    private RuntimeSerialization() {
    }

    @SuppressWarnings("unchecked")
    static <T> PojoSerializer<T> serializerFor(Class<T> type) {
        return (PojoSerializer<T>) SERIALIZERS.computeIfAbsent(type,
                t -> JacksonFactory.getInstance().getSerializer(t));
    }

    /** The runtime writes a null result as the JSON literal {@code null}. */
    @SuppressWarnings("unchecked")
    static String toJson(Object value) {
        if (value == null) {
            return "null";
        }
        PojoSerializer<Object> serializer = (PojoSerializer<Object>) serializerFor(value.getClass());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer.toJson(value, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
