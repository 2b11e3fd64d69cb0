package dev.sjl.localcloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a test can ask the local user pools that AWS would only tell a user's inbox: the confirmation code a user was
 * sent, every message a pool sent. Also the levers a test needs for time and keys: move a pool's token clock forward
 * (to see tokens expire without waiting an hour) and rotate its signing key. The same calls answer over HTTP on the
 * Cognito endpoint, for {@code kit cloud}:
 * {@code GET /_localcloud/cognito/{poolId}/users/{username}/confirmation-code},
 * {@code GET /_localcloud/cognito/{poolId}/messages},
 * {@code POST /_localcloud/cognito/{poolId}/clock/advance/{seconds}},
 * {@code POST /_localcloud/cognito/{poolId}/keys/rotate}.
 */
public final class CognitoUserPools {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A message a pool sent: the code, why it was sent ({@code SignUp}, {@code ResendCode}, {@code ForgotPassword}) and where to. */
    public record Message(String username, String source, String code, String deliveryMedium, String destination) {
    }

    private final Supplier<URI> endpoint;

    CognitoUserPools(Supplier<URI> endpoint) {
        this.endpoint = endpoint;
    }

    /** The latest code sent to {@code username} of {@code poolId} (sign-up, resend or forgotten password). */
    public String confirmationCode(String poolId, String username) {
        JsonNode body = call("GET", poolId, "/users/" + encode(Objects.requireNonNull(username, "username")) + "/confirmation-code");
        return body.path("code").asText();
    }

    /** Every message {@code poolId} sent, oldest first. */
    public List<Message> messages(String poolId) {
        List<Message> messages = new ArrayList<>();
        for (JsonNode m : call("GET", poolId, "/messages").path("messages")) {
            messages.add(new Message(m.path("username").asText(), m.path("source").asText(), m.path("code").asText(),
                    m.path("deliveryMedium").asText(null), m.path("destination").asText(null)));
        }
        return messages;
    }

    /**
     * Moves {@code poolId}'s clock forward for the tokens it issues and checks: its tokens expire as if {@code by} had
     * passed. Other pools are not affected, so tests with pools of their own stay independent.
     */
    public void advanceClock(String poolId, Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("The clock only moves forward: " + by);
        }
        call("POST", poolId, "/clock/advance/" + by.toSeconds());
    }

    /** Adds a new signing key to {@code poolId}'s JWKS and signs new tokens with it; returns its {@code kid}. */
    public String rotateSigningKey(String poolId) {
        return call("POST", poolId, "/keys/rotate").path("kid").asText();
    }

    private JsonNode call(String method, String poolId, String path) {
        URI uri = URI.create(endpoint.get() + "/_localcloud/cognito/" + encode(Objects.requireNonNull(poolId, "poolId")) + path);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(body.path("message").asText("Cognito answered " + response.statusCode()));
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot reach the local Cognito at " + uri, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling the local Cognito", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
