package dev.sjl.notifications;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

/** SMS through Twilio's Messages resource ({@code POST /2010-04-01/Accounts/{sid}/Messages.json}, 201 when queued). */
public final class TwilioSmsProvider implements NotificationProvider {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI endpoint;
    private final String authorization;
    private final String from;
    private final Duration timeout;

    /**
     * @param baseUrl   {@code https://api.twilio.com} in production, the fake provider's endpoint in tests
     * @param authToken a secret: from Secrets Manager or SSM, never logged
     * @param from      the sending number (E.164)
     */
    public TwilioSmsProvider(HttpClient http, URI baseUrl, String accountSid, String authToken, String from, Duration timeout) {
        this.http = Objects.requireNonNull(http);
        this.endpoint = baseUrl.resolve("/2010-04-01/Accounts/" + URLEncoder.encode(accountSid, StandardCharsets.UTF_8) + "/Messages.json");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((accountSid + ":" + authToken).getBytes(StandardCharsets.UTF_8));
        this.from = Objects.requireNonNull(from);
        this.timeout = Objects.requireNonNull(timeout);
    }

    @Override
    public String send(Notification notification) {
        String form = "To=" + encode(notification.to()) + "&From=" + encode(from) + "&Body=" + encode(notification.text());
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> response = SendGridEmailProvider.Http.send(http, request, "Twilio");
        if (response.statusCode() != 201) {
            throw ProviderException.forStatus("Twilio", response.statusCode());
        }
        try {
            JsonNode resource = JSON.readTree(response.body());
            return resource.path("sid").asText("");
        } catch (IOException e) {
            // Twilio took the message (201): it will be sent, so this is a success whose id we could not read.
            return "";
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
