package dev.sjl.notifications;

/**
 * Something that delivers a {@link Notification}: SendGrid for e-mail, Twilio for SMS, or another vendor later. The
 * worker sees only this, so a provider can be swapped (or a second one added for failover) without touching it.
 */
public interface NotificationProvider {

    /**
     * Sends one notification.
     *
     * @return the provider's id for the message
     * @throws ProviderException when it was not accepted; {@link ProviderException#retryable()} says whether trying
     *                           again later can help
     */
    String send(Notification notification);
}
