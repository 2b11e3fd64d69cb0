package dev.sjl.localcloud.providers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A SendGrid-like e-mail API and a Twilio-like SMS API on {@code 127.0.0.1}, in this JVM, for workers to call over
 * real HTTP. Only the calls a notification worker makes, with the status codes that matter to it:
 *
 * <ul>
 *   <li>{@code POST /v3/mail/send} (SendGrid v3): {@code Authorization: Bearer <api key>}, a JSON body with
 *       {@code personalizations[].to[].email}, {@code from.email}, {@code subject} and {@code content[].value}; 202 with
 *       an {@code X-Message-Id} header, 400 with {@code {"errors":[{"message","field"}]}}, 401.</li>
 *   <li>{@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json} (Twilio): HTTP Basic auth with the account sid and
 *       auth token, a form with {@code To}, {@code From} and {@code Body}; 201 with the message resource
 *       ({@code sid}, {@code status: queued}), 400 with {@code {"code","message","status"}}, 401.</li>
 *   <li>Either can be switched (from Java through {@link #email()}/{@link #sms()}, or over HTTP) to fail with 500/503,
 *       throttle with 429 and {@code Retry-After}, or hang.</li>
 * </ul>
 *
 * <p>Test side, over HTTP too: {@code GET /_providers/{email|sms}/inbox}, {@code PUT /_providers/{email|sms}/mode}
 * with {@code {"mode":"fail"|"throttle"|"hang"|"ok","retryAfterSeconds":n}}, {@code POST /_providers/reset}.
 *
 * <p>Credentials are random per start, so a worker that forgot to send them, or logged them, is found out.
 */
public final class FakeProviders implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TWILIO_PATH = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages\\.json");
    private static final Pattern ADMIN_PATH = Pattern.compile("/_providers/(email|sms)/(inbox|mode)");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService threads;
    private final Provider email = new Provider("email");
    private final Provider sms = new Provider("sms");
    private final String sendGridApiKey = "SG." + random(16) + "." + random(24);
    private final String twilioAccountSid = "AC" + random(16);
    private final String twilioAuthToken = random(16);
    private final Clock clock;

    private FakeProviders(Clock clock) throws IOException {
        this.clock = clock;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // One thread per request: a hanging request must not hold up the next one, as it would not on a real API.
        threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-providers");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts both providers on a free loopback port. */
    public static FakeProviders start() {
        return start(Clock.systemUTC());
    }

    public static FakeProviders start(Clock clock) {
        try {
            return new FakeProviders(clock);
        } catch (IOException e) {
            throw new IllegalStateException("The fake providers could not listen on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** {@code http://127.0.0.1:<port>}: the base URL of both APIs. */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The SendGrid-like e-mail provider. */
    public Provider email() {
        return email;
    }

    /** The Twilio-like SMS provider. */
    public Provider sms() {
        return sms;
    }

    /** The API key {@code /v3/mail/send} accepts (random per start). */
    public String sendGridApiKey() {
        return sendGridApiKey;
    }

    public String twilioAccountSid() {
        return twilioAccountSid;
    }

    public String twilioAuthToken() {
        return twilioAuthToken;
    }

    /** Both providers back to empty and accepting. */
    public void reset() {
        email.reset();
        sms.reset();
    }

    @Override
    public void close() {
        // Release hanging requests first, so stop() does not wait out their delay.
        email.recover();
        sms.recover();
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            Matcher twilio = TWILIO_PATH.matcher(path);
            Matcher admin = ADMIN_PATH.matcher(path);
            if (path.equals("/v3/mail/send")) {
                requireMethod(exchange, "POST");
                sendGrid(exchange);
            } else if (twilio.matches()) {
                requireMethod(exchange, "POST");
                twilio(exchange, twilio.group(1));
            } else if (admin.matches()) {
                admin(exchange, method, admin.group(1).equals("email") ? email : sms, admin.group(2));
            } else if (path.equals("/_providers/reset")) {
                requireMethod(exchange, "POST");
                reset();
                respond(exchange, 204, null, null);
            } else {
                respond(exchange, 404, "application/json", error("Not found: " + path));
            }
        } catch (MethodNotAllowed e) {
            respond(exchange, 405, "application/json", error("Method not allowed"));
        } catch (IOException | RuntimeException e) {
            // A fake must never answer with a stack trace either; a client bug shows as a 400 with a reason.
            if (exchange.getResponseCode() == -1) {
                respond(exchange, 400, "application/json", error("Bad request: " + e.getClass().getSimpleName()));
            }
        }
    }

    private void sendGrid(HttpExchange exchange) throws IOException {
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !constantTimeEquals(auth, "Bearer " + sendGridApiKey)) {
            respond(exchange, 401, "application/json", sendGridError("The provided authorization grant is invalid, expired, or revoked", null));
            return;
        }
        JsonNode body;
        try {
            body = JSON.readTree(readBody(exchange));
        } catch (IOException e) {
            respond(exchange, 400, "application/json", sendGridError("Bad Request: the body is not JSON", null));
            return;
        }
        String to = body.path("personalizations").path(0).path("to").path(0).path("email").asText("");
        String from = body.path("from").path("email").asText("");
        String subject = body.path("subject").asText("");
        String content = body.path("content").path(0).path("value").asText("");
        String missing = to.isBlank() ? "personalizations.0.to" : from.isBlank() ? "from.email"
                : subject.isBlank() ? "subject" : content.isBlank() ? "content" : null;
        if (missing != null) {
            respond(exchange, 400, "application/json", sendGridError("The " + missing + " parameter is required.", missing));
            return;
        }
        Provider.Answer answer = email.admit(to);
        if (answer.rejectedRecipient()) {
            respond(exchange, 400, "application/json", sendGridError("Does not contain a valid address.", "personalizations.0.to.0.email"));
            return;
        }
        if (misbehave(exchange, answer)) {
            return;
        }
        Delivery delivery = email.deliver(new Delivery(random(11), to, from, subject, content, clock.instant()));
        exchange.getResponseHeaders().add("X-Message-Id", delivery.id());
        respond(exchange, 202, null, null);
    }

    private void twilio(HttpExchange exchange, String accountSid) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (twilioAccountSid + ":" + twilioAuthToken).getBytes(StandardCharsets.UTF_8));
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !constantTimeEquals(auth, expected) || !accountSid.equals(twilioAccountSid)) {
            respond(exchange, 401, "application/json", twilioError(20003, "Authenticate", 401));
            return;
        }
        Map<String, String> form = form(readBody(exchange));
        String to = form.getOrDefault("To", "");
        String from = form.getOrDefault("From", "");
        String text = form.getOrDefault("Body", "");
        if (to.isBlank()) {
            respond(exchange, 400, "application/json", twilioError(21604, "A 'To' phone number is required.", 400));
            return;
        }
        if (from.isBlank()) {
            respond(exchange, 400, "application/json", twilioError(21603, "A 'From' phone number is required.", 400));
            return;
        }
        if (text.isBlank()) {
            respond(exchange, 400, "application/json", twilioError(21602, "Message body is required.", 400));
            return;
        }
        Provider.Answer answer = sms.admit(to);
        if (answer.rejectedRecipient()) {
            respond(exchange, 400, "application/json", twilioError(21211, "The 'To' number " + to + " is not a valid phone number.", 400));
            return;
        }
        if (misbehave(exchange, answer)) {
            return;
        }
        Delivery delivery = sms.deliver(new Delivery("SM" + random(16), to, from, "", text, clock.instant()));
        ObjectNode resource = JSON.createObjectNode()
                .put("sid", delivery.id()).put("account_sid", accountSid).put("to", to).put("from", from)
                .put("body", text).put("status", "queued");
        respond(exchange, 201, "application/json", JSON.writeValueAsBytes(resource));
    }

    /** Answers a non-OK mode and says so; false when the request is to be accepted. */
    private boolean misbehave(HttpExchange exchange, Provider.Answer answer) throws IOException {
        switch (answer.mode()) {
            case FAIL -> {
                respond(exchange, 503, "application/json", error("Service Unavailable"));
                return true;
            }
            case THROTTLE -> {
                exchange.getResponseHeaders().add("Retry-After", Long.toString(answer.retryAfterSeconds()));
                respond(exchange, 429, "application/json", error("Too Many Requests"));
                return true;
            }
            case HANG -> {
                try {
                    answer.released().await(Provider.MAX_HANG.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                // The client has usually given up by now; whatever is still listening learns nothing was sent.
                respond(exchange, 503, "application/json", error("Service Unavailable"));
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    private void admin(HttpExchange exchange, String method, Provider provider, String what) throws IOException {
        if (what.equals("inbox")) {
            if (!method.equals("GET")) {
                throw new MethodNotAllowed();
            }
            ArrayNode list = JSON.createArrayNode();
            for (Delivery d : provider.inbox()) {
                list.addObject().put("id", d.id()).put("to", d.to()).put("from", d.from()).put("subject", d.subject())
                        .put("body", d.body()).put("acceptedAt", d.acceptedAt().toString());
            }
            ObjectNode answer = JSON.createObjectNode().put("attempts", provider.attempts());
            answer.set("messages", list);
            respond(exchange, 200, "application/json", JSON.writeValueAsBytes(answer));
            return;
        }
        if (!method.equals("PUT")) {
            throw new MethodNotAllowed();
        }
        JsonNode body = JSON.readTree(readBody(exchange));
        String mode = body.path("mode").asText("");
        switch (mode) {
            case "ok" -> provider.recover();
            case "fail" -> provider.fail();
            case "hang" -> provider.hang();
            case "throttle" -> provider.throttle(java.time.Duration.ofSeconds(body.path("retryAfterSeconds").asLong(1)));
            default -> {
                respond(exchange, 400, "application/json", error("mode must be one of ok, fail, throttle, hang"));
                return;
            }
        }
        respond(exchange, 204, null, null);
    }

    private static void requireMethod(HttpExchange exchange, String method) {
        if (!exchange.getRequestMethod().equals(method)) {
            throw new MethodNotAllowed();
        }
    }

    private static String readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8);
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.putIfAbsent(key, value);
        }
        return form;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] error(String message) throws IOException {
        return JSON.writeValueAsBytes(Map.of("message", message));
    }

    private static byte[] sendGridError(String message, String field) throws IOException {
        ObjectNode error = JSON.createObjectNode().put("message", message);
        if (field != null) {
            error.put("field", field);
        } else {
            error.putNull("field");
        }
        ObjectNode body = JSON.createObjectNode();
        body.putArray("errors").add(error);
        return JSON.writeValueAsBytes(body);
    }

    private static byte[] twilioError(int code, String message, int status) throws IOException {
        return JSON.writeValueAsBytes(Map.of("code", code, "message", message, "status", status));
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static final class MethodNotAllowed extends RuntimeException {
        MethodNotAllowed() {
            super(null, null, false, false);
        }
    }
}
