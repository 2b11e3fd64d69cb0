package dev.sjl.localcloud.providers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class FakeProvidersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final FakeProviders providers = FakeProviders.start();

    @AfterEach
    void stop() {
        providers.close();
    }

    private HttpResponse<String> mail(String apiKey, String to) throws Exception {
        String body = "{\"personalizations\":[{\"to\":[{\"email\":\"" + to + "\"}]}],\"from\":{\"email\":\"hello@sjl.dev\"},"
                + "\"subject\":\"Welcome\",\"content\":[{\"type\":\"text/plain\",\"value\":\"Hi there\"}]}";
        return http.send(HttpRequest.newBuilder(providers.endpoint().resolve("/v3/mail/send"))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> text(String to, String token) throws Exception {
        String form = "To=" + URLEncoder.encode(to, StandardCharsets.UTF_8) + "&From=%2B15005550006&Body=Welcome";
        String basic = Base64.getEncoder().encodeToString((providers.twilioAccountSid() + ":" + token).getBytes(StandardCharsets.UTF_8));
        return http.send(HttpRequest.newBuilder(providers.endpoint().resolve("/2010-04-01/Accounts/" + providers.twilioAccountSid() + "/Messages.json"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @DisplayName("Accepts a SendGrid v3 mail/send with 202 and an X-Message-Id, and puts it in the inbox")
    void sendGridAccepts() throws Exception {
        HttpResponse<String> response = mail(providers.sendGridApiKey(), "ada@example.com");

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("X-Message-Id")).isPresent();
        assertThat(providers.email().inbox()).singleElement().satisfies(d -> {
            assertThat(d.to()).isEqualTo("ada@example.com");
            assertThat(d.subject()).isEqualTo("Welcome");
            assertThat(d.body()).isEqualTo("Hi there");
            assertThat(d.id()).isEqualTo(response.headers().firstValue("X-Message-Id").orElseThrow());
        });
    }

    @Test
    @DisplayName("Refuses a wrong API key with 401 and a missing field with SendGrid's 400 error shape")
    void sendGridRefuses() throws Exception {
        assertThat(mail("SG.wrong", "ada@example.com").statusCode()).isEqualTo(401);
        HttpResponse<String> missing = http.send(HttpRequest.newBuilder(providers.endpoint().resolve("/v3/mail/send"))
                .header("Authorization", "Bearer " + providers.sendGridApiKey())
                .POST(HttpRequest.BodyPublishers.ofString("{\"from\":{\"email\":\"a@b.c\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missing.body()).path("errors").path(0).path("field").asText()).isEqualTo("personalizations.0.to");
        assertThat(providers.email().inbox()).isEmpty();
    }

    @Test
    @DisplayName("Accepts a Twilio Messages.json form with Basic auth: 201 with a queued SM… resource")
    void twilioAccepts() throws Exception {
        HttpResponse<String> response = text("+15551230001", providers.twilioAuthToken());

        assertThat(response.statusCode()).isEqualTo(201);
        JsonNode resource = JSON.readTree(response.body());
        assertThat(resource.path("sid").asText()).startsWith("SM");
        assertThat(resource.path("status").asText()).isEqualTo("queued");
        assertThat(providers.sms().inbox()).singleElement().satisfies(d -> {
            assertThat(d.to()).isEqualTo("+15551230001");
            assertThat(d.body()).isEqualTo("Welcome");
        });
        assertThat(text("+15551230001", "wrong-token").statusCode()).isEqualTo(401);
    }

    @Test
    @DisplayName("Fails with 503 while failing, throttles with 429 and Retry-After, and delivers again after recover")
    void failThrottleRecover() throws Exception {
        providers.email().fail();
        assertThat(mail(providers.sendGridApiKey(), "ada@example.com").statusCode()).isEqualTo(503);
        providers.email().throttle(Duration.ofSeconds(7));
        HttpResponse<String> throttled = mail(providers.sendGridApiKey(), "ada@example.com");
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).contains("7");
        providers.email().recover();
        assertThat(mail(providers.sendGridApiKey(), "ada@example.com").statusCode()).isEqualTo(202);

        assertThat(providers.email().attempts()).as("every request counts as an attempt").isEqualTo(3);
        assertThat(providers.email().inbox()).as("only the accepted one is delivered").hasSize(1);
        assertThat(providers.sms().attempts()).as("the two providers are separate").isZero();
    }

    @Test
    @DisplayName("Fails only the next N requests when told failNext, and refuses a rejected recipient for good with 400")
    void failNextAndReject() throws Exception {
        providers.sms().failNext(2);
        providers.sms().reject("+15550000000");
        assertThat(text("+15551230001", providers.twilioAuthToken()).statusCode()).isEqualTo(503);
        assertThat(text("+15551230001", providers.twilioAuthToken()).statusCode()).isEqualTo(503);
        assertThat(text("+15551230001", providers.twilioAuthToken()).statusCode()).isEqualTo(201);
        HttpResponse<String> rejected = text("+15550000000", providers.twilioAuthToken());
        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(rejected.body()).path("code").asInt()).isEqualTo(21211);
        assertThat(providers.sms().inbox()).extracting(Delivery::to).containsExactly("+15551230001");
    }

    @Test
    @DisplayName("Holds a request while hanging, so a client's timeout fires; other requests are still served after recover")
    void hangs() throws Exception {
        providers.email().hang();
        HttpRequest request = HttpRequest.newBuilder(providers.endpoint().resolve("/v3/mail/send"))
                .header("Authorization", "Bearer " + providers.sendGridApiKey()).timeout(Duration.ofMillis(300))
                .POST(HttpRequest.BodyPublishers.ofString("{\"personalizations\":[{\"to\":[{\"email\":\"ada@example.com\"}]}],"
                        + "\"from\":{\"email\":\"a@b.c\"},\"subject\":\"s\",\"content\":[{\"value\":\"v\"}]}")).build();
        CompletableFuture<HttpResponse<String>> hanging = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());

        Throwable outcome = hanging.handle((r, e) -> e).get();
        // A timeout somewhere in the chain: the timeout's own causes vary with a race in the JDK's client (none, or the
        // connection its timer closed while the headers were being read, "connection closed locally").
        assertThat(Stream.iterate(outcome, Objects::nonNull, Throwable::getCause).toList())
                .as("the client gave up: the provider never answered").hasAtLeastOneElementOfType(HttpTimeoutException.class);
        providers.email().recover();
        assertThat(mail(providers.sendGridApiKey(), "ada@example.com").statusCode()).isEqualTo(202);
        assertThat(providers.email().inbox()).as("the hung request delivered nothing").hasSize(1);
    }

    @Test
    @DisplayName("Lists the inbox, switches the mode and resets over HTTP")
    void overHttp() throws Exception {
        mail(providers.sendGridApiKey(), "ada@example.com");
        URI base = providers.endpoint();
        JsonNode inbox = JSON.readTree(http.send(HttpRequest.newBuilder(base.resolve("/_providers/email/inbox")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertThat(inbox.path("messages").path(0).path("to").asText()).isEqualTo("ada@example.com");
        assertThat(inbox.path("attempts").asInt()).isEqualTo(1);

        int put = http.send(HttpRequest.newBuilder(base.resolve("/_providers/email/mode"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"mode\":\"throttle\",\"retryAfterSeconds\":3}")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        assertThat(put).isEqualTo(204);
        assertThat(providers.email().mode()).isEqualTo(Provider.Mode.THROTTLE);
        int bad = http.send(HttpRequest.newBuilder(base.resolve("/_providers/email/mode"))
                .PUT(HttpRequest.BodyPublishers.ofString("{\"mode\":\"explode\"}")).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        assertThat(bad).isEqualTo(400);

        int reset = http.send(HttpRequest.newBuilder(base.resolve("/_providers/reset")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        assertThat(reset).isEqualTo(204);
        assertThat(providers.email().inbox()).isEmpty();
        assertThat(providers.email().mode()).isEqualTo(Provider.Mode.OK);
        assertThat(http.send(HttpRequest.newBuilder(base.resolve("/nope")).build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(404);
    }
}
