package dev.sjl.notifications;

/** A provider did not accept a notification. Its message names the provider and the status, never the recipient. */
public final class ProviderException extends RuntimeException {

    private final boolean retryable;

    public ProviderException(String message, boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    /**
     * True for an outage, a throttle or a timeout (the same request may succeed later); false for a refusal that no
     * retry changes (a bad address, a wrong API key): a poison message.
     */
    public boolean retryable() {
        return retryable;
    }

    /**
     * How a provider's HTTP status reads: 408, 429 and 5xx can pass; any other 4xx will not. A 429's
     * {@code Retry-After} is left to the queue: the message comes back after its visibility timeout.
     */
    static ProviderException forStatus(String provider, int status) {
        boolean retryable = status == 408 || status == 429 || status >= 500;
        return new ProviderException(provider + " answered " + status, retryable);
    }
}
