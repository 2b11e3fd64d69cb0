package dev.sjl.system;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.sjl.localcloud.CognitoUserPools;
import dev.sjl.localcloud.Service;
import dev.sjl.localcloud.providers.Delivery;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What only a local run has, on a loopback port of its own and never on the API: the web client's static files, and
 * the inboxes a deployment would not have (the codes Cognito "e-mailed", the messages the fake providers accepted).
 * The web client is served from here, so its origin is this server's and the inboxes are same-origin for it; the API
 * and the bucket allow that one origin.
 *
 * <ul>
 *   <li>{@code GET /} and {@code /app.js}, {@code /app.css}: the web client (classpath {@code web/});</li>
 *   <li>{@code GET /local/config.json}: the API's base URL, for the web client;</li>
 *   <li>{@code GET /local/inbox?email=…}: the codes the pool sent to that address, oldest first;</li>
 *   <li>{@code GET /local/inbox/code?email=…}: the latest one as plain text (for curl);</li>
 *   <li>{@code GET /local/notifications?to=…}: the e-mails and SMS the fake providers accepted for that recipient.</li>
 * </ul>
 */
final class LocalConsole implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> STATIC = Map.of(
            "/", "index.html", "/index.html", "index.html", "/app.js", "app.js", "/app.css", "app.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private final HttpServer server;
    private final ExecutorService threads;
    private final LocalUserService service;

    private LocalConsole(HttpServer server, ExecutorService threads, LocalUserService service) {
        this.server = server;
        this.threads = threads;
        this.service = service;
    }

    static LocalConsole start(int port, LocalUserService service) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot bind 127.0.0.1:" + port + " for the web client"
                    + (port == 0 ? "" : " (is another `kit run` running?)"), e);
        }
        ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "local-console");
            t.setDaemon(true);
            return t;
        });
        LocalConsole console = new LocalConsole(server, threads, service);
        server.setExecutor(threads);
        server.createContext("/", console::handle);
        server.start();
        return console;
    }

    /** {@code http://127.0.0.1:<port>}: the web client's origin, exactly as a browser sends it. */
    String origin() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod())) {
                error(exchange, 405, "method_not_allowed", "Only GET is served here.");
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI());
            try {
                switch (path) {
                    case "/local/config.json" -> json(exchange, 200, JSON.createObjectNode()
                            .put("api", service.apiBase().toString()));
                    case "/local/inbox" -> inbox(exchange, query.get("email"));
                    case "/local/inbox/code" -> code(exchange, query.get("email"));
                    case "/local/notifications" -> notifications(exchange, query.get("to"));
                    // No icon: an empty answer keeps a browser's console free of a 404 on every load.
                    case "/favicon.ico" -> send(exchange, 204, "image/x-icon", new byte[0]);
                    default -> file(exchange, path);
                }
            } catch (RuntimeException e) {
                // A local tool still answers in JSON: what failed is in the emulators' logs, not in this answer.
                error(exchange, 502, "local_cloud_error", "The local cloud could not answer; see .kit/run logs.");
            }
        }
    }

    private void inbox(HttpExchange exchange, String email) throws IOException {
        if (!isEmail(email)) {
            error(exchange, 400, "invalid_email", "Ask for one address: /local/inbox?email=someone@example.com");
            return;
        }
        ArrayNode messages = JSON.createArrayNode();
        for (CognitoUserPools.Message m : service.cloud().cognitoUserPools().messages(service.poolId())) {
            if (email.equalsIgnoreCase(m.destination()) || email.equalsIgnoreCase(m.username())) {
                messages.addObject().put("source", m.source()).put("code", m.code()).put("to", m.destination());
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("messages", messages);
        json(exchange, 200, body);
    }

    private void code(HttpExchange exchange, String email) throws IOException {
        if (!isEmail(email)) {
            error(exchange, 400, "invalid_email", "Ask for one address: /local/inbox/code?email=someone@example.com");
            return;
        }
        Optional<String> latest = Optional.empty();
        for (CognitoUserPools.Message m : service.cloud().cognitoUserPools().messages(service.poolId())) {
            if ((email.equalsIgnoreCase(m.destination()) || email.equalsIgnoreCase(m.username())) && m.code() != null
                    && !m.code().isEmpty()) {
                latest = Optional.of(m.code());
            }
        }
        if (latest.isEmpty()) {
            error(exchange, 404, "no_code", "No code was sent to " + email + " yet: sign up first.");
            return;
        }
        send(exchange, 200, "text/plain; charset=utf-8", (latest.get() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void notifications(HttpExchange exchange, String to) throws IOException {
        if (to != null && to.isBlank()) {
            to = null;
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("email", deliveries(service.providers().email().inbox(), to));
        body.set("sms", deliveries(service.providers().sms().inbox(), to));
        json(exchange, 200, body);
    }

    private static ArrayNode deliveries(List<Delivery> inbox, String to) {
        ArrayNode list = JSON.createArrayNode();
        for (Delivery d : inbox) {
            if (to == null || to.equalsIgnoreCase(d.to())) {
                list.addObject().put("id", d.id()).put("to", d.to()).put("from", d.from()).put("subject", d.subject())
                        .put("body", d.body()).put("acceptedAt", d.acceptedAt().toString());
            }
        }
        return list;
    }

    private void file(HttpExchange exchange, String path) throws IOException {
        String name = STATIC.get(path);
        if (name == null) {
            error(exchange, 404, "not_found", "Nothing here: the web client is at /.");
            return;
        }
        try (InputStream in = LocalConsole.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                error(exchange, 404, "not_found", "The web client's " + name + " is missing from the build.");
                return;
            }
            byte[] bytes = in.readAllBytes();
            String extension = name.substring(name.lastIndexOf('.') + 1);
            // Only this origin's own files and the two origins it talks to: no CDN, no inline script, no web font.
            exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; connect-src 'self' "
                    + origin(service.apiBase()) + " " + origin(service.cloud().endpoint(Service.S3)) + "; img-src 'self' "
                    + origin(service.cloud().endpoint(Service.S3)) + "; object-src 'none'; base-uri 'none'");
            send(exchange, 200, TYPES.get(extension), bytes);
        }
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    }

    private static boolean isEmail(String value) {
        return value != null && value.length() <= 254 && value.indexOf('@') > 0 && !value.contains("\n");
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new java.util.HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    values.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).toLowerCase(Locale.ROOT),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException malformed) {
                    // a broken %-escape is a parameter we do not have
                }
            }
        }
        return values;
    }

    private static void json(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        send(exchange, status, "application/json", JSON.writeValueAsBytes(body));
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        json(exchange, status, JSON.createObjectNode().put("error", code).put("message", message));
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        exchange.getResponseBody().write(body);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
