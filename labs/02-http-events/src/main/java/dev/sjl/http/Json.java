package dev.sjl.http;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One mapper per container: building it is slow (cold start), and it is thread-safe once configured. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper()
            // {"name":"a"} garbage must be rejected, not silently truncated to its first value.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // A missing int is an error, not a zero nobody sent.
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Json() {
    }
}
