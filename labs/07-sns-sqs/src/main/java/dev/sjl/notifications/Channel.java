package dev.sjl.notifications;

import java.util.Optional;

/** A way to reach a user: one queue, one worker and one provider each, so a slow SMS provider never delays e-mail. */
public enum Channel {
    EMAIL, SMS;

    /** The queue's base name, and the prefix of this channel's idempotency keys. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The welcome this channel sends for the event, or empty when the user cannot be reached on it. */
    public Optional<Notification> welcome(UserSignedUp event) {
        return switch (this) {
            case EMAIL -> Optional.of(new Notification(event.email(), "Welcome to Serverless Java Labs",
                    "Your account is ready. Sign in any time to get started."));
            case SMS -> event.phoneNumber().map(phone -> new Notification(phone, "",
                    "Welcome to Serverless Java Labs! Your account is ready."));
        };
    }
}
