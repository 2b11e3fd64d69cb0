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

import static dev.sjl.http.Fixtures.event;
import static dev.sjl.http.Fixtures.fromOrigin;
import static dev.sjl.http.Fixtures.header;
import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Task 5: CORS")
class CorsTest {

    private static final String APP = "https://app.example.com";

    private static final CorsPolicy POLICY = new CorsPolicy(Set.of(APP, "https://admin.example.com"),
            List.of("GET", "POST"), List.of("content-type", "authorization"), Duration.ofMinutes(10));

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
        APIGatewayV2HTTPResponse response = POLICY.preflight(new HttpRequest(event("preflight")));

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
                .as("how long the browser may cache this answer, in seconds").isEqualTo("600");
        assertThat(header(response, "Vary"))
                .as("the answer depends on Origin: tell caches with Vary: Origin").isEqualTo("Origin");
    }

    @Test
    @Tag("task:5")
    @DisplayName("Answers a preflight from an origin not allowed with 204 and no CORS headers")
    void preflightFromForeignOrigin() {
        APIGatewayV2HTTPEvent event = fromOrigin(event("preflight"), "https://evil.example.net");

        APIGatewayV2HTTPResponse response = POLICY.preflight(new HttpRequest(event));

        assertThat(response.getStatusCode()).isEqualTo(204);
        assertThat(corsHeaders(response))
                .as("no Access-Control-* header at all: the browser then refuses the real request itself")
                .isEmpty();
        assertThat(corsHeaders(POLICY.preflight(new HttpRequest(fromOrigin(event("preflight"),
                "https://app.example.com.evil.example.net")))))
                .as("compare whole origins, not prefixes").isEmpty();
    }

    @Test
    @Tag("task:5")
    @DisplayName("Adds Access-Control-Allow-Origin to an allowed origin's responses, errors included")
    void decoratesResponsesForAllowedOrigins() {
        HttpRequest request = new HttpRequest(fromOrigin(event("create-user"), APP));
        APIGatewayV2HTTPResponse error = HttpResponses.error(400, "invalid_json", "Bad JSON.", request.requestId());

        APIGatewayV2HTTPResponse response = POLICY.decorate(request, error);

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
    }

    @Test
    @Tag("task:5")
    @DisplayName("Adds no CORS header to the responses of an origin not allowed")
    void leavesForeignOriginsAlone() {
        HttpRequest request = new HttpRequest(fromOrigin(event("get-user"), "https://evil.example.net"));

        APIGatewayV2HTTPResponse response = POLICY.decorate(request, HttpResponses.json(200, Map.of("id", "u-42")));

        assertThat(corsHeaders(response)).as("an origin not in the policy gets no Access-Control-* header").isEmpty();
        assertThat(header(response, "Content-Type")).startsWith("application/json");
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

        APIGatewayV2HTTPResponse response = router.handle(event("preflight"));

        assertThat(response.getStatusCode()).isEqualTo(204);
        assertThat(header(response, "Access-Control-Allow-Origin")).isEqualTo(APP);
        assertThat(calls).as("a preflight is not the request: the route must not run").hasValue(0);
    }

    @Test
    @Tag("task:5")
    @DisplayName("Allows no origin at all with CorsPolicy.none()")
    void noneAllowsNothing() {
        APIGatewayV2HTTPResponse response = new Router().handle(event("preflight"));

        assertThat(response.getStatusCode()).isEqualTo(204);
        assertThat(corsHeaders(response)).as("new Router() uses CorsPolicy.none(): no origin is allowed").isEmpty();
    }
}
