package dev.sjl.attacks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sjl.cognito.UserPoolDefinition;
import dev.sjl.system.LocalUserService;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.cognitoidentityprovider.CognitoIdentityProviderClient;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AttributeType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.AuthFlowType;
import software.amazon.awssdk.services.cognitoidentityprovider.model.LambdaConfigType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The one running service every attack class shares: {@link LocalUserService} started once per JVM (it takes seconds;
 * JUnit closes it when the whole run ends), with the access log captured, two ordinary users and the administrator
 * signed up and logged in through the API itself. Attack classes use {@code @ExtendWith(Target.class)} and
 * {@link #get()}.
 */
public final class Target implements BeforeAllCallback, AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PASSWORD = "Correct-Horse-9-battery";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static volatile Target shared;

    /** An account as a client holds it after logging in. */
    record User(String email, String sub, String accessToken, String idToken, String refreshToken) {
    }

    final LocalUserService service;
    final ConcurrentLinkedQueue<String> accessLog = new ConcurrentLinkedQueue<>();
    final User alice;
    final User bob;
    final User admin;

    private Target() {
        service = LocalUserService.start(new LocalUserService.Options(false, null, accessLog::add));
        try {
            alice = signUpAndLogIn("alice");
            bob = signUpAndLogIn("bob");
            admin = logIn(LocalUserService.ADMIN_EMAIL, service.adminPassword());
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        shared = context.getRoot().getStore(ExtensionContext.Namespace.create(Target.class))
                .computeIfAbsent(Target.class, key -> new Target(), Target.class);
    }

    static Target get() {
        return shared;
    }

    @Override
    public void close() {
        service.close();
    }

    // ---- accounts, through the API as any client ----

    static String newEmail(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }

    User signUpAndLogIn(String name) {
        String email = newEmail(name);
        expect(post("signup", Map.of("email", email, "password", PASSWORD), null), 202);
        String code = service.cloud().cognitoConfirmationCode(service.poolId(), email);
        expect(post("signup/confirm", Map.of("email", email, "code", code), null), 204);
        return logIn(email, PASSWORD);
    }

    User logIn(String email, String password) {
        JsonNode tokens = json(expect(post("login", Map.of("email", email, "password", password), null), 200));
        String access = tokens.path("accessToken").asText();
        JsonNode me = json(expect(send("GET", "users/me", null, bearer(access)), 200));
        return new User(email, me.path("id").asText(), access, tokens.path("idToken").asText(),
                tokens.path("refreshToken").asText());
    }

    /** A second app client of the same pool (say, another application): its tokens carry another client_id. */
    String accessTokenOfAnotherAppClient(User user) {
        CognitoIdentityProviderClient cognito = service.cloud().clients().cognito();
        String otherClient = cognito.createUserPoolClient(UserPoolDefinition.appClient(service.poolId(), "other-app"))
                .userPoolClient().clientId();
        return cognito.initiateAuth(b -> b.clientId(otherClient).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", user.email(), "PASSWORD", PASSWORD)))
                .authenticationResult().accessToken();
    }

    /** A user of another pool on the same Cognito: a genuine token, signed by the same emulator, another issuer. */
    String accessTokenOfAnotherPool() {
        CognitoIdentityProviderClient cognito = service.cloud().clients().cognito();
        String pool = cognito.createUserPool(UserPoolDefinition.pool("another-service", LambdaConfigType.builder().build()))
                .userPool().id();
        String client = cognito.createUserPoolClient(UserPoolDefinition.appClient(pool, "web")).userPoolClient().clientId();
        String email = newEmail("mallory");
        cognito.signUp(b -> b.clientId(client).username(email).password(PASSWORD)
                .userAttributes(AttributeType.builder().name("email").value(email).build()));
        cognito.confirmSignUp(b -> b.clientId(client).username(email)
                .confirmationCode(service.cloud().cognitoConfirmationCode(pool, email)));
        return cognito.initiateAuth(b -> b.clientId(client).authFlow(AuthFlowType.USER_PASSWORD_AUTH)
                .authParameters(Map.of("USERNAME", email, "PASSWORD", PASSWORD))).authenticationResult().accessToken();
    }

    // ---- HTTP ----

    static List<String> bearer(String token) {
        return List.of("authorization", "Bearer " + token);
    }

    HttpResponse<String> post(String path, Object body, String token) {
        try {
            return send("POST", path, JSON.writeValueAsString(body), token == null ? List.of() : bearer(token));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> get(String path, String token) {
        return send("GET", path, null, token == null ? List.of() : bearer(token));
    }

    /** Any request to the API: headers as name, value, name, value (a name may repeat). JSON content type with a body. */
    HttpResponse<String> send(String method, String path, String body, List<String> headers) {
        return sendBytes(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers, true);
    }

    HttpResponse<String> sendBytes(String method, String path, byte[] body, List<String> headers, boolean jsonType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(service.apiBase().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (body != null && jsonType) {
            request.header("content-type", "application/json");
        }
        for (int i = 0; i < headers.size(); i += 2) {
            request.header(headers.get(i), headers.get(i + 1));
        }
        return send(request.build());
    }

    static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    URI api(String path) {
        return service.apiBase().resolve(path);
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    static HttpResponse<String> expect(HttpResponse<String> response, int status) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.uri().getPath() + ": expected "
                    + status + ", got " + response.statusCode() + " " + response.body());
        }
        return response;
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body().isEmpty() ? "null" : response.body());
        } catch (IOException e) {
            throw new AssertionError("Not JSON (status " + response.statusCode() + "): " + response.body(), e);
        }
    }

    /** The access log lines written since {@code mark} (a size taken before the request). */
    List<String> accessLogSince(int mark) {
        List<String> lines = new ArrayList<>(accessLog);
        return lines.subList(Math.min(mark, lines.size()), lines.size());
    }
}
