package dev.sjl.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.kit.fuzz.StarterTodo;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.function.ThrowingSupplier;

import java.util.HashMap;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Loads the payload 2.0 events under src/test/resources/events, runs the code under test and reads responses. */
public final class Fixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The longest run of client input a message may repeat: a short field name is fine, a long one is an echo. */
    private static final int ECHO = 64;

    /** Words only Jackson (or a Java stack trace) would write: a client's message must be in our own words. */
    private static final List<String> LIBRARY_WORDS = List.of("Unrecognized field", "Cannot deserialize",
            "Cannot construct", "not marked as ignorable", "Unexpected character", "Unexpected end-of-input",
            "Illegal unquoted", "exceeds the maximum", "StreamReadConstraints", "Source:", "REDACTED", "JsonToken",
            "jackson", "Exception", "java.", "dev.sjl", "[line:");

    private Fixtures() {
    }

    /** A fresh copy of an event fixture, e.g. {@code event("get-user")}; tests may change it freely. */
    public static APIGatewayV2HTTPEvent event(String name) {
        APIGatewayV2HTTPEvent event = EventLoader.loadApiGatewayHttpEvent("events/" + name + ".json");
        event.setHeaders(new HashMap<>(event.getHeaders()));
        return event;
    }

    /** The same event, sent by a browser script from {@code origin}. */
    public static APIGatewayV2HTTPEvent fromOrigin(APIGatewayV2HTTPEvent event, String origin) {
        event.getHeaders().put("origin", origin);
        return event;
    }

    /** The response's body parsed as JSON; fails the test when it is not JSON. */
    public static JsonNode body(APIGatewayV2HTTPResponse response) {
        try {
            return JSON.readTree(response.getBody() == null ? "" : response.getBody());
        } catch (JsonProcessingException e) {
            throw new AssertionError("The response body is not JSON: " + shown(response.getBody()), e);
        }
    }

    /** A header of the response by name in any case, or null. */
    public static String header(APIGatewayV2HTTPResponse response, String name) {
        if (response.getHeaders() == null) {
            return null;
        }
        return response.getHeaders().entrySet().stream()
                .filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(java.util.Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    /**
     * Runs code under test that must not throw. When it does, the test fails with {@code rule}, the sentence that
     * says what the code must do, and the exception as the cause; a starter's {@code "Task N:"} TODO stays the cause,
     * so the failure still names its task.
     */
    public static <T> T attempt(String rule, ThrowingSupplier<T> call) {
        try {
            return call.get();
        } catch (AssertionError failure) {
            throw failure;
        } catch (Throwable thrown) {
            StarterTodo.rethrow(thrown);
            throw new AssertionError(rule + " (it threw " + thrown.getClass().getSimpleName() + ": "
                    + shown(thrown.getMessage()) + ")", thrown);
        }
    }

    /**
     * Runs code under test that must refuse with an {@link HttpException}, and returns it. Anything else (nothing
     * thrown, another exception) fails the test with {@code rule}.
     */
    public static HttpException refused(String rule, Executable call) {
        Throwable thrown = null;
        try {
            call.execute();
        } catch (Throwable t) {
            StarterTodo.rethrow(t);
            thrown = t;
        }
        assertThat(thrown).as(rule + (thrown == null ? " (nothing was thrown)" : " (it threw "
                + thrown.getClass().getSimpleName() + ": " + shown(thrown.getMessage()) + ")"))
                .isInstanceOf(HttpException.class);
        return (HttpException) thrown;
    }

    /**
     * Checks that a message sent to a client was written for it: short, in our words, and without what the client
     * sent. {@code rule} names the case, so the failure says which input produced the message.
     */
    public static void assertWrittenForTheClient(String rule, String message, String... clientInput) {
        assertThat(message).as(rule + ": a message for the client, never null or blank").isNotBlank();
        assertThat(message.length()).as(rule + ": the message must be a short sentence of our own, not an echo of "
                + "unbounded input (got " + message.length() + " characters)").isLessThanOrEqualTo(200);
        for (String word : LIBRARY_WORDS) {
            assertThat(message).as(rule + ": write the message yourself; Jackson's text (and Java's) is for "
                    + "developers and can quote the body. Got: " + shown(message)).doesNotContain(word);
        }
        for (String input : clientInput) {
            if (input == null || input.length() <= ECHO) {
                continue;
            }
            // A few windows spread over the input: an echo of any long part of it contains at least one.
            for (int i = 0; i <= 8; i++) {
                int at = (int) ((long) (input.length() - ECHO - 1) * i / 8);
                String piece = input.substring(at, at + ECHO + 1);
                assertThat(message).as(rule + ": never echo what the client sent (more than " + ECHO
                        + " characters of it are in the message)").doesNotContain(piece);
            }
        }
    }


    /** Text as a failure message may show it: escaped, at most 120 characters. */
    public static String shown(String text) {
        if (text == null) {
            return "null";
        }
        String escaped = text.replace("\r", "\\r").replace("\n", "\\n").replace("\u0000", "\\0");
        return escaped.length() > 120 ? escaped.substring(0, 120) + "...(" + text.length() + " chars)" : escaped;
    }
}
