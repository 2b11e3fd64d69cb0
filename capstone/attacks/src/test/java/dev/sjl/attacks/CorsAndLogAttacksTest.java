package dev.sjl.attacks;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Cross-origin callers, and requests made to forge lines in the gateway's access log. */
@ExtendWith(Target.class)
@DisplayName("CORS and log injection")
class CorsAndLogAttacksTest {

    private static Target target;

    @BeforeAll
    static void setUp() {
        target = Target.get();
    }

    private static String webOrigin() {
        return target.service.webBase().toString().replaceAll("/$", "");
    }

    private static HttpResponse<String> preflight(String origin) {
        return Target.send(HttpRequest.newBuilder(target.api("users/me")).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("origin", origin).header("access-control-request-method", "GET")
                .header("access-control-request-headers", "authorization").build());
    }

    @ParameterizedTest(name = "no CORS headers · preflight from \"{0}\": not on the list, never reflected")
    @ValueSource(strings = {"http://evil.example", "null", "http://127.0.0.1.evil.example", "https://localhost"})
    void unlistedOrigin(String origin) {
        HttpResponse<String> response = preflight(origin);
        assertThat(response.headers().firstValue("access-control-allow-origin")).as("allow-origin for %s", origin).isEmpty();
        assertThat(response.headers().firstValue("access-control-allow-credentials")).isEmpty();
    }

    @Test
    @DisplayName("no CORS headers · an actual GET from an unlisted origin with a valid token: the origin is not reflected")
    void reflectedOrigin() {
        HttpResponse<String> response = target.send("GET", "users/me", null, List.of("origin", "http://evil.example",
                "authorization", "Bearer " + target.alice.accessToken()));
        assertThat(response.headers().firstValue("access-control-allow-origin")).isEmpty();
    }

    @Test
    @DisplayName("exact origin, no credentials · the web client's origin: never '*' and never credentials with '*'")
    void credentialsWithWildcard() {
        HttpResponse<String> response = preflight(webOrigin());
        assertThat(response.headers().firstValue("access-control-allow-origin")).hasValue(webOrigin());
        assertThat(response.headers().firstValue("access-control-allow-credentials"))
                .as("bearer tokens need no cookies: credentials are not allowed at all").isEmpty();
    }

    /** Sends raw bytes (a CR/LF the JDK client would refuse to put in a request line) and reads the status line. */
    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket(target.service.apiBase().getHost(), target.service.apiBase().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = in.readNBytes(12);
            return new String(head, StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    @DisplayName("one JSON line per request · CR/LF and quotes in the path, query, User-Agent, X-Forwarded-For and body")
    void logInjection() throws Exception {
        int before = target.accessLog.size();
        String forged = "\\r\\n{\"requestId\":\"forged\",\"status\":\"200\"}";
        int requests = 0;
        target.send("GET", "users/me%0d%0a%7B%22requestId%22%3A%22forged%22%7D?x=%0d%0a", null,
                List.of("user-agent", "ua\" injected", "x-forwarded-for", "1.2.3.4\", \"status\":\"200"));
        requests++;
        target.send("POST", "login", "{\"email\":\"a\\r\\n" + forged + "@example.com\",\"password\":\"" + forged + "\"}",
                List.of());
        requests++;
        target.send("GET", "users/me", null, List.of("authorization", "Bearer a\"b}{c"));
        requests++;
        String status = raw("GET /users/me%0D%0Ainjected HTTP/1.1\r\nHost: localhost\r\nUser-Agent: x\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(status).startsWith("HTTP/1.1 4");
        requests++;

        List<String> lines = awaitLines(before, requests);
        assertThat(lines).as("one access log line per request").hasSize(requests);
        for (String line : lines) {
            assertThat(line).as("a line never breaks").doesNotContain("\n").doesNotContain("\r");
            JsonNode entry = Target.JSON.readTree(line);
            assertThat(entry.path("requestId").asText()).as("each line is its own request's").isNotEqualTo("forged");
            assertThat(entry.path("status").asText()).as(line).startsWith("4");
        }
    }

    @Test
    @DisplayName("one fixed-form line per 4xx · the functions' log (JUL): CR/LF, quotes and a password in the body never reach it")
    void functionLogInjection() {
        List<java.util.logging.LogRecord> records = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            String secret = "Leaked-Pass-1\r\nINFO: Request forged answered 200";
            target.post("login", java.util.Map.of("email", "x\r\n@example.com", "password", secret), null);
            target.post("signup/confirm", java.util.Map.of("email", target.alice.email() + "\r\nforged", "code", "1\n2"), null);
        } finally {
            root.removeHandler(capture);
        }
        List<String> lines = records.stream().map(r -> new java.util.logging.SimpleFormatter().formatMessage(r)).toList();
        assertThat(lines).as("a line for each refused request").isNotEmpty();
        for (String line : lines) {
            assertThat(line).as("nothing the client wrote").doesNotContain("\n").doesNotContain("\r")
                    .doesNotContain("Leaked-Pass").doesNotContain("forged").doesNotContain("@example.com");
        }
    }

    private static List<String> awaitLines(int mark, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (target.accessLogSince(mark).size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(100); // a surplus line, if the injection split one, has its chance to show
        return target.accessLogSince(mark);
    }
}
