package dev.sjl.notifications;

import java.time.Duration;
import java.util.Optional;

/** A provider did not accept a notification. Its message names the provider and the status, never the recipient. */
public final class ProviderException extends RuntimeException {

    private final boolean retryable;
    private final Duration retryAfter;

    public ProviderException(String message, boolean retryable, Duration retryAfter) {
        super(message);
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /**
     * True for an outage, a throttle or a timeout (the same request may succeed later); false for a refusal that no
     * retry changes (a bad address, a wrong API key): a poison message.
     */
    public boolean retryable() {
        return retryable;
    }

    /** The provider's {@code Retry-After}, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** How a provider's HTTP status reads: 408, 429 and 5xx can pass; any other 4xx will not. */
    static ProviderException forStatus(String provider, int status, Optional<String> retryAfterHeader) {
        boolean retryable = status == 408 || status == 429 || status >= 500;
        Duration after = retryAfterHeader.flatMap(ProviderException::seconds).orElse(null);
        return new ProviderException(provider + " answered " + status, retryable, after);
    }

    private static Optional<Duration> seconds(String header) {
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException e) {
            // An HTTP date is allowed too; the queue's visibility timeout is the back-off then.
            return Optional.empty();
        }
    }
}
