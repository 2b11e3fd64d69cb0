package dev.sjl.notifications;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The event a sign-up announces, as it travels: published to SNS, delivered raw to each channel's queue, read by the
 * workers. It carries what a welcome needs and nothing more: no password hash, no token.
 *
 * @param eventId    the idempotency key: the same for every copy of this event, however many times it is published
 *                   or delivered (a redelivered SQS message, or a stream record published twice, keeps it)
 * @param eventType  {@link #SIGNED_UP}, or {@link #WELCOME_REQUESTED} for a welcome a user asked to get again
 * @param userId     the user's id
 * @param email      where the welcome e-mail goes
 * @param phone      where the welcome SMS goes, when the user gave a number (E.164, {@code +15551234567}); else null
 * @param occurredAt when the user signed up
 */
public record UserSignedUp(String eventId, String eventType, String userId, String email, String phone, Instant occurredAt) {

    public static final String SIGNED_UP = "UserSignedUp";
    public static final String WELCOME_REQUESTED = "WelcomeRequested";

    private static final ObjectMapper JSON = new ObjectMapper();

    public UserSignedUp {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventType, "eventType");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** The one {@code UserSignedUp} of this user: its id is derived from the user's, so any copy of it has the same. */
    public static UserSignedUp of(String userId, String email, String phone, Instant createdAt) {
        return new UserSignedUp(SIGNED_UP + ":" + userId, SIGNED_UP, userId, email, phone, createdAt);
    }

    public Optional<String> phoneNumber() {
        return Optional.ofNullable(phone).filter(p -> !p.isBlank());
    }

    public String toJson() {
        ObjectNode node = JSON.createObjectNode()
                .put("eventId", eventId).put("eventType", eventType).put("userId", userId).put("email", email)
                .put("occurredAt", occurredAt.toString());
        phoneNumber().ifPresent(p -> node.put("phone", p));
        return node.toString();
    }

    /**
     * Reads a message body.
     *
     * @throws IllegalArgumentException when the body is not such an event (a poison message: retrying never fixes it)
     */
    public static UserSignedUp fromJson(String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body == null ? "" : body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("the body is not a JSON object");
        }
        try {
            return new UserSignedUp(text(node, "eventId"), text(node, "eventType"), text(node, "userId"),
                    text(node, "email"), node.hasNonNull("phone") ? node.get("phone").asText() : null,
                    Instant.parse(text(node, "occurredAt")));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the body is not a UserSignedUp event: " + e.getMessage());
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        return value.asText();
    }

    /** An event prints its ids only: the e-mail and phone are personal data, and log lines are kept for months. */
    @Override
    public String toString() {
        return "UserSignedUp[eventId=" + eventId + ", userId=" + userId + "]";
    }
}
