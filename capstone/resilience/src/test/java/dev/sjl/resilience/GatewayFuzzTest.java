package dev.sjl.resilience;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sjl.apigateway.ApiDefinition;
import dev.sjl.apigateway.UserApi;
import dev.sjl.kit.fuzz.Endpoint;
import dev.sjl.kit.fuzz.HostileKind;
import dev.sjl.kit.fuzz.HostileRequest;
import dev.sjl.kit.fuzz.HostileRequests;
import dev.sjl.kit.fuzz.ResponseCheck;
import dev.sjl.kit.fuzz.StatusCounts;
import dev.sjl.system.LocalUserService;
import dev.sjl.system.SystemApi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20, item 2: generated hostile requests (tools/fuzz's {@link HostileRequests}) on every route of
 * {@link SystemApi#definition}, sent as bytes over HTTP to the running gateway, a third of them with an admin's real
 * access token and a third with a user's, so they reach the functions behind the JWT authorizer. Every answer: below
 * 500, and no stack trace, Java class or package name, library message, password, password hash or token.
 * <p>
 * {@code -Dresilience.fuzz.requests=N} (10,000 by default, the size).
 */
@DisplayName("Fuzzing the running service through its gateway")
class GatewayFuzzTest {

    static final int REQUESTS = Integer.getInteger("resilience.fuzz.requests", 10_000);
    static final long SEED = 20261203L;

    private static RunningService running;
    private static String adminToken;
    private static String userToken;
    private static String userRefresh;
    private static String secondRefresh;
    private static String email;

    @BeforeAll
    static void start() throws Exception {
        running = RunningService.shared();
        email = "fuzz-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        running.confirmedUser(email);
        JsonNode user = running.login(email, RunningService.PASSWORD);
        userToken = user.path("accessToken").asText();
        userRefresh = user.path("refreshToken").asText();
        // The logout route's valid body revokes a session of its own, never the one the fuzz's tokens come from.
        secondRefresh = running.login(email, RunningService.PASSWORD).path("refreshToken").asText();
        adminToken = running.login(LocalUserService.ADMIN_EMAIL, running.service.adminPassword()).path("accessToken").asText();
    }

    @Test
    @DisplayName("Answers every generated request on every route below 500, with nothing internal or secret in it")
    void everyRouteEveryKind() throws Exception {
        ApiDefinition definition = SystemApi.definition(running.service.issuer(), running.service.clientId());
        List<Endpoint> routes = definition.routes().stream().map(r -> {
            String[] key = r.routeKey().split(" ", 2);
            return Endpoint.of(key[0], key[1]);
        }).toList();
        Map<String, String> bodies = Map.of(
                UserApi.SIGNUP, "{\"email\":\"" + email + "\",\"password\":\"" + RunningService.PASSWORD + "\"}",
                UserApi.CONFIRM, "{\"email\":\"" + email + "\",\"code\":\"123456\"}",
                UserApi.LOGIN, "{\"email\":\"" + email + "\",\"password\":\"" + RunningService.PASSWORD + "\"}",
                UserApi.REFRESH, "{\"refreshToken\":\"" + userRefresh + "\"}",
                UserApi.LOGOUT, "{\"refreshToken\":\"" + secondRefresh + "\"}",
                SystemApi.AVATAR_UPLOAD, "{\"contentType\":\"image/png\",\"size\":1000,\"fileName\":\"me.png\"}");
        String webOrigin = running.service.webBase().toString().replaceAll("/$", "");
        HostileRequests hostile = HostileRequests.forRoutes(routes, bodies, SEED).withOrigins(webOrigin)
                .withQueryNames("limit", "cursor", "email", "to");
        ResponseCheck check = ResponseCheck.errorShape("message").maxErrorBodyChars(1_024)
                .forbidding(Pattern.quote(RunningService.PASSWORD))
                .forbidding(Pattern.quote(running.service.adminPassword()))
                .forbidding("\\$2[aby]?\\$\\d\\d\\$") // a bcrypt hash
                .forbidding("eyJ[\\w-]{8,}\\.eyJ[\\w-]{8,}") // any JWT, access, ID or refresh
                .forbidding("(?i)cognito-local|fauxqs|s3proxy|jclouds|ministack|localcloud"); // the emulators behind it

        List<HostileRequest> requests = hostile.stream()
                .filter(r -> r.kind() != HostileKind.NULL_EVENT) // a null Lambda event has no HTTP form
                .limit(REQUESTS).toList();
        StatusCounts counts = new StatusCounts();
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        ExecutorService senders = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (HostileRequest request : requests) {
                sent.add(senders.submit(() -> {
                    fuzzOne(request, check, counts, problems);
                    return null;
                }));
            }
            for (Future<?> future : sent) {
                future.get();
            }
        } finally {
            senders.shutdownNow();
        }

        System.out.println("[fuzz] seed " + SEED + ", routes " + routes.size() + ": " + counts.summary());
        System.out.print(counts.byKind());
        assertThat(counts.total()).as("requests sent").isEqualTo(REQUESTS);
        assertThat(routes).as("every route of the system's one definition").hasSize(definition.routes().size());
        assertThat(problems).as("%d of %d answers broke a rule; first: %s", problems.size(), counts.total(),
                problems.stream().limit(5).toList()).isEmpty();
        assertThat(counts.ofClass(5)).as("5xx").isZero();
    }

    private static void fuzzOne(HostileRequest request, ResponseCheck check, StatusCounts counts, List<String> problems) {
        APIGatewayV2HTTPEvent event = request.event();
        Map<String, String> headers = new LinkedHashMap<>(event.getHeaders() == null ? Map.of() : event.getHeaders());
        boolean hasAuthorization = headers.keySet().stream().anyMatch(h -> h.equalsIgnoreCase("authorization"));
        if (!hasAuthorization && request.index() % 3 != 2) {
            headers.put("authorization", "Bearer " + (request.index() % 3 == 0 ? adminToken : userToken));
        }
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : "GET";
        String target = encoded(event.getRawPath() == null || event.getRawPath().isEmpty() ? "/" : event.getRawPath())
                + (event.getRawQueryString() == null || event.getRawQueryString().isEmpty() ? ""
                : "?" + encoded(event.getRawQueryString()));
        RawHttp.Answer answer;
        try {
            answer = RawHttp.send(running.service.apiBase(), method == null || method.isEmpty() ? "GET" : method,
                    target, headers, body(event));
        } catch (Exception e) {
            synchronized (counts) {
                counts.add(request.kind(), 0);
            }
            problems.add(request.describe() + " -> no answer: " + e);
            return;
        }
        synchronized (counts) {
            counts.add(request.kind(), answer.status());
        }
        if (answer.status() == 0) {
            problems.add(request.describe() + " -> no HTTP answer");
            return;
        }
        APIGatewayV2HTTPResponse response = new APIGatewayV2HTTPResponse();
        response.setStatusCode(answer.status());
        response.setHeaders(answer.headers());
        response.setBody(answer.body());
        List<String> found = new ArrayList<>();
        if (method != null && method.equals("HEAD")) {
            // A HEAD answer has no body by definition (RFC 9110, 9.3.2): only its status can be judged.
            if (answer.status() >= 500) {
                found.add("answered " + answer.status());
            }
        } else {
            found.addAll(check.problems(request, response));
        }
        // The gateway, as API Gateway, matches ///login as /login.
        String route = target.replaceFirst("^/+", "/");
        boolean tokenRoute = route.startsWith("/login") || route.startsWith("/token/refresh");
        if (answer.status() < 400) {
            for (String secret : List.of(RunningService.PASSWORD, running.service.adminPassword())) {
                if (answer.body().contains(secret)) {
                    found.add("a password in a " + answer.status() + " body");
                }
            }
            if (!tokenRoute && answer.body().matches("(?s).*eyJ[\\w-]{8,}\\.eyJ.*")) {
                found.add("a token in a " + answer.status() + " body of a route that issues none");
            }
        }
        found.forEach(problem -> problems.add(request.describe() + " -> " + answer.status() + ": " + problem));
    }

    /** The body as the client would send it: a base64 event body decoded (when it decodes), else its UTF-8 bytes. */
    private static byte[] body(APIGatewayV2HTTPEvent event) {
        if (event.getBody() == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(event.getBody());
            } catch (IllegalArgumentException lying) {
                // the flag lies: over HTTP there is no flag, only the bytes
            }
        }
        return event.getBody().getBytes(StandardCharsets.UTF_8);
    }

    /** What an HTTP client puts on the request line: controls, spaces and non-ASCII percent-encoded, the rest raw. */
    private static String encoded(String raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : raw.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c > 0x20 && c < 0x7F) {
                out.write(c);
            } else {
                out.writeBytes(String.format(Locale.ROOT, "%%%02X", c).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }
}
