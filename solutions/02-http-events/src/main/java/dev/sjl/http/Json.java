package dev.sjl.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** One mapper per container: building it is slow (cold start), and it is thread-safe once configured. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            // {"role":"user","role":"admin"}: a gateway, a WAF or a log reader may keep the first value while Jackson
            // keeps the last. One object, one value per name: a duplicate is a broken body.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build())
            // {"name":"a"} garbage must be rejected, not silently truncated to its first value.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // A missing int is an error, not a zero nobody sent.
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private Json() {
    }
}
