package dev.sjl.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static dev.sjl.http.Fixtures.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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

    /** Expects json() to refuse the body; any other exception (your TODO included) fails the test as it is. */
    private static HttpException invalidJson(HttpRequest request, Class<?> type) {
        HttpException e = refused(() -> request.json(type),
                "json() must throw an HttpException for a body that cannot become a " + type.getSimpleName());
        assertThat(e.status()).as("a client's bad JSON is a 400").isEqualTo(400);
        assertThat(e.code()).as("the error code for any unusable JSON body").isEqualTo("invalid_json");
        return e;
    }

    private static HttpException refused(Runnable call, String instruction) {
        try {
            call.run();
        } catch (HttpException e) {
            return e;
        }
        return fail(instruction);
    }

    @Test
    @Tag("task:3")
    @DisplayName("Returns a plain body as sent, and an empty string when there is none")
    void plainBody() {
        assertThat(new HttpRequest(event("create-user")).body())
                .as("isBase64Encoded is false: the body is the text itself")
                .isEqualTo("{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}");
        assertThat(new HttpRequest(event("get-user")).body())
                .as("a GET has no body field at all: return \"\", never null").isEmpty();
        assertThat(new HttpRequest(event("get-user")).event().getCookies())
                .as("payload 2.0 moves cookies out of the headers into the event's cookies list")
                .containsExactly("theme=dark", "session=opaque-session-id");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Decodes a body that API Gateway base64-encoded")
    void base64Body() {
        HttpRequest request = new HttpRequest(event("create-user-base64"));

        assertThat(request.body())
                .as("isBase64Encoded is true: decode the body (standard base64, UTF-8 text)")
                .isEqualTo("{\"name\":\"Ada Lovelace\",\"email\":\"ada@example.com\"}");
        assertThat(request.json(NewUser.class))
                .as("json() reads the decoded body").isEqualTo(new NewUser("Ada Lovelace", "ada@example.com"));
    }

    @Test
    @Tag("task:3")
    @DisplayName("Decodes non-ASCII text in a base64 body as UTF-8")
    void base64BodyIsUtf8() {
        APIGatewayV2HTTPEvent event = event("create-user-base64");
        event.setBody(Base64.getEncoder().encodeToString("Zoë ✓".getBytes(StandardCharsets.UTF_8)));

        assertThat(new HttpRequest(event).body()).as("decode the bytes as UTF-8").isEqualTo("Zoë ✓");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Answers 400 invalid_body when a body marked base64 is not base64")
    void brokenBase64() {
        APIGatewayV2HTTPEvent event = event("create-user-base64");
        event.setBody("not base64!");

        HttpException e = refused(() -> new HttpRequest(event).body(),
                "a decoding failure is the client's problem: throw HttpException 400 invalid_body");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("invalid_body");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Parses a JSON body into a record")
    void parsesJson() {
        assertThat(new HttpRequest(event("create-user")).json(NewUser.class))
                .as("json(NewUser.class) binds the fields by name")
                .isEqualTo(new NewUser("Ada Lovelace", "ada@example.com"));
        assertThat(withBody("{\"name\":\"Ada\",\"age\":36,\"scores\":[1,2]}").json(Profile.class))
                .as("numbers, lists and absent fields (null) bind too")
                .isEqualTo(new Profile("Ada", 36, null, List.of(1, 2)));
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects malformed JSON with 400 invalid_json that says where, without echoing the body")
    void malformedJson() {
        HttpException e = invalidJson(new HttpRequest(event("create-user-malformed")), NewUser.class);

        assertThat(e.getMessage())
                .as("say where the syntax breaks (line and column) so the client can fix it")
                .contains("line 1").contains("column");
        assertThat(e.getMessage())
                .as("never echo the body: it can hold a password, and it can be megabytes long")
                .doesNotContain("Ada Lovelace");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects an empty or blank body with 400 invalid_json")
    void emptyBody() {
        HttpException missing = invalidJson(new HttpRequest(event("get-user")), NewUser.class);
        assertThat(missing.getMessage()).as("say that the body is empty").containsIgnoringCase("empty");

        HttpException blank = invalidJson(withBody("  \n "), NewUser.class);
        assertThat(blank.getMessage()).as("whitespace only is empty too").containsIgnoringCase("empty");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects a JSON null body with 400 invalid_json")
    void nullBody() {
        HttpException e = invalidJson(withBody("null"), NewUser.class);
        assertThat(e.getMessage()).as("null is valid JSON but not a user: say so").containsIgnoringCase("null");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Names an unknown field, so a typo like 'emial' is not silently ignored")
    void unknownField() {
        HttpException e = invalidJson(withBody("{\"name\":\"Ada\",\"emial\":\"ada@example.com\"}"), NewUser.class);
        assertThat(e.getMessage()).as("name the field the type does not have").contains("'emial'");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Names the field whose value has the wrong type, with its path")
    void wrongType() {
        HttpException age = invalidJson(withBody("{\"name\":\"Ada\",\"age\":\"old\"}"), Profile.class);
        assertThat(age.getMessage()).as("say which field is wrong").contains("'age'");

        HttpException city = invalidJson(withBody("{\"address\":{\"city\":[1]}}"), Profile.class);
        assertThat(city.getMessage()).as("a nested field is named by its path").contains("'address.city'");

        HttpException score = invalidJson(withBody("{\"scores\":[1,\"x\"]}"), Profile.class);
        assertThat(score.getMessage()).as("a list element is named by its index").contains("'scores[1]'");

        HttpException primitive = invalidJson(withBody("{\"age\":null}"), Profile.class);
        assertThat(primitive.getMessage()).as("null for an int is a wrong type, not a zero").contains("'age'");
    }

    @Test
    @Tag("task:3")
    @DisplayName("Rejects a body of the wrong shape and trailing garbage")
    void wrongShapeAndTrailingTokens() {
        HttpException array = invalidJson(withBody("[\"Ada\"]"), NewUser.class);
        assertThat(array.getMessage()).as("an array where an object is expected: say the shape is wrong")
                .containsIgnoringCase("shape");

        invalidJson(withBody("{\"name\":\"Ada\",\"email\":\"ada@example.com\"} trailing"), NewUser.class);
    }
}
