package dev.sjl.localcloud;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A function behind the local Lambda Invoke endpoint: JSON payload in, JSON result out, as Lambda's Invoke API. */
@FunctionalInterface
public interface LambdaFunction {
    String invoke(String payload) throws Exception;

    /** A body that maps the payload to and from Java types with Jackson, as a typed Lambda handler would see it. */
    interface TypedBody<I, O> {
        O apply(I input) throws Exception;
    }

    /**
     * Adapts a typed body, e.g. {@code LambdaFunction.typed(CognitoUserPoolPreSignUpEvent.class, e -> …)}.
     * Unknown JSON members are ignored, as the Lambda runtime's serializer ignores them.
     */
    static <I, O> LambdaFunction typed(Class<I> inputType, TypedBody<I, O> body) {
        ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        return payload -> mapper.writeValueAsString(body.apply(mapper.readValue(payload, inputType)));
    }
}
