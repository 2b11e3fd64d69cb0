package dev.sjl.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.apigateway.ApiDefinition;
import dev.sjl.apigateway.UserApi;
import dev.sjl.avatars.ThumbnailHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service as a browser or curl sees it: every call goes over HTTP through the local gateway (its JWT
 * authorizer and CORS), the functions behind it, Cognito with its triggers, DynamoDB, S3 and the notification
 * pipeline. One service for the class (it takes seconds to start); each test signs up its own user.
 */
@DisplayName("The user service on the local cloud, through its gateway")
class LocalUserServiceSmokeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PASSWORD = "Correct-Horse-9-battery";

    private static LocalUserService service;

    @BeforeAll
    static void start() {
        service = LocalUserService.start(LocalUserService.Options.forTests());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    // tag::smoke[]
    @Test
    @DisplayName("Signs up, confirms with the e-mailed code, logs in, reads /users/me and gets an avatar upload ticket")
    void signUpToAvatar() throws Exception {
        String email = "ada-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";

        HttpResponse<String> signup = post("signup", Map.of("email", email, "password", PASSWORD), null);
        assertThat(signup.statusCode()).as("POST /signup: %s", signup.body()).isEqualTo(202);
        assertThat(json(signup).path("status").asText()).as("the sign-up asks for the code").isEqualTo("confirmation_required");

        HttpResponse<String> code = get(service.webBase().resolve("local/inbox/code?email=" + encode(email)), null);
        assertThat(code.statusCode()).as("the local inbox has the code Cognito sent: %s", code.body()).isEqualTo(200);
        assertThat(code.body().strip()).as("a Cognito confirmation code").matches("\\d{6}");

        HttpResponse<String> confirm = post("signup/confirm", Map.of("email", email, "code", code.body().strip()), null);
        assertThat(confirm.statusCode()).as("POST /signup/confirm: %s", confirm.body()).isEqualTo(204);

        HttpResponse<String> login = post("login", Map.of("email", email, "password", PASSWORD), null);
        assertThat(login.statusCode()).as("POST /login: %s", login.body()).isEqualTo(200);
        String accessToken = json(login).path("accessToken").asText();
        assertThat(accessToken).as("an access token (a JWT)").matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(login.headers().firstValue("cache-control")).as("tokens are never cached").hasValueSatisfying(
                v -> assertThat(v).contains("no-store"));

        HttpResponse<String> me = get(service.apiBase().resolve("users/me"), accessToken);
        assertThat(me.statusCode()).as("GET /users/me with the access token: %s", me.body()).isEqualTo(200);
        JsonNode profile = json(me);
        assertThat(profile.path("email").asText()).as("the caller, from the gateway's verified claims").isEqualTo(email);
        String sub = profile.path("id").asText();
        assertThat(sub).as("the caller's Cognito sub").matches("[0-9a-f-]{36}");

        byte[] png = png(300, 200);
        HttpResponse<String> ticket = post("users/me/avatar",
                Map.of("contentType", "image/png", "size", png.length, "fileName", "me.png"), accessToken);
        assertThat(ticket.statusCode()).as("POST /users/me/avatar: %s", ticket.body()).isEqualTo(201);
        JsonNode upload = json(ticket);
        assertThat(upload.path("key").asText()).as("the upload goes under the caller's own prefix")
                .startsWith("users/" + sub + "/avatar/");
        assertThat(upload.path("url").asText()).as("a presigned PUT on the local S3")
                .startsWith(service.cloud().endpoint(dev.sjl.localcloud.Service.S3).toString()).contains("X-Amz-Signature=");

        HttpResponse<Void> put = HTTP.send(HttpRequest.newBuilder(URI.create(upload.path("url").asText()))
                .header("content-type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(png)).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(put.statusCode()).as("the browser's PUT straight to S3 with the ticket").isEqualTo(200);

        HttpResponse<String> avatar = eventually(() -> get(service.apiBase().resolve("users/me/avatar"), accessToken),
                r -> r.statusCode() == 200);
        assertThat(avatar.statusCode()).as("GET /users/me/avatar once the thumbnail function ran: %s", avatar.body())
                .isEqualTo(200);
        assertThat(json(avatar).path("key").asText()).as("the profile points at the thumbnail of this upload")
                .isEqualTo(ThumbnailHandler.THUMBNAILS + upload.path("key").asText() + ".png");

        HttpResponse<String> sent = eventually(() -> get(service.webBase().resolve("local/notifications?to=" + encode(email)), null),
                r -> json(r).path("email").size() > 0);
        assertThat(json(sent).path("email").path(0).path("subject").asText())
                .as("the welcome e-mail went through stream → SNS → SQS → worker → provider").contains("Welcome");
    }
    // end::smoke[]

    @Test
    @DisplayName("Answers bad input with a 4xx JSON error, never a 500 or a stack trace")
    void badInputIsA4xx() throws Exception {
        String email = "bob-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Map<String, HttpResponse<String>> answers = new LinkedHashMap<>();
        answers.put("sign-up body not JSON", send("POST", "signup", "email=bob", null));
        answers.put("sign-up without a password", post("signup", Map.of("email", email), null));
        answers.put("sign-up with a weak password", post("signup", Map.of("email", email, "password", "short"), null));
        answers.put("confirm with a wrong code", post("signup/confirm", Map.of("email", email, "code", "000000"), null));
        answers.put("login with a wrong password", post("login", Map.of("email", "admin@sjl.example", "password", "Wrong-password-1"), null));
        answers.put("/users/me without a token", send("GET", "users/me", null, null));
        answers.put("/users/me with a forged token", send("GET", "users/me", null, "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."));
        answers.put("avatar without a token", post("users/me/avatar", Map.of("contentType", "image/png", "size", 10), null));
        answers.put("an unknown route", send("GET", "nowhere", null, null));
        answers.put("the internal route without an API key", send("GET", "internal/users/42", null, null));
        answers.put("a local-only inbox asked of the API", send("GET", "local/inbox?email=" + encode(email), null, null));

        String token = json(post("login", Map.of("email", LocalUserService.ADMIN_EMAIL, "password", service.adminPassword()),
                null)).path("accessToken").asText();
        answers.put("avatar as SVG", post("users/me/avatar", Map.of("contentType", "image/svg+xml", "size", 10), token));
        answers.put("avatar too large", post("users/me/avatar", Map.of("contentType", "image/png", "size", 3_000_000), token));
        answers.put("avatar body not JSON", send("POST", "users/me/avatar", "{", token));
        answers.put("avatar naming another user", post("users/me/avatar",
                Map.of("contentType", "image/png", "size", 10, "userId", "someone-else"), token));

        answers.forEach((what, response) -> {
            assertThat(response.statusCode()).as("%s: a 4xx, never a 5xx: %s", what, response.body()).isBetween(400, 499);
            assertThat(response.headers().firstValue("content-type")).as("%s: the error is JSON", what)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
            assertThat(json(response).isObject()).as("%s: a JSON object: %s", what, response.body()).isTrue();
            assertThat(response.body()).as("%s: no Java internals in the answer", what)
                    .doesNotContain("Exception").doesNotContain("dev.sjl").doesNotContain("at java.");
        });
    }

    @Test
    @DisplayName("Lets the web client's origin call the API across origins, and no other origin")
    void corsForTheWebClientOnly() throws Exception {
        String webOrigin = service.webBase().toString().replaceAll("/$", "");
        HttpResponse<String> ours = preflight(webOrigin);
        HttpResponse<String> theirs = preflight("http://evil.example");

        assertThat(ours.headers().firstValue("access-control-allow-origin")).as("the web client's origin is allowed")
                .hasValue(webOrigin);
        assertThat(ours.headers().firstValue("access-control-allow-headers")).as("with the Authorization header")
                .hasValueSatisfying(v -> assertThat(v.toLowerCase()).contains("authorization"));
        assertThat(theirs.headers().firstValue("access-control-allow-origin")).as("any other origin gets no CORS answer")
                .isEmpty();
    }

    @Test
    @DisplayName("Lets the web client's origin, and no other, PUT an avatar straight to the bucket")
    void bucketCorsForTheWebClientOnly() throws Exception {
        String webOrigin = service.webBase().toString().replaceAll("/$", "");
        URI upload = service.cloud().endpoint(dev.sjl.localcloud.Service.S3)
                .resolve("/" + LocalUserService.AVATARS_BUCKET + "/users/someone/avatar/x");

        HttpResponse<String> ours = bucketPreflight(upload, webOrigin);
        HttpResponse<String> theirs = bucketPreflight(upload, "http://evil.example");

        assertThat(ours.statusCode()).as("the web client's preflight for the PUT").isEqualTo(200);
        assertThat(ours.headers().firstValue("access-control-allow-origin")).as("its origin, named").hasValue(webOrigin);
        assertThat(theirs.statusCode()).as("another origin's preflight is refused by the bucket's CORS rules").isEqualTo(403);
    }

    private static HttpResponse<String> bucketPreflight(URI uri, String origin) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("origin", origin).header("access-control-request-method", "PUT")
                .header("access-control-request-headers", "content-type").build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("Serves every route of SystemApi's one definition from a function registered in the one registry")
    void oneDefinitionOneRegistry() {
        ApiDefinition definition = SystemApi.definition(service.issuer(), service.clientId());

        assertThat(definition.routes()).extracting(ApiDefinition.Route::routeKey).as("lab 05's routes and the avatar routes")
                .containsAll(UserApi.definition(service.issuer(), service.clientId()).routes().stream()
                        .map(ApiDefinition.Route::routeKey).toList())
                .contains(SystemApi.AVATAR_UPLOAD, SystemApi.AVATAR)
                .doesNotHaveDuplicates()
                .noneMatch(key -> key.contains("/local"));
        for (ApiDefinition.Route route : definition.routes()) {
            assertThat(service.cloud().functions().find(route.function())).as("the function behind %s", route.routeKey())
                    .isPresent();
        }
        for (String function : List.of(SystemApi.THUMBNAILS_FUNCTION, SystemApi.SIGNUP_PUBLISHER_FUNCTION,
                SystemApi.EMAIL_WORKER_FUNCTION, SystemApi.SMS_WORKER_FUNCTION, SystemApi.PRE_SIGN_UP_FUNCTION,
                SystemApi.POST_CONFIRMATION_FUNCTION, SystemApi.PRE_TOKEN_FUNCTION)) {
            assertThat(service.cloud().functions().find(function)).as("the event-driven function %s", function).isPresent();
        }
    }

    private static HttpResponse<String> preflight(String origin) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(service.apiBase().resolve("users/me"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("origin", origin).header("access-control-request-method", "GET")
                .header("access-control-request-headers", "authorization").build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, Map<String, ?> body, String token) throws IOException, InterruptedException {
        return send("POST", path, JSON.writeValueAsString(body), token);
    }

    private static HttpResponse<String> send(String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.apiBase().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("content-type", "application/json");
        }
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            request.header("authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    interface Call {
        HttpResponse<String> send() throws IOException, InterruptedException;
    }

    /** Asks again until the answer is as expected or 30 s passed: the thumbnail and the e-mail follow events. */
    private static HttpResponse<String> eventually(Call call, java.util.function.Predicate<HttpResponse<String>> done)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        HttpResponse<String> last = call.send();
        while (!done.test(last) && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            last = call.send();
        }
        return last;
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body().isEmpty() ? "null" : response.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON (status " + response.statusCode() + "): " + response.body(), e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < width; x++) {
            for (int y = 0; y < height; y++) {
                image.setRGB(x, y, (x * 255 / width) << 16 | (y * 255 / height) << 8);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
