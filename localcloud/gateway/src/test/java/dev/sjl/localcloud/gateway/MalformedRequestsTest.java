package dev.sjl.localcloud.gateway;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests an HTTP parser refuses before the gateway has a request to route, sent as bytes the way an attacker's
 * script sends them. Each gets a status below 500 and API Gateway's JSON body, on a connection that is closed after
 * the answer (never reset before it): no HTML page, no parser reason, no Java class name.
 */
class MalformedRequestsTest {

    private static LocalHttpApi api;
    private static RecordingFunction function;

    @BeforeAll
    static void start() {
        function = new RecordingFunction();
        api = LocalHttpApi.builder().route("POST /login", Integration.function("login", function)).build().start();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @ParameterizedTest(name = "{0}")
    @Tag("task:4")
    @DisplayName("Answers a request it cannot parse with a 4xx and {\"message\":...}, never an HTML page or a reason")
    @CsvSource(delimiter = '|', textBlock = """
            a target without a leading slash, with a body still unread | POST login HTTP/1.1\\r\\nContent-Length: 300\\r\\n\\r\\n{BODY300}             | 400
            a space in a header name                                      | GET /login HTTP/1.1\\r\\nBad Header: x\\r\\n\\r\\n                             | 400
            a control character in the target                             | GET /lo\\u0001gin HTTP/1.1\\r\\n\\r\\n                                         | 400
            an unknown HTTP version                                       | GET /login HTTP/9.9\\r\\n\\r\\n                                                | 400
            two Content-Length headers that disagree                      | POST /login HTTP/1.1\\r\\nContent-Length: 2\\r\\nContent-Length: 3\\r\\n\\r\\n{} | 400
            a chunk size that is not hex                                  | POST /login HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n       | 400
            a request line of 20,000 bytes                                | GET /{P20000} HTTP/1.1\\r\\n\\r\\n                                              | 414
            a header block of 20,000 bytes                                | GET /login HTTP/1.1\\r\\nX-Big: {P20000}\\r\\n\\r\\n                           | 431
            """)
    void refusesWhatItCannotParse(String what, String request, String expectedStatus) throws IOException {
        String raw = request.strip().replace("\\r\\n", "\r\n").replace("\\u0001", "\u0001")
                .replace("{BODY300}", "x".repeat(300)).replace("{P20000}", "p".repeat(20_000));
        int invocationsBefore = function.invocations();

        String answer = exchange(raw);

        assertThat(answer).as("%s: an HTTP answer, not a reset or a closed connection", what).startsWith("HTTP/1.1 ");
        String status = answer.substring(9, 12);
        assertThat(status).as("%s: the status", what).startsWith(expectedStatus);
        String body = answer.substring(answer.indexOf("\r\n\r\n") + 4);
        assertThat(body).as("%s: API Gateway's error shape, the status's reason only", what)
                .matches("\\{\"message\":\"[A-Za-z ]+\"}");
        assertThat(answer.toLowerCase()).as("%s: nothing of the server behind it", what)
                .doesNotContain("<html", "exception", "jetty", "java.", "server:");
        assertThat(function.invocations()).as("%s: the function never runs", what).isEqualTo(invocationsBefore);
    }

    /** Writes the bytes, half-closes, reads to the end; a reset surfaces as the IOException that fails the test. */
    private static String exchange(String raw) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int read;
            while ((read = in.read(buffer)) >= 0) {
                all.write(buffer, 0, read);
                if (complete(all.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
            return all.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** The head and as many body bytes as its Content-Length says. */
    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)")
                .matcher(text.substring(0, end));
        return length.find() && text.length() - end - 4 >= Integer.parseInt(length.group(1));
    }
}
