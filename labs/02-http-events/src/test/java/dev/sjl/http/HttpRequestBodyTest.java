package dev.sjl.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.sjl.kit.fuzz.StarterTodo;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.sjl.http.Fixtures.assertWrittenForTheClient;
import static dev.sjl.http.Fixtures.attempt;
import static dev.sjl.http.Fixtures.event;
import static dev.sjl.http.Fixtures.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

@DisplayName("Task 3: request bodies and JSON")
class HttpRequestBodyTest {

    record NewUser(String name, String email) {
    }

    record Address(String city, String postcode) {
    }

    record Profile(String name, int age, Address address, List<Integer> scores) {
    }

    private static HttpRequest withBody(String body) {
        APIGatewayV2HTTPEvent event = event("create-user");
        event.setBody(body);
        return new HttpRequest(event);
    }

    private static HttpRequest withBase64(String contentType, byte[] bytes) {
        APIGatewayV2HTTPEvent event = event("create-user-base64");
        event.getHeaders().put("content-type", contentType);
        event.setBody(Base64.getEncoder().encodeToString(bytes));
        return new HttpRequest(event);
    }

    /**
     * Expects json() to refuse the body with 400 invalid_json and a message written for the client. {@code rule} says
     * which case this is and what the learner's code must do, so the failure names it.
     */
    private static HttpException invalidJson(String rule, HttpRequest request, Class<?> type) {
        HttpException e = refused(rule + ": json() must throw an HttpException for a body that cannot become a "
                + type.getSimpleName(), () -> request.json(type));
        assertThat(e.status()).as(rule + ": a client's bad JSON is a 400").isEqualTo(400);
        assertThat(e.code()).as(rule + ": the error code for any unusable JSON body").isEqualTo("invalid_json");
        assertWrittenForTheClient(rule, e.getMessage(), request.event().getBody());
        return e;
    }

    @Test
    @Tag("task:3")
    @DisplayName("Returns a plain body as sent, and an empty string when there is none")
    void plainBody() {
        String plain = "isBase64Encoded is false: the body is the text itself";
        assertThat(attempt(plain, () -> new HttpRequest(event("create-user")).body())).as(plain)
                .isEqualTo("{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}");
        String none = "a GET has no body field at all: return \"\", never null";
        assertThat(attempt(none, () -> new HttpRequest(event("get-user")).body())).as(none).isEmpty();
        assertThat(new HttpRequest(event("get-user")).event().getCookies())
                .as("payload 2.0 moves cookies out of the headers into the event's cookies list")
                .containsExactly("theme=dark", "session=opaque-session-id");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Decodes a body that API Gateway base64-encoded")
    void base64Body() {
        HttpRequest request = new HttpRequest(event("create-user-base64"));

        String decode = "isBase64Encoded is true: decode the base64 body (standard base64, UTF-8 text)";
        assertThat(attempt(decode, request::body)).as(decode)
                .isEqualTo("{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}");
        assertThat(attempt("json() reads the decoded body", () -> request.json(NewUser.class)))
                .as("json() reads the decoded body").isEqualTo(new NewUser("Ada Lovelace", "ada@example.com"));
    }

    @Test
    @Tag("task:3")
    @DisplayName("Decodes non-ASCII text in a base64 body as UTF-8")
    void base64BodyIsUtf8() {
        HttpRequest request = withBase64("application/octet-stream", "Zoë ✓".getBytes(StandardCharsets.UTF_8));

        String utf8 = "decode the base64 bytes as UTF-8, by name: the JVM's default charset is not UTF-8 everywhere "
                + "(these tests run with ISO-8859-1 as the default)";
        assertThat(attempt(utf8, request::body)).as(utf8).isEqualTo("Zoë ✓");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Lets the isBase64Encoded flag decide, not the Content-Type, and reads standard base64")
    void theFlagDecides() {
        HttpRequest json = withBase64("application/json", "{\"name\":\"Ada\"}".getBytes(StandardCharsets.UTF_8));
        String base64 = "the isBase64Encoded flag decides, not the Content-Type: this body is base64 although it "
                + "claims to be application/json";
        assertThat(attempt(base64, json::body)).as(base64).isEqualTo("{\"name\":\"Ada\"}");

        APIGatewayV2HTTPEvent plain = event("create-user");
        plain.getHeaders().put("content-type", "application/octet-stream");
        String text = "the isBase64Encoded flag decides, not the Content-Type: this body is not base64 although it "
                + "claims to be binary";
        assertThat(attempt(text, () -> new HttpRequest(plain).body())).as(text)
                .isEqualTo("{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}");

        APIGatewayV2HTTPEvent standard = event("create-user-base64");
        standard.setBody("fn5+Pz8/");
        String alphabet = "API Gateway uses standard base64, whose alphabet has '+' and '/' (not the URL-safe '-' and "
                + "'_'): fn5+Pz8/ is ~~~???";
        assertThat(attempt(alphabet, () -> new HttpRequest(standard).body())).as(alphabet).isEqualTo("~~~???");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Answers 400 invalid_body when a body marked base64 is not base64")
    void brokenBase64() {
        APIGatewayV2HTTPEvent event = event("create-user-base64");
        event.setBody("not base64!");

        HttpException e = refused("a body marked base64 that is not base64 is the client's mistake: throw "
                + "HttpException 400 invalid_body", () -> new HttpRequest(event).body());
        assertThat(e.status()).as("a body that is not base64 is a 400").isEqualTo(400);
        assertThat(e.code()).as("the error code for a body marked base64 that is not base64").isEqualTo("invalid_body");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Answers 400 invalid_body when a base64 body's bytes are not UTF-8")
    void base64BodyThatIsNotUtf8() {
        for (byte[] bytes : new byte[][] {{'A', (byte) 0xC3, '('}, {'A', (byte) 0xFF}, {(byte) 0xC0, (byte) 0xAF},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}}) {
            HttpRequest request = withBase64("application/json", bytes);
            HttpException e = refused("a base64 body whose bytes are not UTF-8 is the client's mistake: 400 "
                    + "invalid_body (new String(bytes, UTF_8) does not tell: it replaces them with U+FFFD)",
                    request::body);
            assertThat(e.code()).as("bytes that are not UTF-8: the error code for a body we cannot read")
                    .isEqualTo("invalid_body");
        }
    }

    @Test
    @Tag("task:3")
    @DisplayName("Parses a JSON body into a record")
    void parsesJson() {
        assertThat(attempt("json(NewUser.class) binds a valid body's fields by name",
                () -> new HttpRequest(event("create-user")).json(NewUser.class)))
                .as("json(NewUser.class) binds the fields by name")
                .isEqualTo(new NewUser("Ada Lovelace", "ada@example.com"));
        assertThat(attempt("json() binds numbers, lists and absent fields (null) too",
                () -> withBody("{\"name\":\"Ada\",\"age\":36,\"scores\":[1,2]}").json(Profile.class)))
                .as("numbers, lists and absent fields (null) bind too")
                .isEqualTo(new Profile("Ada", 36, null, List.of(1, 2)));
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects malformed JSON with 400 invalid_json that says where, without echoing the body")
    void malformedJson() {
        HttpException e = invalidJson("broken syntax", new HttpRequest(event("create-user-malformed")), NewUser.class);

        assertThat(e.getMessage())
                .as("say where the syntax breaks (line and column) so the client can fix it")
                .contains("line 1").contains("column");
        assertThat(e.getMessage())
                .as("never echo the body: it can hold a password, and it can be megabytes long")
                .doesNotContain("Ada Lovelace");
    }

    // tag::test-hostile-json[]
    @Test
    @Tag("task:3")
    @DisplayName("Rejects JSON that breaks inside a field's value with 400 invalid_json, not a 500")
    void brokenInsideAValue() {
        List<Map.Entry<String, String>> cases = List.of(
                Map.entry("a string cut short", "{\"name\":\"a"),
                Map.entry("a raw line feed inside a string", "{\"name\":\"a\nb\"}"),
                Map.entry("a raw NUL inside a string", "{\"name\":\"a\u0000b\"}"),
                Map.entry("a raw TAB inside a string", "{\"name\":\"a\tb\"}"),
                Map.entry("a bad escape inside a string", "{\"name\":\"\\q\"}"),
                Map.entry("a list cut short", "{\"scores\":[1,"));
        for (Map.Entry<String, String> broken : cases) {
            HttpException e = invalidJson(broken.getKey() + ", broken JSON inside a field's value (Jackson reports it "
                    + "wrapped in a JsonMappingException, not as a StreamReadException: catch what the parser refuses "
                    + "wherever it is)", withBody(broken.getValue()), Profile.class);
            assertThat(e.getMessage()).as(broken.getKey() + ": say where the syntax breaks").contains("line 1");
        }
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects a number, a name or a nesting past the parser's limits with 400 invalid_json")
    void pastTheParserLimits() {
        List<Map.Entry<String, String>> cases = List.of(
                Map.entry("a number of 1,001 digits", "{\"age\":" + "1".repeat(1_001) + "}"),
                Map.entry("a number of 1,001 digits in a list", "{\"scores\":[" + "1".repeat(1_001) + "]}"),
                Map.entry("a field name of 50,001 characters", "{\"" + "n".repeat(50_001) + "\":1}"),
                Map.entry("nesting 1,001 levels deep", "{\"extra\":" + "[".repeat(1_001) + "]".repeat(1_001) + "}"),
                Map.entry("nesting 10,000 levels deep", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000)));
        for (Map.Entry<String, String> tooBig : cases) {
            invalidJson(tooBig.getKey() + " (a parser limit: Jackson throws a StreamConstraintsException, which is no "
                    + "StreamReadException)", withBody(tooBig.getValue()), Profile.class);
        }
    }

    @Test
    @Tag("task:3")
    @DisplayName("Names a number too large for its field as a wrong type")
    void numbersOutOfRange() {
        for (String number : new String[] {"99999999999", "1e999999"}) {
            HttpException e = invalidJson("a number out of range for an int, " + number,
                    withBody("{\"age\":" + number + "}"), Profile.class);
            assertThat(e.getMessage()).as("a number out of range for an int: name the field 'age'").contains("'age'");
        }
    }
    // end::test-hostile-json[]

    @Test
    @Tag("task:3")
    @DisplayName("Rejects a field sent twice")
    void duplicateKeys() {
        invalidJson("a field sent twice, {\"name\":\"Ada\",\"name\":\"admin\"} (a proxy may read the first value and "
                + "Jackson the last)", withBody("{\"name\":\"Ada\",\"name\":\"admin\"}"), NewUser.class);
    }

    @Test
    @Tag("task:3")
    @DisplayName("Refuses a JSON body over 64 KiB with 413, counting bytes, not characters")
    void bodyLimitInBytes() {
        String name = "é".repeat(40_000);
        HttpException bytes = refused("a body of 40,000 'é' is 80,000 bytes of UTF-8 but only 40,000 chars: "
                + "measure MAX_JSON_BYTES in UTF-8 bytes, not in chars, and refuse it with 413",
                () -> withBody("{\"name\":\"" + name + "\"}").json(NewUser.class));
        assertThat(bytes.status())
                .as("a body over MAX_JSON_BYTES is 413 (Content Too Large), measured in UTF-8 bytes").isEqualTo(413);
        assertThat(bytes.code()).as("the error code for a body over the limit").isEqualTo("payload_too_large");
        assertWrittenForTheClient("a body over the limit", bytes.getMessage(), name);

        APIGatewayV2HTTPEvent base64 = event("create-user-base64");
        base64.setBody(Base64.getEncoder().encodeToString(("{\"name\":\"" + "x".repeat(70_000) + "\"}")
                .getBytes(StandardCharsets.UTF_8)));
        assertThat(refused("a base64 body of 70,000 bytes once decoded is over the limit too: answer 413",
                () -> new HttpRequest(base64).json(NewUser.class)).status())
                .as("a base64 body is measured once decoded: 413").isEqualTo(413);

        String filler = "x".repeat(HttpRequest.MAX_JSON_BYTES - "{\"name\":\"\"}".length());
        assertThat(attempt("a body of exactly MAX_JSON_BYTES bytes is within the limit: parse it",
                () -> withBody("{\"name\":\"" + filler + "\"}").json(NewUser.class)).name())
                .as("a body of exactly MAX_JSON_BYTES bytes is within the limit").hasSize(filler.length());

        // 1,000 emoji (4 bytes, two chars each), 1,000 '€' (3 bytes), 1,000 'é' (2 bytes), the last 1- and 2-byte and
        // the first 2- and 3-byte characters, and ASCII up to exactly MAX_JSON_BYTES bytes.
        String mixed = "\uD83D\uDE00".repeat(1_000) + "€".repeat(1_000) + "é".repeat(1_000) + "\u007f\u0080\u07ff\u0800";
        String exact = mixed + "x".repeat(HttpRequest.MAX_JSON_BYTES - "{\"name\":\"\"}".length()
                - mixed.getBytes(StandardCharsets.UTF_8).length);
        String count = "count the UTF-8 bytes exactly (1 below U+0080, 2 below U+0800, 4 for a surrogate pair such as "
                + "an emoji, 3 otherwise): ";
        assertThat(attempt(count + "this body is exactly MAX_JSON_BYTES bytes, within the limit",
                () -> withBody("{\"name\":\"" + exact + "\"}").json(NewUser.class)).name())
                .as(count + "this body is exactly MAX_JSON_BYTES bytes").isEqualTo(exact);
        assertThat(refused(count + "this body is one byte over MAX_JSON_BYTES: 413",
                () -> withBody("{\"name\":\"" + exact + "x\"}").json(NewUser.class)).status())
                .as(count + "one byte over is a 413").isEqualTo(413);
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects an empty or blank body with 400 invalid_json")
    void emptyBody() {
        HttpException missing = invalidJson("no body", new HttpRequest(event("get-user")), NewUser.class);
        assertThat(missing.getMessage()).as("a missing body: say that the body is empty").containsIgnoringCase("empty");

        HttpException blank = invalidJson("a blank body", withBody("  \n "), NewUser.class);
        assertThat(blank.getMessage()).as("whitespace only: say that the body is empty").containsIgnoringCase("empty");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects a JSON null body with 400 invalid_json")
    void nullBody() {
        HttpException e = invalidJson("the body null", withBody("null"), NewUser.class);
        assertThat(e.getMessage()).as("null is valid JSON but not a user: say so").containsIgnoringCase("null");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Names an unknown field, so a typo like 'emial' is not silently ignored")
    void unknownField() {
        HttpException e = invalidJson("an unknown field", withBody("{\"name\":\"Ada\",\"emial\":\"ada@example.com\"}"),
                NewUser.class);
        assertThat(e.getMessage()).as("name the field the type does not have").contains("'emial'");

        HttpException lineBreak = invalidJson("an unknown field whose name holds a line break",
                withBody("{\"a\\nb\":1}"), NewUser.class);
        assertThat(lineBreak.getMessage())
                .as("a field name with a line break or another control character is not repeated as it is: it would "
                        + "break the line of any log that shows the message").doesNotContain("\n");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Does not repeat an unknown field's name of 10,000 characters")
    void unknownFieldNameIsBounded() {
        String name = "n".repeat(10_000);
        HttpException e = invalidJson("an unknown field whose name has 10,000 characters (the client chose it: "
                + "bound or omit it, never echo unbounded input)", withBody("{\"" + name + "\":1}"), NewUser.class);
        assertThat(e.getMessage()).as("never echo unbounded input: the name is 10,000 characters")
                .doesNotContain("nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Names the field whose value has the wrong type, with its path")
    void wrongType() {
        HttpException age = invalidJson("a string for an int", withBody("{\"name\":\"Ada\",\"age\":\"old\"}"),
                Profile.class);
        assertThat(age.getMessage()).as("say which field is wrong").contains("'age'");

        HttpException city = invalidJson("an array for a nested string", withBody("{\"address\":{\"city\":[1]}}"),
                Profile.class);
        assertThat(city.getMessage()).as("a nested field is named by its path").contains("'address.city'");

        HttpException score = invalidJson("a string in a list of ints", withBody("{\"scores\":[1,\"x\"]}"),
                Profile.class);
        assertThat(score.getMessage()).as("a list element is named by its index").contains("'scores[1]'");
        HttpException first = invalidJson("a string first in a list of ints", withBody("{\"scores\":[\"x\"]}"),
                Profile.class);
        assertThat(first.getMessage()).as("indexes start at 0").contains("'scores[0]'");

        HttpException primitive = invalidJson("null for an int", withBody("{\"age\":null}"), Profile.class);
        assertThat(primitive.getMessage()).as("null for an int is a wrong type, not a zero").contains("'age'");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects a body of the wrong shape and trailing garbage")
    void wrongShapeAndTrailingTokens() {
        HttpException array = invalidJson("an array for an object", withBody("[\"Ada\"]"), NewUser.class);
        assertThat(array.getMessage()).as("an array where an object is expected: say the shape is wrong")
                .containsIgnoringCase("shape");

        invalidJson("trailing garbage", withBody("{\"name\":\"Ada\",\"email\":\"ada@example.com\"} trailing"),
                NewUser.class);
    }

    @Test
    @Tag("task:3")
    @DisplayName("Treats a type Jackson cannot bind as our bug (a 500 later), not as the client's 400")
    void typeThatCannotBeBoundIsOurBug() {
        Throwable thrown = catchThrowable(() -> withBody("{\"name\":\"Ada\"}").json(Runnable.class));
        StarterTodo.rethrow(thrown);

        assertThat(thrown)
                .as("json(Runnable.class) cannot work whatever the client sends: that is our bug, so not an "
                        + "HttpException (a 400 would blame the client); let it become a 500 with an unchecked exception")
                .isNotNull().isNotInstanceOf(HttpException.class).isInstanceOf(RuntimeException.class);
    }
}
