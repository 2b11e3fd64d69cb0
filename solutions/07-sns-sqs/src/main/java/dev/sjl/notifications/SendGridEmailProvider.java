package dev.sjl.notifications;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * E-mail through SendGrid's v3 API ({@code POST /v3/mail/send}, 202 when accepted). The request has a timeout well
 * below the function's, so a provider that hangs becomes a retryable failure of one message, not a timed-out batch.
 */
public final class SendGridEmailProvider implements NotificationProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI endpoint;
    private final String apiKey;
    private final String from;
    private final Duration timeout;

    /**
     * @param baseUrl {@code https://api.sendgrid.com} in production, the fake provider's endpoint in tests
     * @param apiKey  a secret: from Secrets Manager or SSM, never logged
     * @param from    the verified sender address
     */
    public SendGridEmailProvider(HttpClient http, URI baseUrl, String apiKey, String from, Duration timeout) {
        this.http = Objects.requireNonNull(http);
        this.endpoint = baseUrl.resolve("/v3/mail/send");
        this.apiKey = Objects.requireNonNull(apiKey);
        this.from = Objects.requireNonNull(from);
        this.timeout = Objects.requireNonNull(timeout);
    }

    @Override
    public String send(Notification notification) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("personalizations").addObject().putArray("to").addObject().put("email", notification.to());
        body.putObject("from").put("email", from);
        body.put("subject", notification.subject());
        body.putArray("content").addObject().put("type", "text/plain").put("value", notification.text());
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        HttpResponse<String> response = Http.send(http, request, "SendGrid");
        if (response.statusCode() != 202) {
            throw ProviderException.forStatus("SendGrid", response.statusCode());
        }
        return response.headers().firstValue("X-Message-Id").orElse("");
    }

    /** The one way both clients call out: a timeout or a dropped connection is retryable, never an unchecked surprise. */
    static final class Http {
        private Http() {
        }

        static HttpResponse<String> send(HttpClient http, HttpRequest request, String provider) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                throw new ProviderException(provider + " did not answer in time", true);
            } catch (IOException e) {
                throw new ProviderException(provider + " could not be reached: " + e.getClass().getSimpleName(), true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException(provider + " call interrupted", true);
            }
        }
    }
}
