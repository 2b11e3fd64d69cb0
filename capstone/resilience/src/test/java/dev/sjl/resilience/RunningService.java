package dev.sjl.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.apigateway.ApiDefinition;
import dev.sjl.system.LocalUserService;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * The user service as the tests meet it: started by {@link LocalUserService} and reached only over HTTP, through the
 * gateway (and the console's local inbox for the codes Cognito "e-mails"). The stage's throttle is lifted (see
 * {@link #OPTIONS}): a race or a fuzz run must reach the functions, not be answered 429 by the local stage's
 * 10 requests/s.
 */
final class RunningService implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "Correct-Horse-9-battery";

    /** No throttle to speak of; a 5 s integration timeout; 2 s workers, so their queues' visibility is 12 s. */
    static final LocalUserService.Options OPTIONS = LocalUserService.Options.forTests()
            .withThrottle(new ApiDefinition.Throttle(10_000, 10_000))
            .withIntegrationTimeout(Duration.ofSeconds(5))
            .withWorkerTimeout(Duration.ofSeconds(2));

    private static RunningService shared;

    final LocalUserService service;
    final HttpClient http;
    private final ExecutorService httpThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "resilience-http");
        t.setDaemon(true);
        return t;
    });

    private RunningService(LocalUserService service) {
        this.service = service;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpThreads)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    static RunningService start(LocalUserService.Options options) {
        return new RunningService(LocalUserService.start(options));
    }

    /**
     * One service for the test classes that leave it as they found it (fuzzing, races): starting one takes tens of
     * seconds on a busy machine. Stopped when the test JVM exits.
     */
    static synchronized RunningService shared() {
        if (shared == null) {
            RunningService started = start(OPTIONS);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "resilience-shared-stop"));
            shared = started;
        }
        return shared;
    }

    URI api(String path) {
        return service.apiBase().resolve(path);
    }

    HttpResponse<String> post(String path, Map<String, ?> body, String token) throws IOException, InterruptedException {
        return send("POST", path, JSON.writeValueAsString(body), token);
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return send("GET", path, null, token);
    }

    HttpResponse<String> send(String method, String path, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(api(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> console(String pathAndQuery) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(service.webBase().resolve(pathAndQuery)).timeout(Duration.ofSeconds(30))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A confirmed user, through the API: sign-up, the code from the local inbox, confirmation. */
    void confirmedUser(String email) throws IOException, InterruptedException {
        HttpResponse<String> signup = post("signup", Map.of("email", email, "password", PASSWORD), null);
        require(signup, 202, "POST /signup");
        HttpResponse<String> code = console("local/inbox/code?email=" + encode(email));
        require(code, 200, "the local inbox");
        require(post("signup/confirm", Map.of("email", email, "code", code.body().strip()), null), 204, "POST /signup/confirm");
    }

    /** The login's JSON: accessToken, idToken, refreshToken. */
    JsonNode login(String email, String password) throws IOException, InterruptedException {
        HttpResponse<String> login = post("login", Map.of("email", email, "password", password), null);
        require(login, 200, "POST /login");
        return json(login);
    }

    static void require(HttpResponse<String> response, int status, String what) {
        if (response.statusCode() != status) {
            throw new AssertionError(what + " answered " + response.statusCode() + ", expected " + status + ": "
                    + response.body());
        }
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body().isEmpty() ? "null" : response.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON (status " + response.statusCode() + "): " + response.body(), e);
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    interface Probe<T> {
        T get() throws Exception;
    }

    /** Asks again every 200 ms until {@code done} or the deadline; returns the last answer either way. */
    static <T> T eventually(Duration within, Probe<T> probe, Predicate<T> done) throws Exception {
        Instant deadline = Instant.now().plus(within);
        T last = probe.get();
        while (!done.test(last) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            last = probe.get();
        }
        return last;
    }

    @Override
    public void close() {
        service.close();
        httpThreads.shutdownNow();
    }
}
