package dev.sjl.attacks;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Hostile bodies on the public account routes: each a 4xx JSON error, never a 5xx, never a parser's message. */
@ExtendWith(Target.class)
@DisplayName("Input attacks on the public routes")
class InputAttacksTest {

    private static Target target;

    @BeforeAll
    static void setUp() {
        target = Target.get();
    }

    /** The routes below are the public POST /signup/confirm: /login has a throttle of its own (a burst would be 429). */
    private static String confirm(String email) {
        return "{\"email\":\"" + email + "\",\"code\":\"000000\"}";
    }

    @Test
    @DisplayName("413 · a 100 KB JSON body: over the functions' 64 KB JSON limit")
    void oversizedJson() {
        String body = "{\"email\":\"a@example.com\",\"code\":\"" + "x".repeat(100 * 1024) + "\"}";
        HttpResponse<String> response = target.send("POST", "signup/confirm", body, List.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
        Expect.jsonObject(response);
    }

    @Test
    @DisplayName("413 · an 11 MB body: refused by the gateway (API Gateway's 10 MB payload quota), no function runs")
    void bodyOverTheGatewayLimit() {
        byte[] body = new byte[11 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) 'a');
        HttpResponse<String> response = target.sendBytes("POST", "signup/confirm", body, List.of(), true);
        Expect.gatewayRefusal(response, 413, "Request Entity Too Large");
    }

    @Test
    @DisplayName("400 · JSON nested 10,000 deep: refused by the parser's depth limit, no stack overflow")
    void deeplyNested() {
        String body = "[".repeat(10_000) + "]".repeat(10_000);
        HttpResponse<String> response = target.send("POST", "signup/confirm", body, List.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        Expect.jsonObject(response);
    }

    @Test
    @DisplayName("400 · duplicate keys (email twice): strict duplicate detection, no last-one-wins smuggling")
    void duplicateKeys() {
        String body = "{\"email\":\"a@example.com\",\"email\":\"admin@sjl.example\",\"code\":\"000000\"}";
        HttpResponse<String> response = target.send("POST", "signup/confirm", body, List.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        Expect.jsonObject(response);
    }

    @Test
    @DisplayName("4xx · invalid UTF-8 bytes in the body: a client error, not a 5xx")
    void invalidUtf8() {
        byte[] prefix = "{\"email\":\"a".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "@example.com\",\"code\":\"000000\"}".getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[prefix.length + 3 + suffix.length];
        System.arraycopy(prefix, 0, body, 0, prefix.length);
        body[prefix.length] = (byte) 0xC3;
        body[prefix.length + 1] = (byte) 0x28;
        body[prefix.length + 2] = (byte) 0xFF;
        System.arraycopy(suffix, 0, body, prefix.length + 3, suffix.length);
        HttpResponse<String> response = target.sendBytes("POST", "signup/confirm", body, List.of(), true);
        assertThat(response.statusCode()).as(response.body()).isBetween(400, 499);
        Expect.jsonObject(response);
    }

    @Test
    @DisplayName("400 · a body that is base64 of JSON, sent as JSON text: never decoded unless the gateway flagged it")
    void base64TextIsNotDecoded() {
        String encoded = Base64.getEncoder().encodeToString(confirm(target.alice.email()).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = target.send("POST", "signup/confirm", encoded, List.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        Expect.jsonObject(response);
    }

    @Test
    @DisplayName("400 · isBase64Encoded set by the client inside the body: an unknown field, not a flag")
    void isBase64EncodedInTheBody() {
        String body = "{\"email\":\"a@example.com\",\"code\":\"000000\",\"isBase64Encoded\":true}";
        HttpResponse<String> response = target.send("POST", "signup/confirm", body, List.of());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        Expect.jsonObject(response);
    }

    @Test
    @DisplayName("400 invalid_code · a binary content type: the gateway base64-encodes and flags it, the function decodes by the flag")
    void binaryContentTypeIsDecodedByTheFlag() {
        HttpResponse<String> response = target.sendBytes("POST", "signup/confirm",
                confirm(target.alice.email()).getBytes(StandardCharsets.UTF_8),
                List.of("content-type", "application/octet-stream"), false);
        // Decoded, it is a well-formed confirmation with a wrong code; undecoded it would be invalid JSON.
        Expect.functionRefusal(response, 400, "invalid_code");
    }

    @Test
    @DisplayName("400 invalid_code · JSON sent as text/plain (a CORS simple request): read as JSON, same refusal as application/json")
    void wrongContentType() {
        HttpResponse<String> response = target.sendBytes("POST", "signup/confirm",
                confirm(target.alice.email()).getBytes(StandardCharsets.UTF_8),
                List.of("content-type", "text/plain"), false);
        Expect.functionRefusal(response, 400, "invalid_code");
    }

    @Test
    @DisplayName("400 · a JSON array, a string and null where an object belongs")
    void wrongJsonShapes() {
        for (String body : List.of("[]", "\"email\"", "null", "{\"email\":{\"$ne\":null},\"code\":\"1\"}")) {
            HttpResponse<String> response = target.send("POST", "signup/confirm", body, List.of());
            assertThat(response.statusCode()).as("%s → %s", body, response.body()).isEqualTo(400);
            Expect.jsonObject(response);
        }
    }
}
