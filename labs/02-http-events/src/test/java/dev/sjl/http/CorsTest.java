package dev.sjl.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sjl.http.Fixtures.attempt;
import static dev.sjl.http.Fixtures.event;
import static dev.sjl.http.Fixtures.fromOrigin;
import static dev.sjl.http.Fixtures.header;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Task 5: CORS")
class CorsTest {

    private static final String APP = "https://app.example.com";

    private static final CorsPolicy POLICY = new CorsPolicy(Set.of(APP, "https://admin.example.com"),
            List.of("GET", "POST"), List.of("content-type", "authorization"), Duration.ofMinutes(10));

    private static APIGatewayV2HTTPResponse preflight(APIGatewayV2HTTPEvent event) {
        return attempt("preflight(...) answers every preflight with a response, never an exception",
                () -> POLICY.preflight(new HttpRequest(event)));
    }

    private static APIGatewayV2HTTPResponse decorate(APIGatewayV2HTTPEvent event, APIGatewayV2HTTPResponse response) {
        return attempt("decorate(...) marks every response, never throws (copy its headers: they may be null or "
                + "unmodifiable)", () -> POLICY.decorate(new HttpRequest(event), response));
    }

    private static Map<String, String> corsHeaders(APIGatewayV2HTTPResponse response) {
        Map<String, String> headers = response.getHeaders() == null ? Map.of() : response.getHeaders();
        return headers.entrySet().stream()
                .filter(h -> h.getKey().toLowerCase().startsWith("access-control-"))
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    @Tag("task:5")
    @DisplayName("Answers a preflight from an allowed origin with 204 and the policy's origin, methods and headers")
    void preflightFromAllowedOrigin() {
        APIGatewayV2HTTPResponse response = preflight(event("preflight"));

        assertThat(response.getStatusCode()).as("a preflight has nothing to say in a body: 204").isEqualTo(204);
        assertThat(response.getBody()).as("204 means no body").isNull();
        assertThat(header(response, "Access-Control-Allow-Origin"))
                .as("echo the one allowed origin that asked, never '*' and never the whole list").isEqualTo(APP);
        assertThat(header(response, "Access-Control-Allow-Methods"))
                .as("the policy's methods, comma-separated").isNotNull()
                .satisfies(v -> assertThat(v.split(",\\s*")).containsExactly("GET", "POST"));
        assertThat(header(response, "Access-Control-Allow-Headers"))
                .as("the policy's headers, comma-separated").isNotNull()
                .satisfies(v -> assertThat(v.split(",\\s*")).containsExactly("content-type", "authorization"));
        assertThat(header(response, "Access-Control-Max-Age"))
                .as("how long the browser may cache this answer, in seconds (maxAge.toSeconds())").isEqualTo("600");
        assertThat(header(response, "Vary"))
                .as("the answer depends on Origin: tell caches with Vary: Origin").isEqualTo("Origin");
        assertThat(header(response, "Access-Control-Allow-Credentials"))
                .as("never Access-Control-Allow-Credentials: the API takes bearer tokens, not cookies, and the policy "
                        + "has no credentials setting").isNull();
    }

    @Test
    @Tag("task:5")
    @DisplayName("Reads the Origin header in any case")
    void originInAnyCase() {
        APIGatewayV2HTTPEvent event = event("preflight");
        event.getHeaders().remove("origin");
        event.getHeaders().put("Origin", APP);

        assertThat(header(preflight(event), "Access-Control-Allow-Origin"))
                .as("header names are case-insensitive: read Origin with request.header(\"Origin\"), which finds "
                        + "'Origin' as well as API Gateway's 'origin' (any case)").isEqualTo(APP);
        APIGatewayV2HTTPEvent get = event("get-user");
        get.getHeaders().put("ORIGIN", APP);
        assertThat(header(decorate(get, HttpResponses.json(200, Map.of())), "Access-Control-Allow-Origin"))
                .as("decorate reads Origin in any case too").isEqualTo(APP);
    }

    @Test
    @Tag("task:5")
    @DisplayName("Allows a preflight only for a requested method and headers the policy allows")
    void preflightChecksWhatIsRequested() {
        APIGatewayV2HTTPEvent delete = event("preflight");
        delete.getHeaders().put("access-control-request-method", "DELETE");
        assertThat(corsHeaders(preflight(delete)))
                .as("the requested method DELETE is not in the policy: answer the preflight without any "
                        + "Access-Control-* header, so the browser stops there").isEmpty();

        APIGatewayV2HTTPEvent custom = event("preflight");
        custom.getHeaders().put("access-control-request-headers", "content-type,x-debug");
        assertThat(corsHeaders(preflight(custom)))
                .as("the requested header x-debug is not in the policy: answer the preflight without any "
                        + "Access-Control-* header").isEmpty();

        APIGatewayV2HTTPEvent anyCase = event("preflight");
        anyCase.getHeaders().put("access-control-request-headers", "Content-Type, AUTHORIZATION");
        assertThat(header(preflight(anyCase), "Access-Control-Allow-Origin"))
                .as("requested header names are case-insensitive and may come with spaces: Content-Type is "
                        + "content-type").isEqualTo(APP);

        APIGatewayV2HTTPEvent none = event("preflight");
        none.getHeaders().remove("access-control-request-headers");
        assertThat(header(preflight(none), "Access-Control-Allow-Origin"))
                .as("a preflight that asks for no header at all is fine").isEqualTo(APP);
    }

    @Test
    @Tag("task:5")
    @DisplayName("Answers a preflight from an origin not allowed with 204 and no CORS headers")
    void preflightFromForeignOrigin() {
        APIGatewayV2HTTPEvent event = fromOrigin(event("preflight"), "https://evil.example.net");

        APIGatewayV2HTTPResponse response = preflight(event);

        assertThat(response.getStatusCode()).as("a preflight is answered 204, allowed or not").isEqualTo(204);
        assertThat(corsHeaders(response))
                .as("an origin not in the policy gets no Access-Control-* header at all (never reflect the Origin, "
                        + "never '*'): the browser then refuses the real request itself")
                .isEmpty();
        assertThat(header(response, "Vary"))
                .as("Vary: Origin on every answer, the refusals too: a cache must not serve one origin's answer "
                        + "to another").isEqualTo("Origin");
        assertThat(corsHeaders(preflight(fromOrigin(event("preflight"), "https://app.example.com.evil.example.net"))))
                .as("compare whole origins, not prefixes").isEmpty();
        assertThat(corsHeaders(preflight(fromOrigin(event("preflight"), "null"))))
                .as("the origin 'null' (sandboxed frames, files) is not in the policy").isEmpty();
    }

    @Test
    @Tag("task:5")
    @DisplayName("Adds Access-Control-Allow-Origin to an allowed origin's responses, errors included")
    void decoratesResponsesForAllowedOrigins() {
        HttpRequest request = new HttpRequest(fromOrigin(event("create-user"), APP));
        APIGatewayV2HTTPResponse error = HttpResponses.error(400, "invalid_json", "Bad JSON.", request.requestId());

        APIGatewayV2HTTPResponse response = attempt("decorate(...) marks an allowed origin's response",
                () -> POLICY.decorate(request, error));

        assertThat(header(response, "Access-Control-Allow-Origin"))
                .as("without it the browser hides the 400 from the script, which then only sees a 'CORS error'")
                .isEqualTo(APP);
        assertThat(header(response, "Vary")).as("Vary: Origin, as for the preflight").isEqualTo("Origin");
        assertThat(header(response, "Content-Type")).as("keep the headers the response already had")
                .startsWith("application/json");
        assertThat(response.getStatusCode()).as("keep the status").isEqualTo(400);
        assertThat(response.getBody()).as("keep the body").contains("invalid_json");
        assertThat(header(response, "Access-Control-Allow-Methods"))
                .as("methods and headers belong to the preflight only").isNull();
        assertThat(header(response, "Access-Control-Allow-Credentials"))
                .as("never Access-Control-Allow-Credentials: the API takes bearer tokens, not cookies").isNull();
    }

    @Test
    @Tag("task:5")
    @DisplayName("Marks a response whose headers are missing or unmodifiable")
    void decoratesAnyResponse() {
        APIGatewayV2HTTPEvent event = fromOrigin(event("get-user"), APP);

        APIGatewayV2HTTPResponse noHeaders = APIGatewayV2HTTPResponse.builder().withStatusCode(204).build();
        assertThat(header(decorate(event, noHeaders), "Access-Control-Allow-Origin"))
                .as("a response may have no headers map at all (null): copy into a new map").isEqualTo(APP);

        APIGatewayV2HTTPResponse fixed = APIGatewayV2HTTPResponse.builder().withStatusCode(200)
                .withHeaders(Map.of("Content-Type", "application/json")).withBody("{}").build();
        APIGatewayV2HTTPResponse marked = decorate(event, fixed);
        assertThat(header(marked, "Access-Control-Allow-Origin"))
                .as("a response's headers may be unmodifiable (Map.of): copy them into a new map, then add yours")
                .isEqualTo(APP);
        assertThat(header(marked, "Content-Type")).as("and keep the headers it had").isEqualTo("application/json");
    }

    @Test
    @Tag("task:5")
    @DisplayName("Adds no CORS header to the responses of an origin not allowed")
    void leavesForeignOriginsAlone() {
        HttpRequest request = new HttpRequest(fromOrigin(event("get-user"), "https://evil.example.net"));

        APIGatewayV2HTTPResponse response = attempt("decorate(...) marks a foreign origin's response",
                () -> POLICY.decorate(request, HttpResponses.json(200, Map.of("id", "u-42"))));

        assertThat(corsHeaders(response))
                .as("an origin not in the policy gets no Access-Control-* header (never reflect the Origin)").isEmpty();
        assertThat(header(response, "Vary"))
                .as("Vary: Origin on every response to a browser, the foreign origins' too: a cache must not serve "
                        + "this answer to an allowed origin").isEqualTo("Origin");
        assertThat(header(response, "Content-Type")).as("keep the headers the response already had")
                .startsWith("application/json");
    }

    @Test
    @Tag("task:5")
    @DisplayName("Answers preflights in the router before any route runs")
    void routerAnswersPreflights() {
        AtomicInteger calls = new AtomicInteger();
        Router router = new Router(POLICY).route("POST", "/users", request -> {
            calls.incrementAndGet();
            return HttpResponses.json(201, Map.of());
        });

        APIGatewayV2HTTPResponse response = attempt("the router answers a preflight",
                () -> router.handle(event("preflight")));

        assertThat(response.getStatusCode()).as("the router answers a preflight with preflight(...): 204").isEqualTo(204);
        assertThat(header(response, "Access-Control-Allow-Origin")).as("an allowed origin's preflight").isEqualTo(APP);
        assertThat(calls).as("a preflight is not the request: the route must not run").hasValue(0);
    }

    @Test
    @Tag("task:5")
    @DisplayName("Allows no origin at all with CorsPolicy.none()")
    void noneAllowsNothing() {
        APIGatewayV2HTTPResponse response = attempt("the router answers a preflight",
                () -> new Router().handle(event("preflight")));

        assertThat(response.getStatusCode()).as("a preflight is answered 204, allowed or not").isEqualTo(204);
        assertThat(corsHeaders(response)).as("new Router() uses CorsPolicy.none(): no origin is allowed").isEmpty();
    }
}
